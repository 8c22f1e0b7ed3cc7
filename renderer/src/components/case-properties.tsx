import { useEffect, useRef, useState } from 'react';
import { CASE_PROPERTIES, type CaseProperties, type CaseProperty, type CaseSummary } from '../../../shared/contract/case';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { errorOf } from '../lib/use-invoke';

const LABELS: Record<CaseProperty, MessageKey> = {
  title: 'case.title', case_number: 'case.case_number', subject: 'case.subject', analyst: 'case.analyst',
  organisation: 'case.organisation', classification: 'case.classification',
};

/** The case's identity, printed on every page of evidence and reports; saved in one audited change. */
export function CasePropertiesDialog({ summary, onClose }: { summary: CaseSummary; onClose: () => void }) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<CaseProperty, string>>(() => Object.fromEntries(CASE_PROPERTIES.map((k) => [k, summary[k] ?? ''])) as Record<CaseProperty, string>);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const before = document.activeElement;
    first.current?.focus();
    return () => { if (before instanceof HTMLElement) before.focus(); };
  }, []);
  const save = () => {
    const changed: CaseProperties = {};
    for (const key of CASE_PROPERTIES) if (values[key].trim() !== (summary[key] ?? '')) changed[key] = values[key].trim();
    if (Object.keys(changed).length === 0) { onClose(); return; }
    api.invoke('case:update-meta', changed).then(onClose, (e: unknown) => setError(errorOf(e).message));
  };
  return (
    <div className="modal-backdrop" onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape') onClose(); }}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={t('case.properties')}>
        <h2>{t('case.properties')}</h2>
        <p className="muted small">{t('case.properties_hint')}</p>
        <form className="case-form" onSubmit={(e) => { e.preventDefault(); save(); }}>
          {CASE_PROPERTIES.map((key, i) => (
            <label key={key}>{t(LABELS[key])}
              <input ref={i === 0 ? first : undefined} aria-label={t(LABELS[key])} value={values[key]} required={key === 'title'}
                onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))} />
            </label>
          ))}
          {error && <p className="field-error" role="alert">{error}</p>}
          <div className="modal-actions">
            <button type="button" onClick={onClose}>{t('common.cancel')}</button>
            <button type="submit" className="primary">{t('common.save')}</button>
          </div>
        </form>
      </div>
    </div>
  );
}
