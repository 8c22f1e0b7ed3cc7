import type Database from 'better-sqlite3';
import { writeNow, type WriteWhenFree } from './write-when-free';
import { ColumnCodes, type SqlValue } from './sql-order';

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

export type StoredFlagSort = (typeof STORED_FLAG_SORTS)[number];

export type SegmentedColumn = (typeof SEGMENTED_FLAG_SORTS)[number];

/** One value of a sort column and how many of the run's flags hold it, in the order's order (NULL first). */
export type Segment = [value: string | number | null, flags: number];

/** A sort order of the run's flags, and its runs of equal values for the SEGMENTED_FLAG_SORTS (else null). */
export type SortedFlags = { order: FlagOrder; segments: Segment[] | null };

const isSegmented = (sort: StoredFlagSort): boolean => (SEGMENTED_FLAG_SORTS as readonly string[]).includes(sort);

/**
 * The run's flag ids sorted by each of `sorts` then id (NULLs first, as SQLite sorts them), from
 * one read of the run's flags in id order (the covering index flags_run): each order is a counting
 * sort of the rows by their value's rank (sql-order.ts). Nine ORDER BYs took 21.1 s at 893,421 flags.
 */
export function sortFlags(db: Database.Database, runId: number, sorts: readonly StoredFlagSort[] = STORED_FLAG_SORTS): Map<StoredFlagSort, SortedFlags> {
  const rows = db.prepare('SELECT count(*) FROM flags WHERE run_id = ?').pluck().get(runId) as number;
  const columns = sorts.filter((sort) => sort !== 'id');
  // Column names from the constant list above, never from a caller's string.
  const read = db.prepare(`SELECT id${columns.map((column) => `, ${column}`).join('')} FROM flags INDEXED BY flags_run WHERE run_id = ? ORDER BY id`).raw();
  const ids = new Float64Array(rows);
  const codes = columns.map(() => new ColumnCodes(rows));
  let row = 0;
  let wide = false;
  for (const values of read.iterate(runId) as Iterable<SqlValue[]>) {
    // A flag committed meanwhile cannot join the run (its row is written once); the count guards the arrays.
    if (row === rows) throw new Error(`run ${runId} has more flags than it had when counted`);
    const id = values[0] as number;
    ids[row++] = id;
    if (id < -0x80000000 || id > 0x7fffffff) wide = true;
    for (let c = 0; c < columns.length; c++) codes[c]!.add(values[c + 1]!);
  }
  const orders = new Map<StoredFlagSort, SortedFlags>();
  const idOrder = wide ? ids.slice(0, row) : Int32Array.from(ids.subarray(0, row));
  for (const sort of sorts) {
    if (sort === 'id') {
      orders.set(sort, { order: idOrder, segments: null });
      continue;
    }
    const into = wide ? new Float64Array(row) : new Int32Array(row);
    const runs = codes[columns.indexOf(sort)]!.sortIds(idOrder, into);
    // The flags' columns hold text and numbers (a blob would not survive JSON; it cannot be filtered by value either).
    orders.set(sort, { order: into, segments: isSegmented(sort) ? runs as Segment[] : null });
  }
  return orders;
}

/** Four bytes an id while every id fits, eight otherwise. */
export function packIds(ids: readonly number[]): FlagOrder {
  return ids.every((id) => id >= -0x80000000 && id <= 0x7fffffff) ? Int32Array.from(ids) : Float64Array.from(ids);
}

/** Keeps one sort order of the run's flags (with its runs of equal values where kept), in a short write of its own. */
export function saveFlagOrder(db: Database.Database, runId: number, sort: StoredFlagSort, { order, segments }: SortedFlags): void {
  db.prepare('INSERT OR REPLACE INTO run_flag_orders (run_id, sort, width, ids, segments) VALUES (?, ?, ?, ?, ?)')
    .run(runId, sort, order.BYTES_PER_ELEMENT, Buffer.from(order.buffer, order.byteOffset, order.byteLength), segments && JSON.stringify(segments));
}

/** The stored ways the run has no order of, or one without the runs of equal values it keeps (stored before migration 012). */
export function missingFlagOrders(db: Database.Database, runId: number): StoredFlagSort[] {
  const stored = new Map((db.prepare('SELECT sort, segments IS NOT NULL AS segmented FROM run_flag_orders WHERE run_id = ?').all(runId) as { sort: string; segmented: number }[])
    .map((row) => [row.sort, row.segmented === 1]));
  return STORED_FLAG_SORTS.filter((sort) => !stored.has(sort) || (isSegmented(sort) && !stored.get(sort)));
}

/**
 * Sorts the run's flags in each stored way it has no order of yet (missingFlagOrders), in one
 * pass, and keeps them, each in its own short write; `step` runs before each write (the summary
 * thread's cancel), and `write` runs it (the summary thread's waits out another writer's lock).
 */
export function saveFlagOrders(db: Database.Database, runId: number, step: () => void = () => {}, write: WriteWhenFree = writeNow): void {
  const missing = missingFlagOrders(db, runId);
  if (missing.length === 0) return;
  // One snapshot for the read; the writes follow it.
  const orders = db.transaction(() => sortFlags(db, runId, missing)).deferred();
  for (const [sort, order] of orders) {
    step();
    write(() => saveFlagOrder(db, runId, sort, order));
  }
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
