import type Database from 'better-sqlite3';

/**
 * The packed form of the kept row digests (row_digest_blocks, migration 019): one row per block a
 * commit hashed (a register's 4,096 ids, a document's 16,384 rowids), not one per record row. At a
 * million vehicles a side-table row per record was 6-8 million B-tree entries, a tenth of an
 * import's main thread, and 33 bytes a row. A block keeps:
 *
 * - `digests`: the 8-byte digest of each of its rows, in id order (row-digests.ts digestsOfBlock);
 * - `places`: JSON, the rows in runs, each `[first id, rows, first row_no, sheet, page, labels]`. A
 *   run is ids that follow one another whose source rows do too (row_no + 1 a row, same sheet and
 *   page), so a file read whole is one run a block, and a deleted row is still named by where it
 *   came from. `labels` (registers only, else null): each row's VIN or party name, in id order.
 *
 * `lo`..`hi` is the span of ids the commit looked at; its rows are the ids the runs give.
 */

/** What a row kept at a commit says: its digest, and where it came from or what it names. */
export type KeptRow = { id: number; digest: Buffer; row_no: number | null; sheet: string | null; page: number | null; label: string | null };

type Run = [id: number, rows: number, row_no: number | null, sheet: string | null, page: number | null, labels: (string | null)[] | null];

export const DIGEST_BYTES = 8;

/** Whether `b` continues the run `a` ends: the next id, the next source row, the same sheet and page. */
function continues(a: KeptRow, b: KeptRow): boolean {
  return b.id === a.id + 1 && (a.row_no === null ? b.row_no === null : b.row_no === a.row_no + 1) && b.sheet === a.sheet && b.page === a.page;
}

/**
 * A block's rows (in id order) packed as the commit's SQL packs them (row-digests.ts): for a
 * party's aliases kept a party at a time, and for the migration of the one-row-a-row form.
 */
export function packRows(rows: readonly KeptRow[], labelled: boolean): { digests: Buffer; places: string } {
  const runs: Run[] = [];
  let last: KeptRow | undefined;
  for (const row of rows) {
    const run = runs[runs.length - 1];
    if (run && last && continues(last, row)) {
      run[1]++;
      run[5]?.push(row.label);
    } else {
      runs.push([row.id, 1, row.row_no, row.sheet, row.page, labelled ? [row.label] : null]);
    }
    last = row;
  }
  return { digests: Buffer.concat(rows.map((r) => r.digest)), places: JSON.stringify(runs) };
}

/**
 * A kept block's rows with ids lo..hi, in id order. Null when the block does not unpack (its
 * digests and runs disagree, say after an edit by hand): then nothing of it can be held to.
 */
export function unpackRows(digests: Buffer, places: string, lo = -Infinity, hi = Infinity): KeptRow[] | null {
  let runs: Run[];
  try {
    runs = JSON.parse(places) as Run[];
  } catch {
    return null;
  }
  if (!Array.isArray(runs) || runs.reduce((sum, run) => sum + (Array.isArray(run) ? Number(run[1]) : NaN), 0) * DIGEST_BYTES !== digests.length) return null;
  const out: KeptRow[] = [];
  let at = 0;
  for (const [first, rows, rowNo, sheet, page, labels] of runs) {
    for (let n = 0; n < rows; n++, at += DIGEST_BYTES) {
      const id = first + n;
      if (id < lo || id > hi) continue;
      out.push({ id, digest: digests.subarray(at, at + DIGEST_BYTES), row_no: typeof rowNo === 'number' ? rowNo + n : null, sheet, page, label: labels?.[n] ?? null });
    }
  }
  return out;
}

/** The kept blocks of one table of one fact (a document, or 0 for the registers), read a span at a time. */
export class KeptBlocks {
  private readonly overlapping: Database.Statement;
  private readonly anyIn: Database.Statement;
  private readonly covering: Database.Statement;
  /** The last block unpacked whole, for places looked up one id at a time (the few rows named). */
  private cached: { lo: number; hi: number; rows: Map<number, KeptRow> } | null = null;

  constructor(private readonly db: Database.Database, private readonly fact: number, private readonly tbl: number) {
    this.overlapping = db.prepare('SELECT lo, hi, digests, places FROM row_digest_blocks WHERE fact = ? AND tbl = ? AND lo <= ? AND hi >= ? ORDER BY lo');
    this.anyIn = db.prepare('SELECT 1 FROM row_digest_blocks WHERE fact = ? AND tbl = ? AND lo <= ? AND hi >= ? LIMIT 1');
    this.covering = db.prepare('SELECT lo, hi, digests, places FROM row_digest_blocks WHERE fact = ? AND tbl = ? AND lo <= ? AND hi >= ? ORDER BY lo DESC LIMIT 1');
  }

  /** Every row kept with an id in lo..hi, in id order; null when a block kept over them does not unpack (edited by hand). */
  rows(lo: number, hi: number): KeptRow[] | null {
    const out: KeptRow[] = [];
    for (const b of this.overlapping.all(this.fact, this.tbl, hi, lo) as { digests: Buffer; places: string }[]) {
      const rows = unpackRows(b.digests, b.places, lo, hi);
      if (!rows) return null;
      for (const row of rows) out.push(row);
    }
    return out;
  }

  /** Whether a block was kept over any of lo..hi (all of the table without a span). */
  any(lo = -Number.MAX_SAFE_INTEGER, hi = Number.MAX_SAFE_INTEGER): boolean {
    return this.anyIn.get(this.fact, this.tbl, hi, lo) !== undefined;
  }

  /** The span of ids the kept blocks cover, or nulls. */
  span(): [number | null, number | null] {
    return this.db.prepare('SELECT min(lo), max(hi) FROM row_digest_blocks WHERE fact = ? AND tbl = ?').raw(true).get(this.fact, this.tbl) as [number | null, number | null];
  }

