import type Database from 'better-sqlite3';
import type { GridSort } from '../../../shared/contract/grids';
import { packIds } from '../casefile/run-flag-orders';
import type { GridSpec, Where } from './grid-query';
import { writeToken } from '../casefile/write-token';

/**
 * Deep grid blocks (issue 15 item 4). The grid asks for rows [start, end) of a sorted, filtered
 * table; OFFSET would read and drop every row before `start` (a middle block of a million-flag
 * queue sorted by VIN: 0.7 s). Instead one sorted pass over the ids of a sort and filter keeps its
 * order: every id while there are at most ORDER_MAX of them (a block is then its slice, read by
 * primary key), and always the (sort key, id) of every STRIDE-th row, from which a block of a
 * longer grid starts by keyset, `(key, id) >= (boundary)`: a seek in an index ending in id, or on
 * an unindexed sort a scan whose sorter holds at most STRIDE + block rows. The pass also answers
 * the block that asked for it. Descending blocks are the ascending positions counted from the end,
 * read ascending and turned round: one pass serves both directions.
 */

/** Rows between two kept keys: the most a block read skips past its boundary. */
export const STRIDE = 1000;

/** A grid of at most this many rows keeps its whole order (4 bytes an id). */
export const ORDER_MAX = 4_000_000;

/** Ids kept per connection over all sorts and filters, oldest dropped first (64 MB). */
const KEPT_IDS = 16_000_000;

/** Orders kept per connection at most (long grids keep only their boundaries). */
const KEPT_ORDERS = 64;

type Key = { key: unknown; id: number };
type Ids = Int32Array | Float64Array;
type Boundaries = { count: number; keys: Key[]; ids: Ids | null };

/**
 * An order stays right while nothing is written (writeToken: a verdict changes a flag's status,
 * which the queue sorts and filters by).
 */
const kept = new WeakMap<Database.Database, Map<string, { token: string; boundaries: Boundaries }>>();

type Sorted = { column: string; id: string };

function sortedBy(spec: GridSpec, sort: GridSort | null | undefined): Sorted {
  const chosen = sort ?? spec.defaultSort;
  return { column: spec.sortable[chosen.col]!, id: spec.id };
}

function whereOf(filter: Where, extra: string[] = []): string {
  const parts = [...filter.sql, ...extra];
  return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
}

function ascending(s: Sorted): string {
  return s.column === s.id ? `${s.id} ASC` : `${s.column} ASC, ${s.id} ASC`;
}

/** Rows at or after a boundary in ascending order (NULL keys sort first, and a row value with a NULL compares as NULL). */
function atOrAfter(s: Sorted, boundary: Key): { sql: string; params: unknown[] } {
  if (s.column === s.id) return { sql: `${s.id} >= ?`, params: [boundary.id] };
  if (boundary.key === null) return { sql: `((${s.column} IS NULL AND ${s.id} >= ?) OR ${s.column} IS NOT NULL)`, params: [boundary.id] };
  return { sql: `(${s.column}, ${s.id}) >= (?, ?)`, params: [boundary.key, boundary.id] };
}

/** The SQL of the sorted pass that finds the boundaries, exposed so tests can EXPLAIN it. */
export function boundarySql(spec: GridSpec, filter: Where, sort: GridSort | null | undefined): string {
  const s = sortedBy(spec, sort);
  const key = s.column === s.id ? 'NULL' : s.column;
  return `SELECT ${key}, ${s.id} FROM ${spec.pickFrom ?? spec.from}${whereOf(filter)} ORDER BY ${ascending(s)}`;
}

/** The SQL of a block read from a boundary, exposed so tests can EXPLAIN it. */
export function keysetSql(spec: GridSpec, filter: Where, sort: GridSort | null | undefined, boundary: Key | null): { sql: string; params: unknown[] } {
  const s = sortedBy(spec, sort);
  const from = boundary ? atOrAfter(s, boundary) : { sql: '', params: [] };
  const whereSql = whereOf(filter, from.sql ? [from.sql] : []);
  const order = ascending(s);
  const params = [...filter.params, ...from.params];
  if (spec.pickIds) {
    return { sql: `SELECT ${spec.select} FROM ${spec.from} WHERE ${spec.id} IN (SELECT ${spec.id} FROM ${spec.pickFrom ?? spec.from}${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?) ORDER BY ${order}`, params };
  }
  return { sql: `SELECT ${spec.select} FROM ${spec.from}${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`, params };
}

