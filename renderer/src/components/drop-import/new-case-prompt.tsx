import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';

export type NewCasePromptProps = { count: number; busy: boolean; error: string | null; onCreate: (title: string) => void; onCancel: () => void };

/** Shown when files are dropped with no case open: create one, then import into it. */
export function NewCasePrompt({ count, busy, error, onCreate, onCancel }: NewCasePromptProps) {
  const { t } = useI18n();
  const [title, setTitle] = useState(() => t('drop.default_title'));
  return (
    <div className="zm-drop-backdrop">
      <form
        role="dialog"
        aria-modal="true"
        aria-label={count > 0 ? t('drop.no_case_title') : t('drop.new_case_title')}
        className="zm-drop-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (title.trim()) onCreate(title.trim());
        }}
      >
        <h2>{count > 0 ? t('drop.no_case_title') : t('drop.new_case_title')}</h2>
        {count > 0 ? <p>{t('drop.no_case_body', { count })}</p> : null}
        <label>
          {t('drop.case_title')}
          <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} autoFocus required />
        </label>
        {error ? <p role="alert" className="zm-drop-error">{error}</p> : null}
        <div className="zm-drop-actions">
          <button type="button" onClick={onCancel} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" disabled={busy || !title.trim()}>{count > 0 ? t('drop.create') : t('drop.create_only')}</button>
        </div>
      </form>
    </div>
  );
}
