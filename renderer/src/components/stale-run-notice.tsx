import { useEffect, useState } from 'react';
import { staleRunMessage, staleVehicleMessage } from '../../../shared/run-freshness';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../lib/route';
import { useInvoke } from '../lib/use-invoke';

/**
 * Says that records (or rule packs) changed after the latest rule run, so the flags on this screen
 * may be out of date, with a button that opens the run's form on Rule runs (Start takes the focus:
 * Enter runs). Never starts a run itself: at a million vehicles a run takes 25 s and the analyst
 * decides. With a VIN it also names the files whose records of that vehicle came after the run.
 * Asks again whenever the case's records, flags or packs change.
 */
export function StaleRunNotice({ vin }: { vin?: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [changes, setChanges] = useState(0);
  useEffect(() => api.onEvent((e) => {
    if (e.type === 'case-changed' && (e.what === 'records' || e.what === 'flags' || e.what === 'packs')) setChanges((n) => n + 1);
  }), []);
  const [freshness] = useInvoke('rules:freshness', vin === undefined ? {} : { vin }, changes);
  if (freshness.state !== 'ready' || !freshness.value.run) return null;
  const when = i18n.dateTime(freshness.value.run.started);
  const vehicle = staleVehicleMessage(freshness.value, when);
  const run = staleRunMessage(freshness.value, when);
  if (!run) return null;
  return (
    <div className="notice notice-warn stale-run" role="status" aria-label={t('stale.label')}>
      {vehicle && <p><strong>{i18n.msg(vehicle)}</strong></p>}
      <p>
        {i18n.msg(run)}{' '}
        <button type="button" onClick={() => navigate({ screen: 'runs', start: true })}>{t('stale.run_again')}</button>
      </p>
    </div>
  );
}
