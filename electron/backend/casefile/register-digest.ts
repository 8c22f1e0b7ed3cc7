import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { BlockHasher, columnsOf, DIGEST_V2, encodedRows, keyOrder, orderedRows, quoteId } from './block-hasher';
import type { HashTally, TableDigests } from './fact-digests';
import { changedGroups, changedRows, joinRanges, keepsRowDigests, keptRegisterBlocks, mergeChangedRows, REGISTER_FACT, type RowKeeper } from './row-digests';
import type { ChangedRows } from '../../../shared/contract/changed-rows';

/**
 * The registers' digests in the second scheme (`v2:`), which every import's audit entry commits.
 *
 * A register table is split by id into blocks of 4,096 ids (block = id >> 12; party_aliases by
 * party_id). A block's digest is SHA-256 over its rows, each the json_array of its columns in
 * schema order ending in a newline, in key order. The table's committed value is `v2:` + SHA-256
 * over one line per block that has rows: `block \t rows \t digest \n`, in block order.
 *
 * An act that commits the registers reuses the block digests kept in register_blocks (migration
 * 011: a trigger drops a block's digest when any connection writes a row of it) and hashes only
 * the blocks missing there, so an import pays for the blocks it wrote, not for the whole register.
 * Verify never trusts that table: it recomputes every block from the rows (registerFromRows).
 */
// Exported for register-writes.ts, which names the blocks an import wrote.
export const REGISTER_BLOCK_BITS = 12;
export const BLOCK_IDS = 2 ** REGISTER_BLOCK_BITS;

export type RegisterTable = { table: string; by: string };

export const REGISTERS: Record<'parties' | 'vehicles', readonly RegisterTable[]> = {
  parties: [{ table: 'parties', by: 'id' }, { table: 'party_aliases', by: 'party_id' }],
  vehicles: [{ table: 'vehicles', by: 'id' }],
};

/** One block's rows hashed. */
export type RegisterBlock = { block: number; rows: number; digest: string };

/** What a cached block digest was made with: the block size and the columns then. */
function shapeOf(db: Database.Database, table: string): string {
  return `${REGISTER_BLOCK_BITS}:${columnsOf(db, table).join(',')}`;
}

/** Hashes one block from the rows; null when it has none. */
type BlockReader = (block: number) => RegisterBlock | null;

/** A register's rows with ids lo..hi as its block digests encode them: [rows, text]. */
export function registerRowsReader(db: Database.Database, t: RegisterTable): (lo: number, hi: number) => [number, Buffer | null] {
  const by = quoteId(t.by);
  const order = keyOrder(db, t.table);
  const read = encodedRows<[number, number]>(db, t.table, (json) => `SELECT count(*), CAST(group_concat(j, char(10)) AS BLOB)
    FROM ${orderedRows(`${json} AS j`, `FROM ${quoteId(t.table)} WHERE ${by} BETWEEN ? AND ?`, order)}`, (s) => s.raw(true));
  return (lo, hi) => read(lo, hi) as [number, Buffer | null];
}

/** A register table without a rowid (the aliases) with `by` lo..hi: each row's `by` joined by commas, and the rows' text. */
function registerGroupsReader(db: Database.Database, t: RegisterTable): (lo: number, hi: number) => [string | null, Buffer | null] {
  const by = quoteId(t.by);
  const order = keyOrder(db, t.table);
  const read = encodedRows<[number, number]>(db, t.table, (json) => `SELECT group_concat(b, ','), CAST(group_concat(j, char(10)) AS BLOB)
    FROM ${orderedRows(`${by} AS b, ${json} AS j`, `FROM ${quoteId(t.table)} WHERE ${by} BETWEEN ? AND ?`, order)}`, (s) => s.raw(true));
  return (lo, hi) => read(lo, hi) as [string | null, Buffer | null];
}

/** `keeper`: a commit's, which keeps the digest of each row it hashes, or of each party's aliases (row-digests.ts). */
function blockReader(db: Database.Database, t: RegisterTable, tally?: HashTally, keeper?: RowKeeper): BlockReader {
  const read = registerRowsReader(db, t);
  const rowid = keyOrder(db, t.table) === 'rowid';
  const groups = keeper && !rowid ? registerGroupsReader(db, t) : null;
  return (block) => {
    const lo = block * BLOCK_IDS;
    const hi = (block + 1) * BLOCK_IDS - 1;
    const [rows, text] = read(lo, hi);
    if (keeper && rowid) keeper.block(t.table, REGISTER_FACT, lo, hi, text, rows);
    else if (keeper && groups) keeper.groups(t.table, lo, hi, ...groups(lo, hi));
    if (rows === 0) return null;
    const hasher = new BlockHasher();
    hasher.block(text);
    if (tally) {
      tally.rows += rows;
      tally.chars += hasher.bytes;
    }
    return { block, rows, digest: hasher.digest() };
  };
}

