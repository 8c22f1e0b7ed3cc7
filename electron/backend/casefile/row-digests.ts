import type Database from 'better-sqlite3';
import type { ChangedRow, ChangedRows } from '../../../shared/contract/changed-rows';
import { columnsOf, quoteId } from './block-hasher';
import { DIGEST_BYTES, KeptBlocks, type KeptRow, packRows, packText, type PlaceIndexes } from './row-digest-blocks';

/**
 * Which rows changed, not only which table: the committed digests are per table of a document
 * and per block of 4,096 register ids, and SHA-256 over a block's bytes cannot say which of its
 * rows differs. So each act that commits facts also keeps, beside them, a digest of every row it
 * committed: a 64-bit hash of the row's encoding (digestsOfBlock), the json_array the block
 * digests are made of (block-hasher.ts), with where the row came from (source row number, sheet,
 * page) or what it names (a vehicle's VIN, a party's name), so a deleted row can still be named.
 *
 * They are kept packed, one row a block the commit hashed (row_digest_blocks, migration 019;
 * row-digest-blocks.ts), tables filed by number (row_digest_tables). Like the kept block digests,
 * these are no evidence (they are not in the chain, and anyone can rewrite them with the row): the
 * finding is the committed digest; these only tell the investigator which rows to look at. Rows
 * are hashed, and their places read, from the block text SQLite already made for the committed
 * digest (split on its newlines: JSON escapes a newline inside a value), and a block is written
 * with one INSERT, so the commit pays one hash a row and no crossing or B-tree entry per row.
 *
 * `fact` is the document id for a document's rows, 0 for the registers. A party's aliases are kept
 * a party at a time (digestsOfGroups); a document's tables without a rowid (page text, VIN
 * mentions) keep none: verify names their table only.
 */
export const REGISTER_FACT = 0;

/** Most rows a finding names; past them it gives the count. */
export const NAMED_ROWS = 20;

/**
 * The digests of a block's rows, in the block's order: `text` is group_concat of their encodings
 * joined by newlines. A 64-bit hash in two 32-bit lanes (the cyrb53 mix), not SHA-256: these
 * digests only locate rows (the evidence is the committed SHA-256 of the block or table, and
 * whoever can forge a collision can as well rewrite this table), and SHA-256 called once a row cost
 * 1.8 µs against 0.4 for this, a third of what a commit pays to keep them (`npm run bench -- --only registers`).
 */
export function digestsOfBlock(text: Buffer | null | undefined, rows: number): Buffer {
  const out = Buffer.alloc(rows * DIGEST_BYTES);
  if (!text) return out;
  let start = 0;
  for (let n = 0; n < rows; n++) {
    let end = text.indexOf(10, start);
    if (end < 0) end = text.length;
    hash64(text, start, end, out, n * DIGEST_BYTES);
    start = end + 1;
  }
  return out;
}

