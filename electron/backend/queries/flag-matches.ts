import type Database from 'better-sqlite3';
import type { FlagFilter } from '../../../shared/contract/flags';
import { flagsWithValues, loadFlagOrder, packIds, type FlagOrder, type SegmentedColumn } from '../casefile/run-flag-orders';
import type { Matches } from './keyset';

/** The status a run writes a flag with unless its key has a verdict: most of a run's flags keep it. */
const UNREVIEWED = 'open';

const BY_VALUE = ['rule', 'severity', 'maker', 'exporter', 'destination'] as const satisfies readonly SegmentedColumn[];

/** Filter parts answered from the stored orders; any other part (VIN prefix, month, city, pack) is read from SQLite. */
const ANSWERED = new Set<string>([...BY_VALUE, 'days_min', 'days_max', 'status']);

/** Whether every part of the filter can be answered from the run's stored orders (and there is a part). */
export function storedMatchesAnswer(filter: FlagFilter): boolean {
  const parts = Object.entries(filter).filter(([, value]) => value !== undefined && value !== '');
  return parts.length > 0 && parts.every(([key]) => ANSWERED.has(key));
}

/** SQLite's `value >= bound` for an INTEGER column and a number: NULL is never kept, text is above every number. */
function atLeast(value: string | number | null, bound: number): boolean {
  return value !== null && (typeof value === 'string' || value >= bound);
}

function atMost(value: string | number | null, bound: number): boolean {
  return value !== null && typeof value === 'number' && value <= bound;
}

/**
 * The run's flags a filter keeps, from its stored orders (issue 15 item 5): a value of rule,
 * severity, maker, exporter or destination, or a span of days, is a slice of that column's order
 * (its segments say where); a reviewed status is read by flags_run_status, and the unreviewed one
 * is every flag but the reviewed, since verdicts are few next to a run. The parts' flags are
 * counted in one bitmap: a flag is kept when every part has it. Reading every matching id from
 * SQLite instead cost 200-440 ms for a million flags; this copies only the slices. Null when the
 * filter has another part or the run's orders have no segments (an older case).
 */
export function storedFlagMatches(db: Database.Database, runId: number, filter: FlagFilter): Matches | null {
  if (!storedMatchesAnswer(filter)) return null;
  const parts: FlagOrder[] = [];
  for (const column of BY_VALUE) {
    const wanted = filter[column];
    if (wanted === undefined || wanted === '') continue;
    const ids = flagsWithValues(db, runId, column, (value) => value === wanted);
    if (!ids) return null;
    parts.push(ids);
  }
  const { days_min: min, days_max: max } = filter;
  if (min !== undefined || max !== undefined) {
    const ids = flagsWithValues(db, runId, 'days', (value) => (min === undefined || atLeast(value, min)) && (max === undefined || atMost(value, max)));
    if (!ids) return null;
    parts.push(ids);
  }
  const unreviewed = filter.status === UNREVIEWED;
  if (filter.status && !unreviewed) {
    parts.push(packIds(db.prepare('SELECT id FROM flags INDEXED BY flags_run_status WHERE run_id = ? AND run_id > 0 AND status = ?').pluck().all(runId, filter.status) as number[]));
  }
  let matches: Matches;
  if (parts.length > 0) {
    matches = intersect(parts);
  } else {
    // The unreviewed status alone: every flag of the run to begin with.
    const all = loadFlagOrder(db, runId, 'id');
    if (!all) return null;
    const low = all.length ? all[0]! : 0;
    matches = { low, bits: new Uint8Array(all.length ? all[all.length - 1]! - low + 1 : 0).fill(1), count: all.length };
  }
  if (unreviewed) {
    const { before, after } = reviewedFlags(db, runId);
    for (const [, id] of [...before, ...after]) {
      const at = id - matches.low;
      if (at >= 0 && at < matches.bits.length && matches.bits[at] === 1) {
        matches.bits[at] = 0;
        matches.count--;
      }
    }
  }
  return matches;
}

/** The run's flags not in the unreviewed status, as [status, id] by status then id: those sorting before it, and after. */
function reviewedFlags(db: Database.Database, runId: number): { before: [string, number][]; after: [string, number][] } {
  const read = (op: '<' | '>') => db.prepare(`SELECT status, id FROM flags INDEXED BY flags_run_status WHERE run_id = ? AND run_id > 0 AND status ${op} ? ORDER BY status, id`)
    .raw(true).all(runId, UNREVIEWED) as [string, number][];
  return { before: read('<'), after: read('>') };
}

/** The ids every part holds, as a bitmap over the id range of the smallest part. */
function intersect(parts: FlagOrder[]): Matches {
  parts.sort((a, b) => a.length - b.length);
  const smallest = parts[0]!;
  if (smallest.length === 0) return { low: 0, bits: new Uint8Array(0), count: 0 };
  let low = smallest[0]!;
  let high = low;
  for (let i = 1; i < smallest.length; i++) {
    const id = smallest[i]!;
    if (id < low) low = id;
    else if (id > high) high = id;
  }
  const hits = new Uint8Array(high - low + 1);
  if (parts.length === 1) {
    for (let i = 0; i < smallest.length; i++) hits[smallest[i]! - low] = 1;
    return { low, bits: hits, count: smallest.length };
  }
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const at = part[i]! - low;
      if (at >= 0 && at < hits.length) hits[at] = hits[at]! + 1;
    }
  }
  let count = 0;
  const need = parts.length;
  for (let i = 0; i < hits.length; i++) {
    const kept = hits[i] === need ? 1 : 0;
    hits[i] = kept;
    count += kept;
  }
  return { low, bits: hits, count };
}

/**
 * The run's flags by status, then id, as the queue sorts them: the reviewed flags read by index
 * (few), the unreviewed ones the run's stored id order less those. Reading the whole status index
 * instead (the order SQLite would give) cost 310 ms for a million flags. Null without a stored id order.
 */
export function statusOrderFromStored(db: Database.Database, runId: number): FlagOrder | null {
  const all = loadFlagOrder(db, runId, 'id');
  if (!all) return null;
  const { before, after } = reviewedFlags(db, runId);
  const low = all.length ? all[0]! : 0;
  const reviewed = new Uint8Array(all.length ? all[all.length - 1]! - low + 1 : 0);
  for (const [, id] of [...before, ...after]) if (id >= low && id - low < reviewed.length) reviewed[id - low] = 1;
  const order = all instanceof Int32Array ? new Int32Array(all.length) : new Float64Array(all.length);
  let n = 0;
  for (const [, id] of before) order[n++] = id;
  for (let i = 0; i < all.length; i++) if (reviewed[all[i]! - low] !== 1) order[n++] = all[i]!;
  for (const [, id] of after) order[n++] = id;
  return order.subarray(0, n);
}
