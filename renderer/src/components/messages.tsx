import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** Says what went wrong and what to do next; the message comes from the backend as text. */
export function ErrorBox({ code, message, onRetry }: { code: string; message: string; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="error-box" role="alert">
      <strong>{t('error.title')}</strong>
      <p>{code === 'case_not_open' ? t('error.case_not_open') : message}</p>
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
