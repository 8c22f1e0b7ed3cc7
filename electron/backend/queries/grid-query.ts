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

/**
 * Rows [start, end) sorted and filtered in SQL, plus the exact count when asked. A block past
 * KEYSET_FROM starts from the kept key at or before it (keyset.ts), so the last block and the
 * middle ones cost what the first does: SQLite's OFFSET reads and drops every row before the block
 * (the middle block of a million-flag queue sorted by VIN took 0.7 s). `countOf` counts the rows as
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
  // Near the start, a kept or stored order answers too (a slice instead of a sort); without one, OFFSET.
  const block = keysetBlock(db, spec, filter, request.sort, { start, end: start + limit }, { ...deep, onlyIfKept: start < KEYSET_FROM });
  if (block) return { rows: block.raw.map(mapRow), count: request.count ? block.count : null };
  const raw = db.prepare(blockSql(spec, filter, request.sort)).all(...filter.params, limit, start) as Record<string, unknown>[];
  return { rows: raw.map(mapRow), count: request.count ? countOf() : null };
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