  /** The row kept for one id, if any. */
  row(id: number): KeptRow | undefined {
    if (!this.cached || id < this.cached.lo || id > this.cached.hi) {
      const b = this.covering.get(this.fact, this.tbl, id, id) as { lo: number; hi: number; digests: Buffer; places: string } | undefined;
      if (!b) return undefined;
      this.cached = { lo: b.lo, hi: b.hi, rows: new Map((unpackRows(b.digests, b.places) ?? []).map((r) => [r.id, r])) };
    }
    return this.cached.rows.get(id);
  }
}

/** Where a row's id (its rowid), source row, sheet, page and label stand in its json_array (-1: not a column). */
export type PlaceIndexes = { id: number; row_no: number; sheet: number; page: number; label: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE = 0x5d;
const NEWLINE = 10;

/** The end of the JSON value at `i` (a number, null or string as SQLite's json_array writes them); -1 for anything else. */
function valueEnd(text: Buffer, i: number): number {
  const c = text[i];
  if (c === QUOTE) {
    for (i++; i < text.length; i++) {
      if (text[i] === BACKSLASH) i++;
      else if (text[i] === QUOTE) return i + 1;
    }
    return -1;
  }
  if (c === 0x6e) return i + 4; // null
  if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) {
    while (i < text.length && text[i] !== COMMA && text[i] !== CLOSE) i++;
    return i;
  }
  return -1;
}

/** A JSON number token as a number (an integer read digit by digit: nearly every one is), null for `null`. */
function numberAt(text: Buffer, start: number, end: number): number | null {
  if (text[start] === 0x6e) return null;
  let n = 0;
  let negative = false;
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (c === 0x2d && i === start) negative = true;
    else if (c >= 0x30 && c <= 0x39) n = n * 10 + c - 0x30;
    else return Number(text.toString('latin1', start, end));
  }
  return negative ? -n : n;
}

/**
 * A block's places packed from the text its digests were made of (rows joined by newlines, each
 * the json_array of its columns, in rowid order), as packRows packs them: the commit reads each
 * row's first few values where it already holds them, rather than a second scan of the block in
 * SQL (that window query cost more than the rows it replaced). Sheet, page and label are kept as
 * SQLite wrote them (valid JSON). Null when a row does not read as expected (a value of another
 * kind before the ones needed): the caller packs from the table's columns instead.
 */
export function packText(text: Buffer, rows: number, at: PlaceIndexes): string | null {
  const last = Math.max(at.id, at.row_no, at.sheet, at.page, at.label);
  const starts = new Array<number>(last + 1).fill(0);
  const ends = new Array<number>(last + 1).fill(0);
  const token = (v: number) => (v < 0 ? 'null' : text.toString('utf8', starts[v], ends[v]));
  // Byte by byte in JS: the values compared are a few bytes, and Buffer.compare's crossing cost more than they do.
  const same = (v: number, span: [number, number]) => {
    if (v < 0) return true;
    const start = starts[v]!;
    const length = ends[v]! - start;
    if (length !== span[1] - span[0]) return false;
    for (let k = 0; k < length; k++) if (text[start + k] !== text[span[0] + k]) return false;
    return true;
  };
  type TextRun = { id: number; rows: number; rowNo: number | null; sheet: [number, number]; page: [number, number]; head: string };
  const runs: TextRun[] = [];
  const labels: Buffer[] = [];
  let run: TextRun | undefined;
  let i = 0;
  for (let line = 0; line < rows; line++) {
    if (text[i] !== 0x5b) return null;
    i++;
    for (let v = 0; v <= last; v++) {
      const end = valueEnd(text, i);
      if (end < 0 || !(text[end] === COMMA || (text[end] === CLOSE && v === last))) return null;
      starts[v] = i;
      ends[v] = end;
      i = end + 1;
    }
    const id = numberAt(text, starts[at.id]!, ends[at.id]!);
    if (id === null) return null;
    const rowNo = at.row_no < 0 ? null : numberAt(text, starts[at.row_no]!, ends[at.row_no]!);
    const follows = run !== undefined && id === run.id + run.rows && (rowNo === null ? run.rowNo === null : run.rowNo !== null && rowNo === run.rowNo + run.rows)
      && same(at.sheet, run.sheet) && same(at.page, run.page);
    if (follows) run!.rows++;
    else {
      run = { id, rows: 1, rowNo, sheet: [starts[at.sheet] ?? 0, ends[at.sheet] ?? 0], page: [starts[at.page] ?? 0, ends[at.page] ?? 0], head: `,${rowNo ?? 'null'},${token(at.sheet)},${token(at.page)},` };
      runs.push(run);
    }
    if (at.label >= 0) labels.push(text.subarray(starts[at.label], ends[at.label]));
    const next = text.indexOf(NEWLINE, i);
    i = next < 0 ? text.length : next + 1;
  }
  const parts: Buffer[] = [];
  let label = 0;
  for (const [n, r] of runs.entries()) {
    parts.push(Buffer.from(`${n === 0 ? '[' : ','}[${r.id},${r.rows}${r.head}${at.label >= 0 ? '[' : 'null'}`));
    if (at.label >= 0) {
      for (let k = 0; k < r.rows; k++) {
        if (k > 0) parts.push(COMMA_BYTE);
        parts.push(labels[label++]!);
      }
      parts.push(CLOSE_BYTE);
    }
    parts.push(CLOSE_BYTE);
  }
  parts.push(Buffer.from(runs.length === 0 ? '[]' : ']'));
  return Buffer.concat(parts).toString('utf8');
}

const COMMA_BYTE = Buffer.from(',');
const CLOSE_BYTE = Buffer.from(']');
