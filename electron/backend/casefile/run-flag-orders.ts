import type Database from 'better-sqlite3';

/**
 * A finished run's flags in each order the queue sorts them by (migration 010): the ids, ascending
 * by the column and then by id, as the queue's ORDER BY gives them. Written once on the summary
 * thread after the run; not `status`, which verdicts change (that sort is found on request).
 */
export const STORED_FLAG_SORTS = ['id', 'vin', 'rule', 'severity', 'maker', 'exporter', 'destination', 'days', 'km'] as const;

export type FlagOrder = Int32Array | Float64Array;

/** The run's flag ids sorted by `column` then id (NULLs first, as SQLite sorts them). */
export function sortFlags(db: Database.Database, runId: number, column: (typeof STORED_FLAG_SORTS)[number]): FlagOrder {
  const order = column === 'id' ? 'id' : `${column}, id`;
  // run_id > 0 lets the queue's partial indexes serve the sorts they hold (days, rule).
  const ids = db.prepare(`SELECT id FROM flags WHERE run_id = ? AND run_id > 0 ORDER BY ${order}`).pluck().all(runId) as number[];
  return packIds(ids);
}

/** Four bytes an id while every id fits, eight otherwise. */
export function packIds(ids: readonly number[]): FlagOrder {
  return ids.every((id) => id >= -0x80000000 && id <= 0x7fffffff) ? Int32Array.from(ids) : Float64Array.from(ids);
}

/** Sorts the run's flags one stored way and keeps the order, in a short write of its own. */
export function saveFlagOrder(db: Database.Database, runId: number, column: (typeof STORED_FLAG_SORTS)[number]): void {
  const order = sortFlags(db, runId, column);
  db.prepare('INSERT OR REPLACE INTO run_flag_orders (run_id, sort, width, ids) VALUES (?, ?, ?, ?)')
    .run(runId, column, order.BYTES_PER_ELEMENT, Buffer.from(order.buffer, order.byteOffset, order.byteLength));
}

/** Every stored way (tests and benches that want them all at once). */
export function saveFlagOrders(db: Database.Database, runId: number): void {
  for (const column of STORED_FLAG_SORTS) saveFlagOrder(db, runId, column);
}

export function hasFlagOrder(db: Database.Database, runId: number, sort: string): boolean {
  return db.prepare('SELECT 1 FROM run_flag_orders WHERE run_id = ? AND sort = ?').get(runId, sort) !== undefined;
}

/** The run's stored order of this sort, or null when it has none (an older case, a run still being sorted, the status sort). */
export function loadFlagOrder(db: Database.Database, runId: number, sort: string): FlagOrder | null {
  const row = db.prepare('SELECT width, ids FROM run_flag_orders WHERE run_id = ? AND sort = ?').get(runId, sort) as { width: number; ids: Buffer } | undefined;
  if (!row) return null;
  // A copy: the typed array needs its own aligned buffer.
  const bytes = new Uint8Array(row.ids).buffer;
  return row.width === 8 ? new Float64Array(bytes) : new Int32Array(bytes);
}
