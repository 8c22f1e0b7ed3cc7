import type Database from 'better-sqlite3';
import { createHash, type Hash } from 'node:crypto';
import { RUN_DIGEST_V2, storedRunDigest } from './run-digest';

/**
 * Digests of the facts a case's evidence rests on, committed in the audit chain by the entry of
 * the act that wrote them (an import, an accepted proposal, a rule run) and recomputed by
 * `zeromile verify`. A digest is SHA-256 over the rows in a canonical encoding: tables in name
 * order, each row as the JSON array of its columns in schema order (trailing NULLs dropped, so
 * a column added later by a migration leaves old digests as they were), rows in key order.
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

function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Ordering by a table's key: rowid, or the primary key columns of a WITHOUT ROWID table. */
function orderOf(db: Database.Database, table: string): string {
  const withoutRowid = /WITHOUT\s+ROWID\s*;?\s*$/i.test((db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined) ?? '');
  if (!withoutRowid) return 'rowid';
  const pk = (db.prepare('SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(table) as { name: string }[]).map((c) => quoteId(c.name));
  return pk.join(', ');
}

/** Tables holding a document's facts, found from the schema so tables added later are covered too. */
export function documentFactTables(db: Database.Database): TableShape[] {
  const tables = db.prepare(`SELECT s.name FROM sqlite_schema s WHERE s.type = 'table' AND s.name NOT LIKE 'sqlite_%'
      AND s.sql NOT LIKE 'CREATE VIRTUAL%' AND EXISTS (SELECT 1 FROM pragma_table_info(s.name) c WHERE c.name = 'document_id')
    ORDER BY s.name`).pluck().all() as string[];
  return tables.filter((t) => !NOT_DOCUMENT_FACTS.has(t)).map((name) => ({ name, order: orderOf(db, name) }));
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

export function documentDigest(db: Database.Database, documentId: number, tally?: HashTally): TableDigests {
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
  if (committedFlags !== undefined && !committedFlags.startsWith(RUN_DIGEST_V2)) return runDigestV1(db, runId, tally);
  return { ...runRowDigest(db, runId, tally), ...storedRunDigest(db, runId, tally) };
}

export function partiesDigest(db: Database.Database, tally?: HashTally): TableDigests {
  const out: TableDigests = {};
  hashRows(out, tally, 'parties', iterateRaw(db, 'SELECT * FROM parties ORDER BY id'));
  hashRows(out, tally, 'party_aliases', iterateRaw(db, 'SELECT * FROM party_aliases ORDER BY party_id, name'));
  return out;
}

export function vehiclesDigest(db: Database.Database, tally?: HashTally): TableDigests {
  const out: TableDigests = {};
  hashRows(out, tally, 'vehicles', iterateRaw(db, 'SELECT * FROM vehicles ORDER BY id'));
  return out;
}

/** The digests of one fact key as the case holds it now (a run's in the scheme of `committed`, when given). */
export function factDigest(db: Database.Database, key: string, tally?: HashTally, committed?: TableDigests): TableDigests {
  const [kind, id] = key.split(':');
  if (kind === 'document') return documentDigest(db, Number(id), tally);
  if (kind === 'run') return runDigest(db, Number(id), tally, committed);
  if (kind === 'parties') return partiesDigest(db, tally);
  if (kind === 'vehicles') return vehiclesDigest(db, tally);
  throw new Error(`unknown fact key ${key}`);
}

/** Digests to commit in the audit entry of an act that wrote these facts. */
export function commitFacts(db: Database.Database, keys: readonly string[]): FactDigests {
  return Object.fromEntries(keys.map((key) => [key, factDigest(db, key)]));
}

/** Every fact key the case holds now (a migration recommits them all: it may rewrite rows). */
export function allFactKeys(db: Database.Database): string[] {
  const documents = (db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[]).map((id) => `document:${id}`);
  const runs = (db.prepare("SELECT id FROM rule_runs WHERE status = 'done' ORDER BY id").pluck().all() as number[]).map((id) => `run:${id}`);
  return [...documents, ...runs, 'parties', 'vehicles'];
}