function hash64(text: Buffer, start: number, end: number, out: Buffer, at: number): void {
  let h1 = 0xdeadbeef ^ (end - start);
  let h2 = 0x41c6ce57 ^ (end - start);
  for (let i = start; i < end; i++) {
    const byte = text[i]!;
    h1 = Math.imul(h1 ^ byte, 2654435761);
    h2 = Math.imul(h2 ^ byte, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out.writeInt32LE(h1, at);
  out.writeInt32LE(h2, at + 4);
}

/**
 * A table without a rowid (a party's aliases) is kept a group at a time: one digest over the rows
 * that share its first key column, so verify names the party whose aliases changed. `ids`: that
 * column of each row, joined by commas, in the order of `text`'s rows.
 */
export function digestsOfGroups(ids: string | null, text: Buffer | null): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  if (!ids || !text) return out;
  const of = ids.split(',').map(Number);
  let start = 0;
  let groupStart = 0;
  for (let n = 0; n < of.length; n++) {
    let end = text.indexOf(10, start);
    if (end < 0) end = text.length;
    if (n + 1 === of.length || of[n + 1] !== of[n]) {
      const digest = Buffer.alloc(DIGEST_BYTES);
      hash64(text, groupStart, end, digest, 0);
      out.set(of[n]!, digest);
      groupStart = end + 1;
    }
    start = end + 1;
  }
  return out;
}

/** What a kept row says of where it came from: the columns of these names the table has, else NULL. */
function placeColumns(db: Database.Database, table: string): { row_no: string; sheet: string; page: string; label: string } {
  const columns = new Set(columnsOf(db, table));
  const pick = (name: string) => (columns.has(name) ? quoteId(name) : 'NULL');
  return { row_no: pick('row_no'), sheet: pick('sheet'), page: pick('page'), label: table === 'vehicles' ? pick('vin') : table === 'parties' ? pick('name') : 'NULL' };
}

/**
 * The number a table's kept rows are filed under (row_digest_tables): a name on each of millions
 * of rows cost 9 bytes a row at a million vehicles. `create`: a commit numbers a table it has not
 * kept before; a reader gets null for it.
 */
export function tableCode(db: Database.Database, table: string, create: boolean): number | null {
  if (create) db.prepare('INSERT OR IGNORE INTO row_digest_tables (name) VALUES (?)').run(table);
  return (db.prepare('SELECT code FROM row_digest_tables WHERE name = ?').pluck().get(table) as number | undefined) ?? null;
}

/** Whether the case keeps row digests (a case verified before migration 016 keeps none; one before 019 is read after its upgrade). */
export function keepsRowDigests(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'row_digest_blocks'").get() !== undefined;
}

/** The kept blocks of a register table (read by register-digest.ts: which blocks keep row digests, and their span). */
export function keptRegisterBlocks(db: Database.Database, table: string): KeptBlocks {
  return new KeptBlocks(db, REGISTER_FACT, tableCode(db, table, false) ?? -1);
}

/**
 * How a commit packs one table's blocks: from the block's text where its rows' json_array starts
 * with the values it keeps (packText: every table a commit keeps has its INTEGER PRIMARY KEY, the
 * rowid, first), else from the table's columns (a row a crossing, packRows).
 */
type Packer = { at: PlaceIndexes | null; rows: Database.Statement };

function packer(db: Database.Database, table: string, fact: number): Packer {
  const info = db.prepare('SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string; type: string; pk: number }[];
  const id = info.findIndex((c) => c.pk === 1 && c.type.toUpperCase() === 'INTEGER');
  const aliasesRowid = id >= 0 && info.filter((c) => c.pk > 0).length === 1;
  const index = (name: string) => info.findIndex((c) => c.name === name);
  const label = table === 'vehicles' ? index('vin') : table === 'parties' ? index('name') : -1;
  const p = placeColumns(db, table);
  const filter = fact === REGISTER_FACT ? '' : 'document_id = @fact AND';
  return {
    at: aliasesRowid ? { id, row_no: index('row_no'), sheet: index('sheet'), page: index('page'), label } : null,
    rows: db.prepare(`SELECT rowid AS id, ${p.row_no} AS row_no, ${p.sheet} AS sheet, ${p.page} AS page, ${p.label} AS label
      FROM ${quoteId(table)} WHERE ${filter} rowid BETWEEN @lo AND @hi ORDER BY rowid`),
  };
}

type KeeperStatements = { forget: Database.Statement; forgetRegister: Database.Statement; insertPacked: Database.Statement };

/**
 * Keeps the row digests of the blocks a commit hashes, one packed row a block (row-digest-blocks.ts).
 * `filter` selects the fact's rows of the table (`document_id = @fact`, or nothing for a register);
 * blocks are ranges of rowids.
 */
export class RowKeeper {
  private readonly packers = new Map<string, Packer>();
  private readonly codes = new Map<string, number>();
  private readonly enabled: boolean;
  /** Prepared once a commit, not once a block: a commit keeps thousands of register blocks. */
  private statements: KeeperStatements | null = null;

  constructor(private readonly db: Database.Database) {
    this.enabled = keepsRowDigests(db);
  }

  private get prepared(): KeeperStatements {
    return this.statements ??= {
      forget: this.db.prepare('DELETE FROM row_digest_blocks WHERE fact = ?'),
      forgetRegister: this.db.prepare('DELETE FROM row_digest_blocks WHERE fact = 0 AND tbl = ? AND lo BETWEEN ? AND ?'),
      insertPacked: this.db.prepare('INSERT INTO row_digest_blocks (fact, tbl, lo, hi, digests, places) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  private code(table: string): number {
    let code = this.codes.get(table);
    if (code === undefined) this.codes.set(table, code = tableCode(this.db, table, true)!);
    return code;
  }

  /** Forgets what was kept for a document (it is committed again whole). */
  forgetDocument(documentId: number): void {
    if (this.enabled) this.prepared.forget.run(documentId);
  }

  /** Keeps the groups of a register table without a rowid in ids lo..hi (digestsOfGroups), packed as one block. */
  groups(table: string, lo: number, hi: number, ids: string | null, text: Buffer | null): void {
    if (!this.enabled) return;
    const code = this.code(table);
    const { forgetRegister, insertPacked } = this.prepared;
    forgetRegister.run(code, lo, hi);
    const rows = [...digestsOfGroups(ids, text)].map(([id, digest]) => ({ id, digest, row_no: null, sheet: null, page: null, label: null }));
    if (rows.length === 0) return;
    const { digests, places } = packRows(rows, false);
    insertPacked.run(REGISTER_FACT, code, lo, hi, digests, places);
  }

  /** Keeps the rows of one block of a table: `text` and `rows` as the block digest read them, in rowid order. */
  block(table: string, fact: number, lo: number, hi: number, text: Buffer | null | undefined, rows: number): void {
    if (!this.enabled) return;
    const key = `${table}:${fact === REGISTER_FACT ? 'register' : 'document'}`;
    let pack = this.packers.get(key);
    if (!pack) this.packers.set(key, pack = packer(this.db, table, fact));
    const code = this.code(table);
    if (fact === REGISTER_FACT) this.prepared.forgetRegister.run(code, lo, hi);
    if (rows === 0 || !text) return;
    const digests = digestsOfBlock(text, rows);
    let places = pack.at ? packText(text, rows, pack.at) : null;
    if (places === null) {
      const kept = (pack.rows.all({ fact, lo, hi }) as Omit<KeptRow, 'digest'>[]).map((r, n) => ({ ...r, digest: digests.subarray(n * DIGEST_BYTES, (n + 1) * DIGEST_BYTES) }));
      places = packRows(kept, fact === REGISTER_FACT && (table === 'vehicles' || table === 'parties')).places;
    }
    this.prepared.insertPacked.run(fact, code, lo, hi, digests, places);
  }
}

type Place = { row_no: number | null; sheet: string | null; page: number | null; label: string | null };

/**
 * Whether the last commit may have held rows with ids lo..hi (a register block): a block that
 * holds rows but keeps no row digest was then either empty or had its kept digests deleted, and
 * only the caller can tell which (register-digest.ts).
 */
export type HeldAtCommit = (lo: number, hi: number) => boolean;

type Found = { id: number; change: ChangedRow['change'] };

/** The rows of a block that differ: `ids` and `digests` as now (in id order), `kept` as the commit kept them (in id order). */
function compareBlock(ids: readonly number[], digests: Buffer, kept: readonly KeptRow[], note: (found: Found) => void): void {
  let k = 0;
  for (let n = 0; n < ids.length; n++) {
    const id = ids[n]!;
    while (k < kept.length && kept[k]!.id < id) note({ id: kept[k++]!.id, change: 'deleted' });
    if (k < kept.length && kept[k]!.id === id) {
      if (!kept[k++]!.digest.equals(digests.subarray(n * DIGEST_BYTES, (n + 1) * DIGEST_BYTES))) note({ id, change: 'changed' });
    } else {
      note({ id, change: 'added' });
    }
  }
  while (k < kept.length) note({ id: kept[k++]!.id, change: 'deleted' });
}

/**
 * Compares a table's rows of one fact, block by block, with the digests kept at its last commit,
 * and names the rows that differ (changed, added since, or deleted), the first NAMED_ROWS of them
 * with where they came from, the rest counted. `read(lo, hi)` gives the block's rows as the
 * committed digest encodes them; `committedRows`: whether the commit held rows of the table. Null
 * when nothing was kept for rows the commit held (nothing to hold them to). `held` (a register,
 * blocks of `blockIds` aligned to its blocks): a block with rows, no kept digest and held at the
 * commit is left `unnamed`, not read as rows added (its kept digests were deleted by hand).
 */
export function changedRows(db: Database.Database, table: string, fact: number, read: (lo: number, hi: number) => [number, Buffer | null], blockIds: number,
  committedRows: boolean, within?: [number, number], held?: HeldAtCommit): ChangedRows | null {
  if (!keepsRowDigests(db)) return null;
  const filter = fact === REGISTER_FACT ? '' : 'document_id = @fact AND';
  const name = quoteId(table);
  const kept = new KeptBlocks(db, fact, tableCode(db, table, false) ?? -1);
  // `within`: one block of ids (an import looking at a register block before it writes it).
  let [lo, hi] = within ?? db.prepare(`SELECT min(rowid), max(rowid) FROM ${name} WHERE ${filter} 1`).raw(true).get({ fact }) as [number | null, number | null];
  if (!within) {
    const [keptLo, keptHi] = kept.span();
    if (keptLo !== null && keptHi !== null) [lo, hi] = [Math.min(lo ?? keptLo, keptLo), Math.max(hi ?? keptHi, keptHi)];
  }
  // The commit held rows of the table but nothing is kept of them: the kept digests were removed,
  // and every row would read as added. (A table the commit held no rows of: every row is added.)
  // With `held`, the blocks below say which rows cannot be named.
  if ((committedRows && !held && !kept.any(...(within ?? []))) || lo === null || hi === null) return null;
  const idsNow = db.prepare(`SELECT rowid FROM ${name} WHERE ${filter} rowid BETWEEN @lo AND @hi ORDER BY rowid`).pluck();
  const found: Found[] = [];
  const counts = { changed: 0, added: 0, deleted: 0 };
  const note = (row: Found) => {
    counts[row.change]++;
    if (found.length < NAMED_ROWS) found.push(row);
  };
  const unnamed: [number, number][] = [];
  // Blocks aligned to the caller's: `within` or the table's first id may start inside one.
  const first = held ? lo - (((lo % blockIds) + blockIds) % blockIds) : lo;
  for (let from = first; from <= hi; from += blockIds) {
    const to = Math.min(hi, from + blockIds - 1);
    const [rows, text] = read(from, to);
    // A block whose kept rows do not unpack (its packed row edited by hand) holds nothing to compare with.
    const then = kept.rows(from, to);
    if (!then || (held && rows > 0 && held(from, to) && !kept.any(from, to))) {
      unnamed.push([from, to]);
      continue;
    }
    compareBlock(idsNow.all({ fact, lo: from, hi: to }) as number[], digestsOfBlock(text, rows), then, note);
  }
  const p = placeColumns(db, table);
  const nowPlace = db.prepare(`SELECT ${p.row_no} AS row_no, ${p.sheet} AS sheet, ${p.page} AS page, ${p.label} AS label FROM ${name} WHERE rowid = ?`);
  const rows = found.map(({ id, change }) => {
    const now = change === 'deleted' ? undefined : nowPlace.get(id) as Place | undefined;
    const then = change === 'added' ? undefined : kept.row(id);
    return describe(table, id, change, now ?? then, now && then ? then : undefined);
  });
  return { rows, ...counts, total: counts.changed + counts.added + counts.deleted, ...(unnamed.length > 0 ? { unnamed: joinRanges(unnamed) } : {}) };
}

/** Id ranges in order, adjacent ones joined. */
export function joinRanges(ranges: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [lo, hi] of ranges) {
    const last = out[out.length - 1];
    if (last && last[1] + 1 === lo) last[1] = hi;
    else out.push([lo, hi]);
  }
  return out;
}

/**
 * changedRows for a register table without a rowid, kept a group at a time (a party's aliases):
 * `read(lo, hi)` gives the rows' group ids and text; a group is named by its id, with the name of
 * the party (as it is, or as kept when the party is gone).
 */
export function changedGroups(db: Database.Database, table: string, owner: string, read: (lo: number, hi: number) => [string | null, Buffer | null], blockIds: number,
  committedRows: boolean, span: [number, number] | null, held?: HeldAtCommit): ChangedRows | null {
  if (!keepsRowDigests(db) || !span) return null;
  const kept = new KeptBlocks(db, REGISTER_FACT, tableCode(db, table, false) ?? -1);
  if (committedRows && !held && !kept.any(span[0], span[1])) return null;
  const found: { id: number; change: ChangedRow['change'] }[] = [];
  const counts = { changed: 0, added: 0, deleted: 0 };
  const note = (id: number, change: ChangedRow['change']) => {
    counts[change]++;
    if (found.length < NAMED_ROWS) found.push({ id, change });
  };
  const unnamed: [number, number][] = [];
  for (let from = held ? span[0] - (span[0] % blockIds) : span[0]; from <= span[1]; from += blockIds) {
    const to = Math.min(span[1], from + blockIds - 1);
    const now = digestsOfGroups(...read(from, to));
    const unpacked = kept.rows(from, to);
    const then = new Map((unpacked ?? []).map((k) => [k.id, k.digest]));
    // As in changedRows: groups the commit may have held, with their kept digests deleted, are no groups added.
    if (!unpacked || (held && now.size > 0 && then.size === 0 && held(from, to))) {
      unnamed.push([from, to]);
      continue;
    }
    for (const id of [...new Set([...now.keys(), ...then.keys()])].sort((a, b) => a - b)) {
      const a = now.get(id);
      const b = then.get(id);
      if (!b) note(id, 'added');
      else if (!a) note(id, 'deleted');
      else if (!a.equals(b)) note(id, 'changed');
    }
  }
  const owners = new KeptBlocks(db, REGISTER_FACT, tableCode(db, owner, false) ?? -1);
  const name = db.prepare(`SELECT name FROM ${quoteId(owner)} WHERE id = ?`).pluck();
  const rows = found.map(({ id, change }) => {
    const row: ChangedRow = { table, id, change };
    const label = (name.get(id) as string | undefined) ?? owners.row(id)?.label;
    if (label != null) row.name = label;
    return row;
  });
  return { rows, ...counts, total: counts.changed + counts.added + counts.deleted, ...(unnamed.length > 0 ? { unnamed: joinRanges(unnamed) } : {}) };
}

/** A named row: where it is (now, or as kept when deleted) and, for a register, its VIN or name, with the committed one when it differs. */
function describe(table: string, id: number, change: ChangedRow['change'], place: Place | undefined, committed: Place | undefined): ChangedRow {
  const row: ChangedRow = { table, id, change };
  if (place?.row_no != null) row.row_no = place.row_no;
  if (place?.sheet != null) row.sheet = place.sheet;
  if (place?.page != null) row.page = place.page;
  if (table === 'vehicles' && place?.label != null) row.vin = place.label;
  if (table === 'parties' && place?.label != null) row.name = place.label;
  if (committed && committed.label !== place?.label && committed.label !== null) row.was = committed.label;
  return row;
}

/** Two findings of one table as one: the rows named of both (bounded), the counts summed. */
export function mergeChangedRows(a: ChangedRows | undefined, b: ChangedRows): ChangedRows {
  if (!a) return b;
  return {
    rows: [...a.rows, ...b.rows].slice(0, NAMED_ROWS),
    total: a.total + b.total, changed: a.changed + b.changed, added: a.added + b.added, deleted: a.deleted + b.deleted,
    ...(a.unnamed || b.unnamed ? { unnamed: joinRanges([...a.unnamed ?? [], ...b.unnamed ?? []].sort((x, y) => x[0] - y[0])) } : {}),
  };
}

/** One line of text (English, as the command line prints it) naming the rows, bounded. */
export function changedRowsText(found: ChangedRows, table = found.rows[0]?.table ?? 'the table'): string {
  const named = found.rows.map((r) => {
    const where = [r.sheet != null ? `sheet ${r.sheet}` : '', r.row_no != null ? `row ${r.row_no}` : '', r.page != null ? `page ${r.page}` : ''].filter(Boolean).join(', ');
    const what = r.vin != null ? ` VIN ${r.vin}` : r.name != null ? ` '${r.name}'` : '';
    const was = r.was != null ? ` (committed as ${r.table === 'vehicles' ? `VIN ${r.was}` : `'${r.was}'`})` : '';
    if (r.table === 'party_aliases') return `the aliases of party ${r.id}${what} ${r.change}`;
    return `${r.table} ${r.id}${what}${where ? ` (${where})` : ''} ${r.change}${was}`;
  });
  const more = found.total - found.rows.length;
  const counts = (['changed', 'added', 'deleted'] as const).filter((c) => found[c] > 0).map((c) => `${found[c]} ${c}`).join(', ');
  const unnamed = found.unnamed?.length
    ? `the rows of ${table} with ${table === 'party_aliases' ? 'party ids' : 'ids'} ${found.unnamed.map(([lo, hi]) => `${lo}-${hi}`).join(', ')} cannot be named (their kept row digests are gone)`
    : '';
  if (found.total === 0) return unnamed;
  return `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''} (${found.total} row${found.total === 1 ? '' : 's'}: ${counts})${unnamed ? `; ${unnamed}` : ''}`;
}
