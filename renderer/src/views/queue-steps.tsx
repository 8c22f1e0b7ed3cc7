import { useEffect, useMemo, useRef } from 'react';
import type { FlagRow, ReviewStatus } from '../../../shared/contract/flags';
import { verdictOfKey } from '../components/use-verdict';
import { typingOrDialog } from '../lib/shortcut-target';
import { useI18n } from '../i18n/i18n';
import { rememberQueue } from '../lib/queue-memory';
import { navigate, replaceRoute, type QueuePlace } from '../lib/route';
import { useInvoke } from '../lib/use-invoke';
import { filterFromQuery } from './flag-queue';

type Neighbour = { flag: FlagRow; at: number } | null;
export type QueueSteps = { current: FlagRow | null; previous: Neighbour; next: Neighbour; count: number | null; reload(): void };

/**
 * The flags around a vehicle opened from the queue, read from the same filtered, sorted queue:
 * the one that brought the analyst here and its neighbours. After a verdict the flag can leave
 * the filter (an `open` queue): the next flag then sits at the same place.
 */
export function useQueueSteps(place: QueuePlace | undefined): QueueSteps {
  // A window around the place: the flag is found by its id even if earlier flags left the filter.
  const from = place ? Math.max(0, place.at - WINDOW) : 0;
  const args = useMemo(() => (place
    ? { start: from, end: place.at + WINDOW + 1, sort: place.sort, filter: filterFromQuery(place.query), count: true }
    : null), [place, from]);
  const [block, reload] = useInvoke('flags:list', args);
  if (!place || block.state !== 'ready') return { current: null, previous: null, next: null, count: null, reload };
  const rows = block.value.rows;
  const here = rows.findIndex((r) => r.id === place.flag);
  const at = (i: number): Neighbour => (i >= 0 && rows[i] ? { flag: rows[i], at: from + i } : null);
  if (here >= 0) return { current: rows[here]!, previous: at(here - 1), next: at(here + 1), count: block.value.count, reload };
  // The flag left the filter (a verdict in an `open` queue): the next one now sits in its place.
  return { current: null, previous: at(place.at - 1 - from), next: at(place.at - from), count: block.value.count, reload };
}

const WINDOW = 50;

/**
 * A verdict key pressed before the flag it is meant for is on screen: after j/k and before the
 * next vehicle's page has its flags, or while a vehicle's flags load. `flag` is the flag's id
 * (null: the vehicle's only flag); the page that shows that flag gives the verdict.
 */
let held: { flag: number | null; status: ReviewStatus } | null = null;
let leavingTo: number | null = null;

function go(place: QueuePlace, to: Neighbour): void {
  if (!to) return;
  leavingTo = to.flag.id;
  rememberQueue(place.query, { row: to.at });
  const queue = { ...place, at: to.at, flag: to.flag.id };
  if (to.flag.vin) replaceRoute({ screen: 'vehicle', vin: to.flag.vin, queue });
  else if (to.flag.party_id !== null) navigate({ screen: 'party', id: to.flag.party_id });
}

/**
 * Back to the queue, previous and next flag, with their keys (Esc, k, j); the verdict keys act
 * on `target` (the queue's flag, or the vehicle's only flag), `u` undoes the last verdict. A
 * verdict key pressed while the vehicle's flags are still loading (`loading`) waits for them and
 * then acts on the vehicle's own flag: never on a row of the queue read before.
 */
export function QueueStepBar({ place, steps, target, loading, decide, undo }: {
  place: QueuePlace | undefined; steps: QueueSteps; target: FlagRow | null; loading: boolean;
  decide: (flag: FlagRow, status: ReviewStatus) => void; undo: () => void;
}) {
  const { t, num } = useI18n();
  const live = useRef({ place, steps, target, loading, decide, undo });
  live.current = { place, steps, target, loading, decide, undo };
  useEffect(() => {
    leavingTo = null;
    if (!target || !held) return;
    // A key meant for another flag (j pressed twice before either page showed) is not given here.
    if (held.flag !== null && held.flag !== target.id) { held = null; return; }
    const status = held.status;
    held = null;
    live.current.decide(target, status);
  }, [target]);
  // Back in the queue, the row to focus is this flag's place in the queue as it is now.
  const here = steps.current && steps.next ? steps.next.at - 1 : steps.current && steps.previous ? steps.previous.at + 1 : place?.at;
  useEffect(() => { if (place && here !== undefined) rememberQueue(place.query, { row: here }); }, [place, here]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || typingOrDialog(e)) return;
      const { place: p, steps: s, target: flag, loading: waiting, decide: give, undo: back } = live.current;
      const status = verdictOfKey(e);
      if (status && (flag || waiting || leavingTo !== null)) {
        e.preventDefault();
        if (leavingTo !== null) held = { flag: leavingTo, status };
        else if (flag) give(flag, status);
        else held = { flag: p ? p.flag : null, status };
        return;
      }
      if (e.key === 'u' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        back();
        return;
      }
      if (!p || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'j') go(p, s.next);
      else if (e.key === 'k') go(p, s.previous);
      else if (e.key === 'Escape') navigate({ screen: 'flags', query: p.query });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!place) return null;
  return (
    <nav className="toolbar queue-steps" aria-label={t('steps.label')}>
      <button type="button" onClick={() => navigate({ screen: 'flags', query: place.query })}>{t('steps.back')} <kbd>Esc</kbd></button>
      <button type="button" disabled={!steps.previous} onClick={() => go(place, steps.previous)}>{t('steps.previous')} <kbd>k</kbd></button>
      <button type="button" disabled={!steps.next} onClick={() => go(place, steps.next)}>{t('steps.next')} <kbd>j</kbd></button>
      <span className="muted" role="status">{steps.count === null ? '' : t('steps.position', { at: num(place.at + 1), count: num(steps.count) })}</span>
    </nav>
  );
}
