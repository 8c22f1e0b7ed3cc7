import type Database from 'better-sqlite3';

/**
 * A finished run's flags in each order the queue sorts them by (migration 010): the ids, ascending
 * by the column and then by id, as the queue's ORDER BY gives them. Written once on the summary
 * thread after the run; not `status`, which verdicts change (that sort is found on request).
 */
export const STORED_FLAG_SORTS = ['id', 'vin', 'rule', 'severity', 'maker', 'exporter', 'destination', 'days', 'km'] as const;

/**
 * The orders whose runs of equal values are kept with them (migration 012): the columns the queue
 * filters by value (days by a span), with few distinct values. VIN and km have nearly one a flag.
 */
export const SEGMENTED_FLAG_SORTS = ['rule', 'severity', 'maker', 'exporter', 'destination', 'days'] as const;

export type FlagOrder = Int32Array | Float64Array;

export type SegmentedColumn = (typeof SEGMENTED_FLAG_SORTS)[number];

/** One value of a sort column and how many of the run's flags hold it, in the order's order (NULL first). */
export type Segment = [value: string | number | null, flags: number];

/** The run's flag ids sorted by `column` then id (NULLs first, as SQLite sorts them), and the runs of equal values where kept. */
export function sortFlags(db: Database.Database, runId: number, column: (typeof STORED_FLAG_SORTS)[number]): { order: FlagOrder; segments: Segment[] | null } {
  const order = column === 'id' ? 'id' : `${column}, id`;
  const segmented = (SEGMENTED_FLAG_SORTS as readonly string[]).includes(column);
  // run_id > 0 lets the queue's partial indexes serve the sorts they hold (days, rule).
  const sql = `SELECT ${segmented ? column : 'NULL'}, id FROM flags WHERE run_id = ? AND run_id > 0 ORDER BY ${order}`;
  const ids: number[] = [];
  const segments: Segment[] = [];
  let last: Segment | undefined;
  for (const [value, id] of db.prepare(sql).raw(true).iterate(runId) as IterableIterator<[string | number | null, number]>) {
    ids.push(id);
    if (!segmented) continue;
    if (last && last[0] === value) last[1]++;
    else segments.push((last = [value, 1]));
  }
  return { order: packIds(ids), segments: segmented ? segments : null };
}

/** Four bytes an id while every id fits, eight otherwise. */
export function packIds(ids: readonly number[]): FlagOrder {
  return ids.every((id) => id >= -0x80000000 && id <= 0x7fffffff) ? Int32Array.from(ids) : Float64Array.from(ids);
}

/** Sorts the run's flags one stored way and keeps the order (with its runs of equal values where kept), in a short write of its own. */
export function saveFlagOrder(db: Database.Database, runId: number, column: (typeof STORED_FLAG_SORTS)[number]): void {
  const { order, segments } = sortFlags(db, runId, column);
  db.prepare('INSERT OR REPLACE INTO run_flag_orders (run_id, sort, width, ids, segments) VALUES (?, ?, ?, ?, ?)')
    .run(runId, column, order.BYTES_PER_ELEMENT, Buffer.from(order.buffer, order.byteOffset, order.byteLength), segments && JSON.stringify(segments));
}

/** Every stored way (tests and benches that want them all at once). */
export function saveFlagOrders(db: Database.Database, runId: number): void {
  for (const column of STORED_FLAG_SORTS) saveFlagOrder(db, runId, column);
}

export function hasFlagOrder(db: Database.Database, runId: number, sort: string): boolean {
  return db.prepare('SELECT 1 FROM run_flag_orders WHERE run_id = ? AND sort = ?').get(runId, sort) !== undefined;
}

/**
 * Whether the run's orders carry their runs of equal values (stored since migration 012): the last
 * segmented sort has them, so every order before it is stored too (the thread writes them in turn).
 */
export function hasFlagSegments(db: Database.Database, runId: number): boolean {
  return db.prepare("SELECT 1 FROM run_flag_orders WHERE run_id = ? AND sort = 'days' AND segments IS NOT NULL").get(runId) !== undefined;
}

/** The run's stored order of this sort, or null when it has none (an older case, a run still being sorted, the status sort). */
export function loadFlagOrder(db: Database.Database, runId: number, sort: string): FlagOrder | null {
  const row = db.prepare('SELECT width, ids FROM run_flag_orders WHERE run_id = ? AND sort = ?').get(runId, sort) as { width: number; ids: Buffer } | undefined;
  if (!row) return null;
  return toOrder(row.width, row.ids);
}

function toOrder(width: number, ids: Buffer): FlagOrder {
  // A copy: the typed array needs its own aligned buffer.
  const bytes = new Uint8Array(ids).buffer;
  return width === 8 ? new Float64Array(bytes) : new Int32Array(bytes);
}

/**
 * The ids of the run's flags whose `column` value passes `keep`, in that order's order (not by id):
 * the slices of its stored order under the values kept, cut out in SQLite (substr of the blob), so
 * only those ids are copied. Null when the order or its segments are not stored.
 */
export function flagsWithValues(db: Database.Database, runId: number, column: SegmentedColumn, keep: (value: string | number | null) => boolean): FlagOrder | null {
  const row = db.prepare('SELECT width, segments FROM run_flag_orders WHERE run_id = ? AND sort = ? AND segments IS NOT NULL').get(runId, column) as { width: number; segments: string } | undefined;
  if (!row) return null;
  const slices: [number, number][] = [];
  let at = 0;
  for (const [value, flags] of JSON.parse(row.segments) as Segment[]) {
    if (keep(value)) {
      const open = slices[slices.length - 1];
      if (open && open[0] + open[1] === at) open[1] += flags;
      else slices.push([at, flags]);
    }
    at += flags;
  }
  const slice = db.prepare('SELECT substr(ids, ?, ?) FROM run_flag_orders WHERE run_id = ? AND sort = ?').pluck();
  const parts = slices.map(([start, flags]) => toOrder(row.width, slice.get(start * row.width + 1, flags * row.width, runId, column) as Buffer));
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const ids = row.width === 8 ? new Float64Array(total) : new Int32Array(total);
  let n = 0;
  for (const part of parts) {
    ids.set(part, n);
    n += part.length;
  }
  return ids;
}
