import { useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { errorOf } from '../lib/use-invoke';

/**
 * The run's charts could not be summed (its summary thread failed): says so, with the backend's
 * reason (English, marked so in Chinese), and offers to sum them again (`overview:summarize`);
 * the overview then shows them as pending and asks again until they are there.
 */
export function ChartsFailed({ reason, onRetried }: { reason: string; onRetried: () => void }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);
  const retry = () => {
    setBusy(true);
    setRetryError(null);
    api.invoke('overview:summarize', {}).then(
      () => { setBusy(false); onRetried(); },
      (error: unknown) => { setBusy(false); setRetryError(errorOf(error).message); },
    );
  };
  return (
    <div className="error-box charts-failed" role="alert">
      <p>{t('overview.charts_failed')}</p>
      <p className="muted small" lang="en">{lang === 'en' ? reason : `${t('error.detail_en')} ${reason}`}</p>
      {retryError !== null && <p className="muted small" lang="en">{retryError}</p>}
      <button type="button" onClick={retry} disabled={busy}>{t('overview.charts_retry')}</button>
    </div>
  );
}
