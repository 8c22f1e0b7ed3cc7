import type { RunFreshness } from '../../../../shared/contract/rules-run';
import { staleRunMessage, staleVehicleMessage } from '../../../../shared/run-freshness';
import { esc } from '../markup';
import type { PrintText } from './print-text';

/**
 * The warning that records changed after the latest rule run, on paper in the words the screens
 * use (shared/run-freshness.ts), the run's start written as the page writes times (UTC): a sheet or
 * report printed before the rules were run again says that its flags may not cover every record.
 * Empty when the run still describes the case. Not part of a sheet's facts digest, which covers the
 * facts shown, not what the case held beside them when printed (as the printed time and audit head).
 */
export function staleBlock(freshness: RunFreshness | null | undefined, text: PrintText): string {
  if (!freshness?.run) return '';
  const when = text.t('print.utc', { time: freshness.run.started.replace('T', ' ').slice(0, 16) });
  const run = staleRunMessage(freshness, when);
  if (!run) return '';
  const vehicle = staleVehicleMessage(freshness, when);
  return `<p class="stale-run">${vehicle ? `<b>${esc(text.msg(vehicle, ''))}</b><br>` : ''}${esc(text.msg(run, ''))}</p>`;
}
