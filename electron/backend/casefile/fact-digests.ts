import type Database from 'better-sqlite3';
import { createHash, type Hash } from 'node:crypto';
import { isV2, keyOrder, quoteId } from './block-hasher';
import { documentDigestV2 } from './document-digest';
import { commitRegister, registerFromRows } from './register-digest';
import { RowKeeper } from './row-digests';
import { storedRunDigest } from './run-digest';

/**
 * Digests of the facts a case's evidence rests on, committed in the audit chain by the entry of
 * the act that wrote them (an import, an accepted proposal, a rule run) and recomputed by
 * `zeromile verify`. A digest is SHA-256 over the rows in a canonical encoding, one per table.
 *
 * Two schemes. The second (`v2:` before the value), committed now: SQLite encodes each row as the
 * json_array of its columns in schema order and joins them in blocks, JavaScript only hashes the
 * blocks (block-hasher.ts; documents: document-digest.ts, registers in cached blocks of ids:
 * register-digest.ts, rule runs: run-digest.ts). The first, which verify still recomputes for
 * values committed without the prefix: each row as JSON.stringify of its columns in schema order
 * (trailing NULLs dropped), rows in key order, hashed in JavaScript row by row; a migration
 * recommits every key, and so moves a case to the second scheme.
 *
 * What each key covers:
 * - `document:N`: the document's row and every row of every table with a document_id column
 *   (records of every kind, their sources, rejected rows, page text, VIN mentions, proposals);
 *   not its bytes (documents.sha256 and the import entry's hash cover those) nor flag evidence.
 * - `run:N`: the rule run's row, its flags (all but `status`, which mirrors the verdict, checked
 *   against the verdicts) and their evidence rows (run-digest.ts: hashed per rule as the run finds them).
 * - `parties`: the parties and their aliases, which imports share and update.
 * - `vehicles`: the vehicle register.
 */
export type FactKey = `document:${number}` | `run:${number}` | 'parties' | 'vehicles';

/** Tables with a document_id column that are not a document's own facts (bytes; a run's evidence; derived search text). */
const NOT_DOCUMENT_FACTS = new Set(['documents', 'document_chunks', 'flag_evidence']);

type TableShape = { name: string; order: string };

/** Rows hashed per update of the digest: fewer, larger updates cost less than one per row. */
const PIECE_CHARS = 256 * 1024;

/** Feeds rows into a hash in pieces; counts rows and characters for the verify rate. */
export class RowHasher {
  private readonly hash: Hash = createHash('sha256');
  private piece = '';
  rows = 0;
  chars = 0;

  row(values: unknown[]): void {
    let end = values.length;
    while (end > 0 && values[end - 1] === null) end--;
    this.rows++;
    this.push(JSON.stringify(end === values.length ? values : values.slice(0, end)) + '\n');
  }

  digest(): string {
    this.hash.update(this.piece);
    this.chars += this.piece.length;
    this.piece = '';
    return this.hash.digest('hex');
  }

  private push(text: string): void {
    this.piece += text;
    if (this.piece.length >= PIECE_CHARS) {
      this.hash.update(this.piece);
      this.chars += this.piece.length;
      this.piece = '';
    }
  }
}

/** Tables holding a document's facts, found from the schema so tables added later are covered too. */
export function documentFactTables(db: Database.Database): TableShape[] {
  const tables = db.prepare(`SELECT s.name FROM sqlite_schema s WHERE s.type = 'table' AND s.name NOT LIKE 'sqlite_%'
      AND s.sql NOT LIKE 'CREATE VIRTUAL%' AND EXISTS (SELECT 1 FROM pragma_table_info(s.name) c WHERE c.name = 'document_id')
    ORDER BY s.name`).pluck().all() as string[];
  return tables.filter((t) => !NOT_DOCUMENT_FACTS.has(t)).map((name) => ({ name, order: keyOrder(db, name) }));
}

/** Digests of one fact key, one per table that has rows for it, so verify can name the table that changed. */
export type TableDigests = Record<string, string>;

/** Committed facts: fact key -> its tables' digests, carried in an audit entry's detail as `facts`. */
export type FactDigests = Record<string, TableDigests>;

/** Counts what was hashed, for verify's rate. */
export type HashTally = { rows: number; chars: number };

function hashRows(out: TableDigests, tally: HashTally | undefined, name: string, rows: Iterable<unknown[]>): void {
  let hasher: RowHasher | null = null;
  for (const row of rows) {
    hasher ??= new RowHasher();
    hasher.row(row);
  }
  // A table without rows for this key adds nothing, so a table added later leaves old digests alone.
  if (!hasher) return;
  out[name] = hasher.digest();
  if (tally) {
    tally.rows += hasher.rows;
    tally.chars += hasher.chars;
  }
}

function iterateRaw(db: Database.Database, sql: string, ...params: unknown[]): Iterable<unknown[]> {
  return db.prepare(sql).raw(true).iterate(...params) as Iterable<unknown[]>;
}

/** A document's digests in the first scheme (rows hashed in JavaScript): what documents committed before document-digest.ts. */
function documentDigestV1(db: Database.Database, documentId: number, tally?: HashTally): TableDigests {
  const out: TableDigests = {};
  hashRows(out, tally, 'documents', iterateRaw(db, 'SELECT * FROM documents WHERE id = ?', documentId));
  for (const t of documentFactTables(db)) {
    hashRows(out, tally, t.name, iterateRaw(db, `SELECT * FROM ${quoteId(t.name)} WHERE document_id = ? ORDER BY ${t.order}`, documentId));
  }
  return out;
}