/** The first and last block that hold rows (min and max apart: each then reads one end of the key). */
function blockSpan(db: Database.Database, t: RegisterTable): [number, number] | null {
  const by = quoteId(t.by);
  const [lo, hi] = db.prepare(`SELECT (SELECT min(${by}) FROM ${quoteId(t.table)}), (SELECT max(${by}) FROM ${quoteId(t.table)})`).raw(true).get() as [number | null, number | null];
  return lo === null || hi === null ? null : [Math.floor(lo / BLOCK_IDS), Math.floor(hi / BLOCK_IDS)];
}

/** The committed value of a table from its blocks. */
function composeRegister(blocks: readonly RegisterBlock[]): string {
  const lines = [...blocks].sort((a, b) => a.block - b.block).map((b) => `${b.block}\t${b.rows}\t${b.digest}\n`);
  return DIGEST_V2 + createHash('sha256').update(lines.join('')).digest('hex');
}

/** Every block of a table hashed from its rows, trusting nothing kept (verify, and a commit without the triggers). */
function blocksFromRows(db: Database.Database, t: RegisterTable, tally?: HashTally, keeper?: RowKeeper): RegisterBlock[] {
  const span = blockSpan(db, t);
  if (!span) return [];
  const read = blockReader(db, t, tally, keeper);
  const blocks: RegisterBlock[] = [];
  for (let block = span[0]; block <= span[1]; block++) {
    const hashed = read(block);
    if (hashed) blocks.push(hashed);
  }
  return blocks;
}

