import { useLayoutEffect, useRef, useState } from 'react';
import type { ReviewStatus } from '../../../shared/contract/flags';
import { useI18n } from '../i18n/i18n';

/** Asks why a flag is dismissed; the reason is required and goes into the audit log. */
export function DismissDialog({ subject, onSave, onCancel }: { subject: string; onSave: (reason: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  // Focused before the dialog is painted: a key pressed once it shows goes to it, never to the row behind.
  useLayoutEffect(() => input.current?.focus(), []);
  const save = () => {
    setTried(true);
    if (reason.trim()) onSave(reason.trim());
    // With no reason the analyst goes on typing it: the focus stays in the field, not on the button.
    else input.current?.focus();
  };
  return (
    // Keys stop here: the screen's own keys (verdicts, j/k, Esc back to the queue) must not act behind the dialog.
    <div className="modal-backdrop" onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape') onCancel(); }}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={t('verdict.dismiss')}>
        <h2>{t('verdict.dismiss')}: {subject}</h2>
        <label>
          {t('verdict.reason')}
          <textarea ref={input} aria-label={t('verdict.reason')} value={reason} rows={3}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save(); }} />
        </label>
        <p className="muted small">{t('verdict.dialog_keys')}</p>
        {tried && !reason.trim() && <p className="field-error" role="alert">{t('verdict.reason_required')}</p>}
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
          <button type="button" className="primary" onClick={save} aria-label={t('verdict.dismiss')}>{t('verdict.dismiss')}</button>
        </div>
      </div>
    </div>
  );
}

/** Asks before one verdict goes to several flags: Enter or Ctrl+Enter gives it, Esc goes back to the row. */
export function ConfirmManyDialog({ count, status, onConfirm, onCancel }: { count: number; status: ReviewStatus; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const yes = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => yes.current?.focus(), []);
  const label = t('verdict.confirm_many', { count, status: t(`status.${status}`) });
  return (
    <div className="modal-backdrop" onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape') onCancel(); }}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={label}>
        <h2>{label}</h2>
        <p className="muted small">{t('verdict.confirm_many_hint')}</p>
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
          <button ref={yes} type="button" className="primary" onClick={onConfirm}>{t('verdict.give', { status: t(`status.${status}`) })}</button>
        </div>
      </div>
    </div>
  );
}