/** The rows of these ids, in this order. */
function rowsOfIds(db: Database.Database, spec: GridSpec, ids: number[]): Record<string, unknown>[] {
  if (ids.length === 0) return [];
  const idColumn = spec.id.includes('.') ? spec.id.slice(spec.id.indexOf('.') + 1) : spec.id;
  const rows = db.prepare(`SELECT ${spec.select} FROM ${spec.from} WHERE ${spec.id} IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as Record<string, unknown>[];
  const byId = new Map(rows.map((r) => [Number(r[idColumn]), r]));
  return ids.map((id) => byId.get(id)).filter((r): r is Record<string, unknown> => r !== undefined);
}

/** One sorted pass: the count, every STRIDE-th key, and every id while the grid is short enough. */
function findBoundaries(db: Database.Database, spec: GridSpec, filter: Where, sort: GridSort, orderMax: number): Boundaries {
  const keys: Key[] = [];
  let ids: number[] | null = [];
  let n = 0;
  for (const [key, id] of db.prepare(boundarySql(spec, filter, sort)).raw(true).iterate(...filter.params) as IterableIterator<[unknown, number]>) {
    if (n % STRIDE === 0) keys.push({ key, id });
    if (ids) {
      ids.push(id);
      if (ids.length > orderMax) ids = null;
    }
    n++;
  }
  return { count: n, keys, ids: ids ? packIds(ids) : null };
}

/**
 * A stored order of every row the grid's fixed part selects (a run's flags), narrowed to the rows
 * the filter keeps: their ids (by index where the filter has one) marked in a bitmap over the
 * order's id range, the order walked once. No sort at all.
 */
function matchSql(spec: GridSpec, filter: Where, stored: NonNullable<KeysetOptions['stored']>): { sql: string; params: unknown[] } {
  const match = stored.matchFrom ?? { from: spec.pickFrom ?? spec.from, where: filter };
  return { sql: `SELECT ${spec.id} FROM ${match.from}${whereOf(match.where)}`, params: match.where.params };
}

function narrowOrder(db: Database.Database, spec: GridSpec, filter: Where, order: Ids, stored: NonNullable<KeysetOptions['stored']>, token: string): Boundaries {
  if (!stored.narrows) return { count: order.length, keys: [], ids: order };
  const match = matchSql(spec, filter, stored);
  const { low, bits, count } = keptMatchesOf(db, match, token, () => stored.matches?.() ?? readMatches(db, match.sql, match.params));
  const narrowed = order instanceof Int32Array ? new Int32Array(count) : new Float64Array(count);
  let n = 0;
  for (const id of order) if (id >= low && bits[id - low] === 1) narrowed[n++] = id;
  return { count: n, keys: [], ids: narrowed.subarray(0, n) };
}

/** The rows a filter keeps, as a bitmap over their id range (`bits[id - low]` is 1 for a kept row). */
export type Matches = { low: number; bits: Uint8Array; count: number };

/** The rows a filter keeps, as a bitmap over their id range: read once per filter, whichever sort narrows by it. */
const keptMatches = new WeakMap<Database.Database, Map<string, { token: string; matches: Matches }>>();

/** Filters whose matches are kept per connection (a bitmap of the matching id range, at most a byte a row). */
const KEPT_FILTERS = 16;

/** Whether the filter's matches are kept already: a block near the start then narrows a stored order instead of sorting. */
function matchesKept(db: Database.Database, spec: GridSpec, filter: Where, stored: NonNullable<KeysetOptions['stored']>, token: string): boolean {
  const match = matchSql(spec, filter, stored);
  return keptMatches.get(db)?.get(JSON.stringify([match.sql, match.params]))?.token === token;
}

function keptMatchesOf(db: Database.Database, match: { sql: string; params: unknown[] }, token: string, find: () => Matches): Matches {
  let cache = keptMatches.get(db);
  if (!cache) keptMatches.set(db, (cache = new Map()));
  const key = JSON.stringify([match.sql, match.params]);
  const held = cache.get(key);
  cache.delete(key);
  const matches = held && held.token === token ? held.matches : find();
  cache.set(key, { token, matches });
  while (cache.size > KEPT_FILTERS) cache.delete(cache.keys().next().value!);
  return matches;
}

/** Every id the filter's SQL keeps, read from SQLite. */
function readMatches(db: Database.Database, sql: string, params: unknown[]): Matches {
  const ids = db.prepare(sql).pluck().all(...params) as number[];
  let low = Infinity;
  let high = -Infinity;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const bits = new Uint8Array(ids.length ? high - low + 1 : 0);
  for (const id of ids) bits[id - low] = 1;
  return { low: ids.length ? low : 0, bits, count: ids.length };
}

export type KeysetOptions = {
  /**
   * The caller knows no write can change this order (the flags of a finished run, sorted and
   * filtered by columns other than the verdict's status): it is kept across writes, so a verdict
   * given elsewhere in the queue does not cost the next deep block a new pass.
   */
  stable?: boolean;
  /** Longest grid whose every id is kept (tests set it low to take the keyset path). */
  orderMax?: number;
  /**
   * The order of this sort stored for every row of the grid's fixed part (a run's flags, written
   * after the run), or null when there is none; `narrows` when the filter keeps fewer rows than that.
   */
  stored?: {
    /** Whether an order is stored (a cheap look): an order sorted on request is replaced by the stored one once it lands. */
    has: () => boolean;
    order: () => Ids | null;
    narrows: boolean;
    /** Where the ids the filter keeps are read from, when an index serves that better than the grid's own FROM. */
    matchFrom?: { from: string; where: Where };
    /**
     * The rows the filter keeps, found without reading each from SQLite (a run's flags from its
     * stored orders' runs of equal values), null where it cannot (SQLite is read then): given when it should answer, so a block near the start
     * narrows the stored order with it as with matches already kept.
     */
    matches?: () => Matches | null;
  };
  /** Answer only from an order already kept or stored (null otherwise): a block near the start, which OFFSET reads cheaply too. */
  onlyIfKept?: boolean;
};

/** Rows [start, end) of a sort (either direction) and filter, and the count. */
export function keysetBlock(
  db: Database.Database, spec: GridSpec, filter: Where, sort: GridSort | null | undefined, range: { start: number; end: number }, options: KeysetOptions = {},
): { raw: Record<string, unknown>[]; count: number } | null {
  const orderMax = options.orderMax ?? ORDER_MAX;
  const chosen = sort ?? spec.defaultSort;
  const asc: GridSort = { col: chosen.col, dir: 'asc' };
  const cacheKey = JSON.stringify([boundarySql(spec, filter, asc), filter.params, orderMax, options.stored?.has() ?? false]);
  let cache = kept.get(db);
  if (!cache) kept.set(db, (cache = new Map()));
  const token = options.stable ? 'stable' : writeToken(db);
  let held = cache.get(cacheKey);
  if (!held || held.token !== token) {
    // A shallow block without a kept order, or whose stored order a filter would first narrow: OFFSET
    // reads fewer rows than a pass or the filter's every id would (an open flag by id: the first 100 of the index).
    if (options.onlyIfKept && (!options.stored || (options.stored.narrows && !options.stored.matches && !matchesKept(db, spec, filter, options.stored, token)))) return null;
    const stored = options.stored?.order() ?? null;
    if (!stored && options.onlyIfKept) return null;
    held = { token, boundaries: stored ? narrowOrder(db, spec, filter, stored, options.stored!, token) : findBoundaries(db, spec, filter, asc, orderMax) };
  }
  cache.delete(cacheKey);
  cache.set(cacheKey, held);
  let size = 0;
  for (const entry of [...cache.values()].reverse()) size += entry.boundaries.ids?.length ?? 0;
  for (const [key, entry] of cache) {
    if ((size <= KEPT_IDS && cache.size <= KEPT_ORDERS) || entry === held) break;
    size -= entry.boundaries.ids?.length ?? 0;
    cache.delete(key);
  }
  const { count, keys, ids } = held.boundaries;
  const end = Math.min(range.end, count);
  const { from, to } = chosen.dir === 'desc' ? { from: count - end, to: count - range.start } : { from: range.start, to: end };
  if (to <= from) return { raw: [], count };
  let raw: Record<string, unknown>[];
  if (ids) {
    raw = rowsOfIds(db, spec, Array.from(ids.subarray(from, to)));
  } else {
    const at = Math.floor(from / STRIDE);
    const query = keysetSql(spec, filter, asc, at > 0 ? keys[at]! : null);
    raw = db.prepare(query.sql).all(...query.params, to - from, from - at * STRIDE) as Record<string, unknown>[];
  }
  return { raw: chosen.dir === 'desc' ? raw.reverse() : raw, count };
}
