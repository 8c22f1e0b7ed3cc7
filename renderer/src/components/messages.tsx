import type { ReactNode } from 'react';
import type { Message } from '../../../shared/i18n/message';
import { failureKind } from '../lib/failure-text';
import { useI18n } from '../i18n/i18n';


/** Says what went wrong and what to do next. */
/**
 * A failed call. Its message in the reader's language when the backend gave it as a key
 * (`msg`); otherwise what kind of failure it was in that language, and in Chinese the backend's
 * English detail under it, marked as English.
 */
export function ErrorBox({ code, message, msg: keyed, onRetry }: { code: string; message: string; msg?: Message; onRetry?: () => void }) {
  const { t, msg, lang } = useI18n();
  const kind = failureKind(t, code);
  return (
    <div className="error-box" role="alert">
      <strong>{t('error.title')}</strong>
      {code === 'case_not_open' ? <p>{t('error.case_not_open')}</p>
        : keyed ? <p>{msg(keyed, message)}</p>
        : lang === 'en' ? <p>{message}</p>
        : <><p>{kind}</p><p className="muted small" lang="en">{t('error.detail_en')} {message}</p></>}
      <p className="muted">{t('error.what_to_do')}</p>
      {onRetry && <button type="button" onClick={onRetry} aria-label={t('common.retry')}>{t('common.retry')}</button>}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty-state" role="status">{children}</div>;
}

export function Loading() {
  const { t } = useI18n();
  return <div className="loading" role="status" aria-busy="true"><span className="spinner" />{t('common.loading')}</div>;
}