/** Whether the schema holds the triggers that keep a table's kept digests honest (a rebuilt table loses them). */
function hasTriggers(db: Database.Database, table: string): boolean {
  return (db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? AND name LIKE 'register\\_blocks\\_%' ESCAPE '\\'").pluck().get(table) as number) === 3;
}

/**
 * Whether nothing wrote a table since its last commit: its triggers are all there and every block
 * of its span keeps a digest of its present shape (a write drops its block's; a commit keeps every
 * block that holds rows). Two ends of the key and the kept rows: no scan of the table. A block
 * left empty inside the span reads as written, which only costs its caller a look at the rows.
 */
export function keptSinceCommit(db: Database.Database, t: RegisterTable): boolean {
  if (!hasTriggers(db, t.table)) return false;
  const span = blockSpan(db, t);
  if (!span) return true;
  const kept = db.prepare('SELECT count(*) FROM register_blocks WHERE tbl = ? AND shape = ? AND block BETWEEN ? AND ?').pluck()
    .get(t.table, shapeOf(db, t.table), span[0], span[1]) as number;
  return kept === span[1] - span[0] + 1;
}

/**
 * Whether a block's rows still give the digests kept for it, asked by an import before it first
 * writes the block with the triggers set aside (register-writes.ts). A kept digest is the one the
 * last commit holds for that block (a write through the triggers drops it), so rows that differ from
 * it were changed outside ZeroMile without the triggers firing (`.dbconfig enable_trigger off` in
 * the sqlite3 shell leaves the schema as it was): the import would hash the block again and commit
 * them as its own. A block it does not write keeps its old digest in the commit, and verify names it.
 */
export class KeptBlockCheck {
  private readonly readers = new Map<string, BlockReader>();
  private readonly kept: Database.Statement;
  private readonly shapes = new Map<string, string>();

  constructor(private readonly db: Database.Database) {
    this.kept = db.prepare('SELECT rows, digest FROM register_blocks WHERE tbl = ? AND block = ? AND shape = ?');
  }

  /**
   * The tables of a register whose rows in this block differ from the digest kept for it (none kept:
   * nothing to hold them to), with the rows that differ where row digests were kept.
   */
  differingRows(key: 'parties' | 'vehicles', block: number): { tables: string[]; rows: Record<string, ChangedRows> } {
    const tables = this.differing(key, block);
    return { tables, rows: tables.length > 0 ? registerChangedRows(this.db, key, tables, {}, Object.fromEntries(tables.map((t) => [t, [block]]))) : {} };
  }

  /** The tables of a register whose rows in this block differ from the digest kept for it (none kept: nothing to hold them to). */
  differing(key: 'parties' | 'vehicles', block: number): string[] {
    const out: string[] = [];
    for (const t of REGISTERS[key]) {
      let shape = this.shapes.get(t.table);
      if (shape === undefined) this.shapes.set(t.table, shape = shapeOf(this.db, t.table));
      const kept = this.kept.get(t.table, block, shape) as { rows: number; digest: string } | undefined;
      if (!kept) continue;
      let read = this.readers.get(t.table);
      if (!read) this.readers.set(t.table, read = blockReader(this.db, t));
      const now = read(block);
      if (!now || now.rows !== kept.rows || now.digest !== kept.digest) out.push(t.table);
    }
    return out;
  }
}

/** The block digests kept for a table, made with its present shape. */
function keptBlocks(db: Database.Database, table: string): Map<number, RegisterBlock> {
  const rows = db.prepare('SELECT block, rows, digest FROM register_blocks WHERE tbl = ? AND shape = ?').all(table, shapeOf(db, table)) as RegisterBlock[];
  return new Map(rows.map((r) => [r.block, r]));
}

/**
 * A table's blocks for a commit: the kept digests, and the blocks missing there hashed and kept.
 * Runs inside the committing act's transaction, so a rolled-back act keeps nothing.
 */
function blocksForCommit(db: Database.Database, t: RegisterTable, keeper?: RowKeeper): RegisterBlock[] {
  if (!hasTriggers(db, t.table)) return blocksFromRows(db, t, undefined, keeper);
  const shape = shapeOf(db, t.table);
  db.prepare('DELETE FROM register_blocks WHERE tbl = ? AND shape <> ?').run(t.table, shape);
  const kept = keptBlocks(db, t.table);
  const span = blockSpan(db, t);
  if (span) {
    const read = blockReader(db, t, undefined, keeper);
    const keep = db.prepare('INSERT INTO register_blocks (tbl, block, shape, rows, digest) VALUES (?, ?, ?, ?, ?)');
    for (let block = span[0]; block <= span[1]; block++) {
      if (kept.has(block)) continue;
      const hashed = read(block);
      if (!hashed) continue;
      keep.run(t.table, block, shape, hashed.rows, hashed.digest);
      kept.set(block, hashed);
    }
  }
  // A kept block outside the rows' span (its rows deleted while the triggers were off) stays in:
  // the commit then still differs from the rows, and verify names it.
  return [...kept.values()];
}

/** A register's digests for the audit entry of an act that wrote it (the kept block digests reused). */
export function commitRegister(db: Database.Database, key: 'parties' | 'vehicles', keeper?: RowKeeper): TableDigests {
  const out: TableDigests = {};
  for (const t of REGISTERS[key]) {
    const blocks = blocksForCommit(db, t, keeper);
    if (blocks.length > 0) out[t.table] = composeRegister(blocks);
  }
  return out;
}

/** A register's digests recomputed from every row, with the blocks, for verify. */
export function registerFromRows(db: Database.Database, key: 'parties' | 'vehicles', tally?: HashTally): { digests: TableDigests; blocks: Record<string, RegisterBlock[]> } {
  const digests: TableDigests = {};
  const blocks: Record<string, RegisterBlock[]> = {};
  for (const t of REGISTERS[key]) {
    const hashed = blocksFromRows(db, t, tally);
    blocks[t.table] = hashed;
    // A table without rows adds nothing, as in the first scheme.
    if (hashed.length > 0) digests[t.table] = composeRegister(hashed);
  }
  return { digests, blocks };
}

/**
 * For the investigator, when a register differs from its commit: the blocks whose rows differ
 * from the block digests kept at the last commit (a kept digest missing means a write touched the
 * block since). A hint, not a proof: the kept digests are no evidence, so verify only says where
 * to look. Empty when nothing kept differs (the rows of a block were all deleted through the triggers).
 */
export function changedBlocks(db: Database.Database, table: string, blocks: readonly RegisterBlock[]): number[] {
  // A case verified before its migration to version 11 keeps nothing.
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'register_blocks'").get() === undefined) return [];
  const kept = keptBlocks(db, table);
  const changed = new Set<number>();
  for (const b of blocks) {
    const k = kept.get(b.block);
    if (!k || k.digest !== b.digest || k.rows !== b.rows) changed.add(b.block);
  }
  const present = new Set(blocks.map((b) => b.block));
  for (const block of kept.keys()) if (!present.has(block)) changed.add(block);
  return [...changed].sort((a, b) => a - b);
}

/** Blocks (changedBlocks, in order) as ranges of ids, adjacent blocks joined. */
export function blockIdRanges(blocks: readonly number[]): [number, number][] {
  return joinRanges(blocks.map((block) => [block * BLOCK_IDS, (block + 1) * BLOCK_IDS - 1]));
}

/**
 * The rows of a register's tables that differ from the row digests kept at their last commit
 * (row-digests.ts), by table; `committed`: the register's last committed digests. `blocks`: only
 * the ids of these blocks of each table (a block held to its kept digest by an import; the blocks
 * verify found differing from theirs), else every row. The aliases are named by party
 * (changedGroups). A table where nothing differs or nothing was kept is left out.
 */
export function registerChangedRows(db: Database.Database, key: 'parties' | 'vehicles', tables: readonly string[], committed: TableDigests,
  blocks?: Record<string, readonly number[]>, emptyAtCommit?: Record<string, ReadonlySet<number>>): Record<string, ChangedRows> {
  const out: Record<string, ChangedRows> = {};
  if (!keepsRowDigests(db)) return out;
  const keptBlock = db.prepare('SELECT 1 FROM register_blocks WHERE tbl = ? AND block = ?');
  for (const t of REGISTERS[key]) {
    if (!tables.includes(t.table)) continue;
    const rowid = keyOrder(db, t.table) === 'rowid';
    const read = rowid ? registerRowsReader(db, t) : registerGroupsReader(db, t);
    // Whether the commit may have held rows in a block: the register's commit names the tables it
    // held rows of, and a block's kept digest is of rows it held. Not from the kept digest alone: a
    // write through the triggers drops it, so a block edited in the sqlite3 shell keeps none, and
    // its rows, their row digests deleted too, would read as added.
    const held = (lo: number): boolean => {
      const block = Math.floor(lo / BLOCK_IDS);
      return (committed[t.table] !== undefined || keptBlock.get(t.table, block) !== undefined) && !emptyAtCommit?.[t.table]?.has(block);
    };
    let found: ChangedRows | undefined;
    for (const block of blocks?.[t.table] ?? [null]) {
      const committedRows = block === null ? committed[t.table] !== undefined : held(block * BLOCK_IDS);
      const within: [number, number] | undefined = block === null ? undefined : [block * BLOCK_IDS, (block + 1) * BLOCK_IDS - 1];
      const rows = rowid
        ? changedRows(db, t.table, REGISTER_FACT, read as ReturnType<typeof registerRowsReader>, BLOCK_IDS, committedRows, within, held)
        : changedGroups(db, t.table, 'parties', read as ReturnType<typeof registerGroupsReader>, BLOCK_IDS, committedRows, within ?? groupSpan(db, t), held);
      if (rows && (rows.total > 0 || rows.unnamed)) found = mergeChangedRows(found, rows);
    }
    if (found) out[t.table] = found;
  }
  return out;
}

/**
 * The blocks of a register table that hold rows but keep no row digest, when the register's
 * commit held none of them: the table's committed digest is that of its other blocks alone (as
 * hashed now), so their rows were all added since. Else none: whether such a block held rows at
 * the commit (its kept row digests deleted by hand) cannot be told, and its rows are not named.
 */
export function blocksEmptyAtCommit(db: Database.Database, table: string, blocks: readonly RegisterBlock[], committed: string | undefined): Set<number> {
  const kept = keptRegisterBlocks(db, table);
  const unkept = new Set(blocks.filter((b) => !kept.any(b.block * BLOCK_IDS, (b.block + 1) * BLOCK_IDS - 1)).map((b) => b.block));
  if (unkept.size === 0 || committed === undefined) return unkept;
  const rest = blocks.filter((b) => !unkept.has(b.block));
  return rest.length > 0 && composeRegister(rest) === committed ? unkept : new Set();
}

/** The ids a table without a rowid holds now or was kept for (a deleted party's aliases lie past the rows). */
function groupSpan(db: Database.Database, t: RegisterTable): [number, number] | null {
  const by = quoteId(t.by);
  const [lo, hi] = db.prepare(`SELECT min(${by}), max(${by}) FROM ${quoteId(t.table)}`).raw(true).get() as [number | null, number | null];
  const [keptLo, keptHi] = keptRegisterBlocks(db, t.table).span();
  const ends = [[lo, hi], [keptLo, keptHi]].filter((e): e is [number, number] => e[0] !== null && e[1] !== null);
  return ends.length === 0 ? null : [Math.min(...ends.map((e) => e[0])), Math.max(...ends.map((e) => e[1]))];
}
