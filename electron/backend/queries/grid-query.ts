import type Database from 'better-sqlite3';
import { ZeroMileError } from '../../../shared/errors';
import type { GridBlock, GridSort } from '../../../shared/contract/grids';
import { keysetBlock, type KeysetOptions } from './keyset';

/** Largest block a grid may ask for at once; AG Grid asks for 100 by default. */
export const MAX_BLOCK = 1000;

/**
 * A grid over one table: what it selects, which columns it may sort by (each backed by an
 * index ending in id, so ORDER BY col, id walks the index), and fixed WHERE parts.
 */
export type GridSpec = {
  from: string;
  select: string;
  /** column id -> SQL expression; the only identifiers that reach ORDER BY. */
  sortable: Readonly<Record<string, string>>;
  /** The row id expression, the tie-breaker of every sort. */
  id: string;
  defaultSort: GridSort;
  /**
   * Pick the block's ids first and read only those rows in full: for a table whose sort and filter
   * columns are all in one covering index (flags), the sort then runs over narrow index entries
   * instead of the wide rows.
   */
  pickIds?: boolean;
  /** The FROM of the id pick and of the count when it must name its index (INDEXED BY); `from` otherwise. */
  pickFrom?: string;
  /**
   * Some sorts have no index (the flag queue's, when its run has no stored orders): a deep block
   * sorts the grid once and keeps the order (keyset.ts) rather than sort up to half of it for each block.
   */
  sortOnRequest?: boolean;
};

export type Where = { sql: string[]; params: unknown[] };

export function where(): Where {
  return { sql: [], params: [] };
}

export function orderBy(spec: GridSpec, sort: GridSort | null | undefined): string {
  const chosen = sort ?? spec.defaultSort;
  // An own property only: `constructor` or `__proto__` would otherwise come from Object.prototype.
  const column = Object.hasOwn(spec.sortable, chosen.col) ? spec.sortable[chosen.col] : undefined;
  if (column === undefined) {
    throw new ZeroMileError('bad_argument', `Cannot sort by "${chosen.col}". Sortable: ${Object.keys(spec.sortable).join(', ')}.`);
  }
  const dir = chosen.dir === 'desc' ? 'DESC' : 'ASC';
  return column === spec.id ? `${column} ${dir}` : `${column} ${dir}, ${spec.id} ${dir}`;
}

/** The SQL of one block, exposed so tests can EXPLAIN it. */
export function blockSql(spec: GridSpec, filter: Where, sort: GridSort | null | undefined): string {
  const whereSql = filter.sql.length ? ` WHERE ${filter.sql.join(' AND ')}` : '';
  const order = orderBy(spec, sort);
  if (spec.pickIds) {
    return `SELECT ${spec.select} FROM ${spec.from} WHERE ${spec.id} IN (SELECT ${spec.id} FROM ${spec.pickFrom ?? spec.from}${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?) ORDER BY ${order}`;
  }
  return `SELECT ${spec.select} FROM ${spec.from}${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`;
}

export function countSql(spec: GridSpec, filter: Where): string {
  const whereSql = filter.sql.length ? ` WHERE ${filter.sql.join(' AND ')}` : '';
  return `SELECT count(*) AS n FROM ${spec.pickFrom ?? spec.from}${whereSql}`;
}

/** From this row on, a block is read by keyset from the nearest kept boundary (keyset.ts) instead of OFFSET. */
export const KEYSET_FROM = 5000;

/** The same sort the other way round: the far end of a grid is the near end of its reverse. */
function reversed(spec: GridSpec, sort: GridSort | null | undefined): GridSort {
  const chosen = sort ?? spec.defaultSort;
  return { col: chosen.col, dir: chosen.dir === 'desc' ? 'asc' : 'desc' };
}

/**
 * Rows [start, end) sorted and filtered in SQL, plus the exact count when asked. A block past
 * KEYSET_FROM is a slice of the sort's kept or stored order (keyset.ts), so the last block and the
 * middle ones cost what the first does: SQLite's OFFSET reads and drops every row before the block
 * (the middle block of a million-flag queue sorted by VIN took 0.7 s). A grid whose sorts all walk
 * an index finds no order: there a block in the back half is read in the reverse order from the end
 * (OFFSET count - end, an index walk of at most half the grid) and turned round, which costs less
 * than the sorted pass that would find one (1-2 s at a million rows). `countOf` counts the rows as
 * the grid does (the flag queue names its own index for that).
 */
export function queryBlock<R>(
  db: Database.Database,
  spec: GridSpec,
  request: { start: number; end: number; sort?: GridSort | null; count?: boolean },
  filter: Where,
  mapRow: (row: Record<string, unknown>) => R = (row) => row as R,
  countOf: () => number = () => (db.prepare(countSql(spec, filter)).get(...filter.params) as { n: number }).n,
  deep: KeysetOptions = {},
): GridBlock<R> {
  const start = Math.max(0, Math.floor(request.start));
  const limit = Math.min(MAX_BLOCK, Math.max(0, Math.floor(request.end) - start));
  orderBy(spec, request.sort); // refuses a column the grid cannot sort by
  const deepBlock = start >= KEYSET_FROM;
  const block = keysetBlock(db, spec, filter, request.sort, { start, end: start + limit }, { ...deep, onlyIfKept: !deepBlock || !spec.sortOnRequest });
  if (block) return { rows: block.raw.map(mapRow), count: request.count ? block.count : null };
  let count: number | null = request.count || deepBlock ? countOf() : null;
  let raw: Record<string, unknown>[];
  if (count !== null && deepBlock && start > count / 2) {
    const end = Math.min(start + limit, count);
    raw = end <= start ? [] : (db.prepare(blockSql(spec, filter, reversed(spec, request.sort))).all(...filter.params, end - start, count - end) as Record<string, unknown>[]).reverse();
  } else {
    raw = db.prepare(blockSql(spec, filter, request.sort)).all(...filter.params, limit, start) as Record<string, unknown>[];
  }
  if (!request.count) count = null;
  return { rows: raw.map(mapRow), count };
}

export function parseJsonObject(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