/** The columns of flags but `status`, in schema order. */
function flagColumns(db: Database.Database): string {
  return (db.prepare("SELECT name FROM pragma_table_info('flags') WHERE name <> 'status' ORDER BY cid").pluck().all() as string[]).map(quoteId).join(', ');
}

/**
 * A run's digests in the first scheme, rows hashed in JavaScript with absolute flag ids: what runs
 * committed before run-digest.ts (scheme v2), recomputed for them by verify.
 */
function runDigestV1(db: Database.Database, runId: number, tally?: HashTally): TableDigests {
  const out = runRowDigest(db, runId, tally);
  hashRows(out, tally, 'flags', iterateRaw(db, `SELECT ${flagColumns(db)} FROM flags WHERE run_id = ? ORDER BY id`, runId));
  hashRows(out, tally, 'flag_evidence', iterateRaw(db, `SELECT e.* FROM flags f JOIN flag_evidence e ON e.flag_id = f.id
    WHERE f.run_id = ? ORDER BY e.flag_id, e.record_kind, e.record_id`, runId));
  return out;
}

/** The run's own row, hashed alike in both schemes. */
export function runRowDigest(db: Database.Database, runId: number, tally?: HashTally): TableDigests {
  const out: TableDigests = {};
  hashRows(out, tally, 'rule_runs', iterateRaw(db, 'SELECT * FROM rule_runs WHERE id = ?', runId));
  return out;
}

/** A run's digests as the case holds it now, in the scheme `committed` was made in (v2 when new). */
export function runDigest(db: Database.Database, runId: number, tally?: HashTally, committed?: TableDigests): TableDigests {
  const committedFlags = committed?.flags ?? committed?.flag_evidence;
  if (committedFlags !== undefined && !isV2({ flags: committedFlags })) return runDigestV1(db, runId, tally);
  return { ...runRowDigest(db, runId, tally), ...storedRunDigest(db, runId, tally) };
}

/** The registers in the first scheme, for what was committed before register-digest.ts. */
function registerDigestV1(db: Database.Database, key: 'parties' | 'vehicles', tally?: HashTally): TableDigests {
  const out: TableDigests = {};
  if (key === 'vehicles') {
    hashRows(out, tally, 'vehicles', iterateRaw(db, 'SELECT * FROM vehicles ORDER BY id'));
  } else {
    hashRows(out, tally, 'parties', iterateRaw(db, 'SELECT * FROM parties ORDER BY id'));
    hashRows(out, tally, 'party_aliases', iterateRaw(db, 'SELECT * FROM party_aliases ORDER BY party_id, name'));
  }
  return out;
}

function isRegister(kind: string | undefined): kind is 'parties' | 'vehicles' {
  return kind === 'parties' || kind === 'vehicles';
}

/**
 * The digests of one fact key as the case holds it now, every row read (nothing kept is trusted),
 * in the scheme `committed` was made in: the first for a value without `v2:`, else the second.
 * `keeper`: a commit's, which keeps a document's row digests too (row-digests.ts).
 */
export function factDigest(db: Database.Database, key: string, tally?: HashTally, committed?: TableDigests, keeper?: RowKeeper): TableDigests {
  const [kind, id] = key.split(':');
  const v2 = isV2(committed);
  if (kind === 'document') return v2 ? documentDigestV2(db, Number(id), documentFactTables(db), tally, undefined, keeper) : documentDigestV1(db, Number(id), tally);
  if (kind === 'run') return runDigest(db, Number(id), tally, committed);
  if (isRegister(kind)) return v2 ? registerFromRows(db, kind, tally).digests : registerDigestV1(db, kind, tally);
  throw new Error(`unknown fact key ${key}`);
}

/** The tables whose digests differ between a commit and now, in name order (one missing on either side differs). */
export function differingTables(committed: TableDigests, now: TableDigests): string[] {
  return [...new Set([...Object.keys(committed), ...Object.keys(now)])].sort().filter((t) => committed[t] !== now[t]);
}

/**
 * Digests to commit in the audit entry of an act that wrote these facts, in the second scheme.
 * The registers reuse the block digests kept since the last commit (register-digest.ts), which
 * is what keeps an import's cost to the rows it wrote; the act's transaction must be open.
 */
export function commitFacts(db: Database.Database, keys: readonly string[]): FactDigests {
  // Each row's digest is kept beside the commit, for verify to name the rows that differ (row-digests.ts).
  const keeper = new RowKeeper(db);
  return Object.fromEntries(keys.map((key) => [key, isRegister(key) ? commitRegister(db, key, keeper) : factDigest(db, key, undefined, undefined, keeper)]));
}

/** Every fact key the case holds now (a migration recommits them all: it may rewrite rows). */
export function allFactKeys(db: Database.Database): string[] {
  const documents = (db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[]).map((id) => `document:${id}`);
  const runs = (db.prepare("SELECT id FROM rule_runs WHERE status = 'done' ORDER BY id").pluck().all() as number[]).map((id) => `run:${id}`);
  return [...documents, ...runs, 'parties', 'vehicles'];
}
