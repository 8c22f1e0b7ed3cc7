/**
 * SQLite's ORDER BY, done in memory for a column already read: the run's flags are sorted every
 * way the queue sorts them from one pass over them (run-flag-orders.ts), where nine ORDER BYs
 * each read and sorted the run's flags again (21 s of the summary thread at 893,421 flags).
 */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** NULL, then numbers (integers and reals alike), then text, then blobs: SQLite's order of storage classes. */
function storageClass(value: SqlValue): number {
  if (value === null) return 0;
  if (typeof value === 'number' || typeof value === 'bigint') return 1;
  return typeof value === 'string' ? 2 : 3;
}

/**
 * Text by code point, which is the byte order of its UTF-8 (SQLite's BINARY collation). JavaScript's
 * `<` compares UTF-16 units, which puts a character past U+FFFF (a surrogate pair, D800-DFFF)
 * before one in U+E000-U+FFFF: those two ranges swap places here.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Two values as SQLite's ORDER BY orders them (BINARY collation). */
export function compareSqlValues(a: SqlValue, b: SqlValue): number {
  const byClass = storageClass(a) - storageClass(b);
  if (byClass !== 0) return byClass;
  if (a === null) return 0;
  if (typeof a === 'string') return compareCodePoints(a, b as string);
  if (a instanceof Uint8Array) return compareBytes(a, b as Uint8Array);
  return a < (b as number) ? -1 : a > (b as number) ? 1 : 0;
}

/**
 * One column of rows read in the order of their ids: each row's value kept as a code for its
 * distinct value (a million rows of a few hundred makers hold a few hundred strings, not a million).
 */
export class ColumnCodes {
  readonly #codes: Int32Array;
  readonly #distinct: SqlValue[] = [];
  readonly #codeOf = new Map<unknown, number>();
  #rows = 0;

  constructor(rows: number) {
    this.#codes = new Int32Array(rows);
  }

  add(value: SqlValue): void {
    // A blob is keyed by its bytes, not by the object.
    const key = value instanceof Uint8Array ? `blob:${Buffer.from(value).toString('base64')}` : value;
    let code = this.#codeOf.get(key);
    if (code === undefined) {
      code = this.#distinct.length;
      this.#distinct.push(value);
      this.#codeOf.set(key, code);
    }
    this.#codes[this.#rows++] = code;
  }

  /**
   * The rows' ids (given in the order the rows were added, ascending) sorted by the column, ties in
   * id order: the distinct values sorted once, then a counting sort of the rows by their rank.
   * Returns the runs of equal values in that order: each value and how many rows hold it.
   */
  sortIds(ids: ArrayLike<number>, into: Int32Array | Float64Array): [value: SqlValue, rows: number][] {
    const byValue = this.#distinct.map((_, code) => code).sort((x, y) => compareSqlValues(this.#distinct[x]!, this.#distinct[y]!));
    const rank = new Int32Array(this.#distinct.length);
    let ranks = 0;
    byValue.forEach((code, i) => {
      // Values SQLite holds equal (5 and 5.0) share a rank, so their rows stay in id order.
      if (i > 0 && compareSqlValues(this.#distinct[byValue[i - 1]!]!, this.#distinct[code]!) !== 0) ranks++;
      rank[code] = ranks;
    });
    // start[r]: where the rows of rank r begin in the output (counts first, then their running sum).
    const start = new Int32Array(ranks + 2);
    for (let row = 0; row < this.#rows; row++) start[rank[this.#codes[row]!]! + 1]! += 1;
    const runs = byValue.length === 0 ? [] : Array.from({ length: ranks + 1 }, (_, r): [SqlValue, number] => [null, start[r + 1]!]);
    for (const code of byValue) runs[rank[code]!]![0] = this.#distinct[code]!;
    for (let r = 1; r < start.length; r++) start[r]! += start[r - 1]!;
    for (let row = 0; row < this.#rows; row++) {
      const r = rank[this.#codes[row]!]!;
      into[start[r]!] = ids[row]!;
      start[r]! += 1;
    }
    return runs;
  }
}
