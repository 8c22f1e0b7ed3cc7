import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { setSessionAnalyst, useSessionAnalyst } from '../lib/session-analyst';

/** The top bar's "Analyst: name": who this window's verdicts, notes and tags are recorded as. */
export function AnalystControl({ caseAnalyst }: { caseAnalyst: string | null }) {
  const { t } = useI18n();
  const name = useSessionAnalyst();
  const [draft, setDraft] = useState<string | null>(null);
  if (draft !== null) {
    return (
      <form className="analyst-control" onSubmit={(e) => { e.preventDefault(); setSessionAnalyst(draft); setDraft(null); }}>
        <input aria-label={t('session.analyst')} value={draft} size={14} autoFocus maxLength={100} placeholder={caseAnalyst ?? ''}
          onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setDraft(null); } }} />
        <button type="submit">{t('common.save')}</button>
      </form>
    );
  }
  const shown = name || caseAnalyst;
  return (
    <button type="button" className="link analyst-control" title={t('session.analyst_hint')} onClick={() => setDraft(name)}>
      {t('session.analyst')}: {shown ?? t('session.analyst_unset')}
    </button>
  );
}
