import type Database from 'better-sqlite3';
import { isV2, keyOrder } from '../casefile/block-hasher';
import { differingTables, documentFactTables, factDigest, type FactDigests, type HashTally, type TableDigests } from '../casefile/fact-digests';
import { BLOCK_ROWIDS, documentBlockReader } from '../casefile/document-digest';
import { blockIdRanges, blocksEmptyAtCommit, changedBlocks, REGISTERS, registerChangedRows, registerFromRows, type RegisterBlock } from '../casefile/register-digest';
import type { OutsideChange } from '../casefile/register-outside';
import { changedRows, changedRowsText } from '../casefile/row-digests';
import type { ChangedRows } from '../../../shared/contract/changed-rows';
import type { VerifyProblem } from './verify';

type Entry = { id: number; action: string; subject: string | null; detail: string };
type Committed = { entry: number; tables: TableDigests };
type ImportEntry = { entry: number; file: string; sha256: string; size: number | null };

/** What the audit log says the case holds: the last committed digests of each fact, imports, verdicts, notes and tags. */
type AuditedState = {
  facts: Map<string, Committed>;
  /** Registers an act found changed outside ZeroMile before it wrote them (register-outside.ts). */
  outside: { entry: number; action: string; change: OutsideChange }[];
  imports: Map<number, ImportEntry>;
  importsBySha: Map<string, ImportEntry>;
  reviews: Map<string, { entry: number; status: string; reason: string | null }>;
  notes: Map<number, { entry: number; subject: string; body: string }>;
  tags: Map<string, { entry: number; tags: string[] }>;
  /** Case properties printed on every sheet: title from the creation, the rest from each update. */
  meta: Map<string, { entry: number; value: string }>;
};

function readAuditedState(db: Database.Database): AuditedState {
  const state: AuditedState = { facts: new Map(), outside: [], imports: new Map(), importsBySha: new Map(), reviews: new Map(), notes: new Map(), tags: new Map(), meta: new Map() };
  for (const e of db.prepare('SELECT id, action, subject, detail FROM audit_log ORDER BY id').iterate() as IterableIterator<Entry>) {
    let detail: Record<string, unknown>;
    try {
      detail = (JSON.parse(e.detail) ?? {}) as Record<string, unknown>;
    } catch {
      continue; // an edited entry: the chain walk names it
    }
    if (Array.isArray(detail.registers_changed_outside)) {
      for (const change of detail.registers_changed_outside as OutsideChange[]) state.outside.push({ entry: e.id, action: e.action, change });
    }
    if (detail.facts && typeof detail.facts === 'object') {
      for (const [key, tables] of Object.entries(detail.facts as FactDigests)) state.facts.set(key, { entry: e.id, tables });
    }
    if (e.action === 'import.file') {
      const entry = { entry: e.id, file: String(detail.file ?? ''), sha256: String(detail.sha256 ?? e.subject ?? ''), size: typeof detail.size === 'number' ? detail.size : null };
      if (typeof detail.document === 'number') state.imports.set(detail.document, entry);
      state.importsBySha.set(entry.sha256, entry);
    } else if (e.action === 'review.set' && e.subject) {
      state.reviews.set(e.subject, { entry: e.id, status: String(detail.status), reason: (detail.reason as string | null) ?? null });
    } else if (e.action === 'note.add' && typeof detail.id === 'number') {
      state.notes.set(detail.id, { entry: e.id, subject: e.subject ?? '', body: String(detail.body) });
    } else if (e.action === 'case.create' && typeof detail.title === 'string') {
      state.meta.set('title', { entry: e.id, value: detail.title });
    } else if (e.action === 'case.update-meta') {
      for (const key of PRINTED_META) if (typeof detail[key] === 'string') state.meta.set(key, { entry: e.id, value: detail[key] });
    } else if (e.action === 'tags.set' && e.subject) {
      state.tags.set(e.subject, { entry: e.id, tags: (detail.after as string[]) ?? [] });
    }
  }
  return state;
}

/** The case properties every printed page carries. */
const PRINTED_META = ['title', 'case_number', 'classification', 'analyst', 'subject'] as const;

function checkCaseMeta(db: Database.Database, state: AuditedState, problems: VerifyProblem[]): void {
  const get = db.prepare('SELECT value FROM case_meta WHERE key = ?').pluck();
  for (const key of PRINTED_META) {
    const now = get.get(key) as string | undefined;
    const audited = state.meta.get(key);
    // A case made before the creation entry recorded its title has nothing to hold the title to.
    if (!audited && (now === undefined || key === 'title')) continue;
    if (now !== audited?.value) {
      problems.push({ what: 'case', key, problem: 'changed', message: `the case's ${key.replace('_', ' ')} is ${now === undefined ? 'missing' : `'${now}'`}, but ${audited ? `audit entry ${audited.entry} set '${audited.value}'` : 'no audit entry set it'}.` });
    }
  }
}

type DocumentRow = { id: number; file_name: string; sha256: string; size: number };

/** Each stored document against the import entry that took it in: same hash, same size. */
function checkImports(db: Database.Database, state: AuditedState, problems: VerifyProblem[]): void {
  for (const doc of db.prepare('SELECT id, file_name, sha256, size FROM documents ORDER BY id').iterate() as IterableIterator<DocumentRow>) {
    const name = `document ${doc.id} (${doc.file_name})`;
    const entry = state.imports.get(doc.id) ?? state.importsBySha.get(doc.sha256);
    const base = { what: 'document' as const, document_id: doc.id, file_name: doc.file_name, problem: 'import_entry' as const };
    if (!entry) {
      problems.push({ ...base, message: `${name}: no import entry in the audit log took in a file with SHA-256 ${doc.sha256} (the document was added or replaced outside ZeroMile).` });
    } else if (entry.sha256 !== doc.sha256 || (entry.size !== null && entry.size !== doc.size)) {
      problems.push({ ...base, message: `${name}: holds ${doc.size} bytes with SHA-256 ${doc.sha256}, but its import (audit entry ${entry.entry}) took in ${entry.size ?? '?'} bytes with SHA-256 ${entry.sha256}: the document was replaced.` });
    }
  }
}

function describeKey(db: Database.Database, key: string): string {
  const [kind, id] = key.split(':');
  if (kind === 'document') {
    const name = db.prepare('SELECT file_name FROM documents WHERE id = ?').pluck().get(Number(id)) as string | undefined;
    return `document ${id}${name ? ` (${name})` : ''}`;
  }
  if (kind === 'run') return `rule run ${id}`;
  return `the ${kind} register`;
}

function exists(db: Database.Database, key: string): boolean {
  const [kind, id] = key.split(':');
  if (kind === 'document') return db.prepare('SELECT 1 FROM documents WHERE id = ?').get(Number(id)) !== undefined;
  if (kind === 'run') return db.prepare('SELECT 1 FROM rule_runs WHERE id = ?').get(Number(id)) !== undefined;
  return true;
}

/** Most ranges a hint names: past that, the register changed everywhere and a list does not help. */
const MAX_HINT_RANGES = 6;

/**
 * Where a register's rows changed, from the block digests the case kept at its last commit. The
 * kept digests are no evidence (they are not in the chain): the finding is the digest above; this
 * only tells the investigator which ids to look at.
 */
function whereRegisterChanged(key: keyof typeof REGISTERS, changed: string[], blocks: Record<string, readonly number[]>, named: Record<string, ChangedRows>): string {
  const hints: string[] = [];
  for (const t of REGISTERS[key].filter((r) => changed.includes(r.table) && !named[r.table])) {
    const ranges = blockIdRanges(blocks[t.table] ?? []);
    if (ranges.length > 0 && ranges.length <= MAX_HINT_RANGES) hints.push(`${t.table} with ${t.by} ${ranges.map(([lo, hi]) => `${lo}-${hi}`).join(', ')}`);
  }
  return hints.length > 0 ? ` Rows changed since the last commit lie in: ${hints.join('; ')}.` : '';
}

/**
 * The rows of a fact's tables that differ, held to the row digests kept at its last commit
 * (row-digests.ts): read again only for a table whose committed digest differs, so a case that
 * holds costs nothing more. Like the block hint, a locator: the finding is the digest.
 */
function nameChangedRows(db: Database.Database, key: string, changed: string[], committed: TableDigests, blocks: Record<string, RegisterBlock[]> | undefined):
  { named: Record<string, ChangedRows>; text: string; candidates: Record<string, number[]> } {
  const [kind, id] = key.split(':');
  let named: Record<string, ChangedRows> = {};
  let candidates: Record<string, number[]> = {};
  if (kind === 'parties' || kind === 'vehicles') {
    // First the blocks whose rows differ from their kept digests (a block of 4,096 ids, not a
    // million rows), then, should they name nothing (the kept digests changed with the rows), every row.
    candidates = Object.fromEntries(changed.map((table) => [table, changedBlocks(db, table, blocks?.[table] ?? [])]));
    const empty = Object.fromEntries(changed.map((table) => [table, blocksEmptyAtCommit(db, table, blocks?.[table] ?? [], committed[table])]));
    named = registerChangedRows(db, kind, changed, committed, candidates, empty);
    const missed = changed.filter((table) => !named[table]);
    if (missed.length > 0) named = { ...named, ...registerChangedRows(db, kind, missed, committed, undefined, empty) };
  } else if (kind === 'document') {
    for (const table of changed) {
      if (table === 'documents' || keyOrder(db, table) !== 'rowid') continue;
      const found = changedRows(db, table, Number(id), documentBlockReader(db, table, Number(id)), BLOCK_ROWIDS, committed[table] !== undefined);
      if (found && found.total > 0) named[table] = found;
    }
  }
  const unnamed = changed.filter((table) => table !== 'documents' && !named[table]);
  const lines = Object.entries(named).filter(([, found]) => found.total > 0).map(([table, found]) => changedRowsText(found, table));
  // A table whose kept row digests are all gone where it differs names no row, only the ids it cannot name.
  const unkept = Object.entries(named).filter(([, found]) => found.total === 0).map(([table, found]) => changedRowsText(found, table));
  const text = (lines.length > 0 ? ` Rows that differ: ${lines.join('; ')}.` : '')
    + (unkept.length > 0 ? ` ${unkept.join('; ').replace(/^t/, 'T')}.` : '')
    + (unnamed.length > 0 ? ` The rows of ${unnamed.join(', ')} cannot be named: no row digests are kept for ${unnamed.length === 1 ? 'it' : 'them'}, or they were changed with the rows.` : '');
  return { named, text, candidates };
}

/** Recomputes every committed fact digest and names each table whose rows differ from what was committed. */
function checkFacts(db: Database.Database, state: AuditedState, problems: VerifyProblem[], tally: HashTally): void {
  for (const [key, committed] of state.facts) {
    const what = describeKey(db, key);
    if (!exists(db, key)) {
      problems.push({ what: 'facts', key, problem: 'removed', message: `${what}, committed by audit entry ${committed.entry}, is gone from the case file.` });
      continue;
    }
    // A register in the second scheme keeps its blocks, to say where it changed.
    const register = (key === 'parties' || key === 'vehicles') && isV2(committed.tables) ? registerFromRows(db, key, tally) : null;
    const now = register?.digests ?? factDigest(db, key, tally, committed.tables);
    const changed = differingTables(committed.tables, now);
    if (changed.length > 0) {
      // `candidates`: the register's blocks that differ from their kept digests, for the hint below too.
      const { named, text, candidates } = nameChangedRows(db, key, changed, committed.tables, register?.blocks);
      problems.push({
        what: 'facts', key, problem: 'digest',
        message: `${what}: its rows in ${changed.join(', ')} differ from those committed by audit entry ${committed.entry} (rows were edited, inserted or deleted outside ZeroMile).${text}${register ? whereRegisterChanged(key as keyof typeof REGISTERS, changed, candidates, named) : ''}`,
        ...(Object.keys(named).length > 0 ? { changed_rows: named } : {}),
      });
    }
  }
  // A later commit took such a change in, so the digests above cannot see it: the entry that found it is the record.
  for (const { entry, action, change } of state.outside) {
    // The rows the act named are in its entry, so in the chain: they stand as the act found them.
    const named = change.rows && Object.keys(change.rows).length > 0 ? change.rows : undefined;
    const rows = named ? ` Rows that differed: ${Object.entries(named).map(([table, found]) => changedRowsText(found, table)).join('; ')}.` : '';
    problems.push({
      what: 'facts', key: change.key, problem: 'changed_before',
      message: `the ${change.key} register's rows in ${change.tables.join(', ')} differed from those committed by audit entry ${change.committed_entry} when audit entry ${entry} (${action}) was about to write them: rows were edited, inserted or deleted outside ZeroMile before it, and its commit holds them as they then were.${rows}`,
      ...(named ? { changed_rows: named } : {}),
    });
  }
  const keys = [
    ...(db.prepare('SELECT id FROM documents').pluck().all() as number[]).map((id) => `document:${id}`),
    ...(db.prepare('SELECT id FROM rule_runs').pluck().all() as number[]).map((id) => `run:${id}`),
  ];
  for (const key of keys) {
    if (!state.facts.has(key)) problems.push({ what: 'facts', key, problem: 'uncommitted', message: `${describeKey(db, key)} has no digest in the audit log: it was added outside ZeroMile, or its audit entry was removed.` });
  }
}

/** Rows that belong to no document or no run: hashed under no key, so they are looked for directly. */
function checkStrays(db: Database.Database, problems: VerifyProblem[]): void {
  const strays = [
    ...documentFactTables(db).map((t) => ({ table: t.name, sql: `SELECT DISTINCT document_id FROM "${t.name}" WHERE document_id NOT IN (SELECT id FROM documents) LIMIT 5`, of: 'document' })),
    { table: 'flags', sql: 'SELECT DISTINCT run_id FROM flags WHERE run_id NOT IN (SELECT id FROM rule_runs) LIMIT 5', of: 'rule run' },
    { table: 'flag_evidence', sql: 'SELECT DISTINCT flag_id FROM flag_evidence WHERE flag_id NOT IN (SELECT id FROM flags) LIMIT 5', of: 'flag' },
  ];
  for (const { table, sql, of } of strays) {
    const ids = db.prepare(sql).pluck().all() as number[];
    if (ids.length > 0) problems.push({ what: 'facts', key: table, problem: 'stray', message: `rows of ${table} cite ${of} ${ids.join(', ')}, which the case file does not hold (rows inserted outside ZeroMile).` });
  }
}

/** Verdicts, notes and tags as the log's entries left them; a flag's status mirrors its verdict. */
function checkReviews(db: Database.Database, state: AuditedState, problems: VerifyProblem[]): void {
  const seen = new Set<string>();
  for (const r of db.prepare('SELECT flag_key, status, reason FROM reviews').iterate() as IterableIterator<{ flag_key: string; status: string; reason: string | null }>) {
    seen.add(r.flag_key);
    const audited = state.reviews.get(r.flag_key);
    if (!audited) {
      problems.push({ what: 'verdict', subject: r.flag_key, problem: 'unaudited', message: `the verdict '${r.status}' on flag ${r.flag_key} has no audit entry (set outside ZeroMile).` });
    } else if (audited.status !== r.status || audited.reason !== r.reason) {
      problems.push({ what: 'verdict', subject: r.flag_key, problem: 'changed', message: `the verdict on flag ${r.flag_key} is '${r.status}'${r.reason ? ` (${r.reason})` : ''}, but audit entry ${audited.entry} set '${audited.status}'${audited.reason ? ` (${audited.reason})` : ''}.` });
    }
  }
  for (const [key, audited] of state.reviews) {
    if (!seen.has(key)) problems.push({ what: 'verdict', subject: key, problem: 'removed', message: `the verdict '${audited.status}' on flag ${key}, set by audit entry ${audited.entry}, is gone.` });
  }
  const mismatched = db.prepare(`SELECT f.id, f.flag_key, f.status, coalesce(r.status, 'open') AS verdict FROM flags f LEFT JOIN reviews r ON r.flag_key = f.flag_key
    WHERE f.status IS NOT coalesce(r.status, 'open') LIMIT 5`).all() as { id: number; flag_key: string; status: string; verdict: string }[];
  for (const f of mismatched) {
    problems.push({ what: 'verdict', subject: f.flag_key, problem: 'flag_status', message: `flag ${f.id} (${f.flag_key}) shows status '${f.status}', but its verdict is '${f.verdict}'.` });
  }

  const notes = new Set<number>();
  for (const n of db.prepare('SELECT id, subject_type, subject_id, body FROM notes').iterate() as IterableIterator<{ id: number; subject_type: string; subject_id: string; body: string }>) {
    notes.add(n.id);
    const audited = state.notes.get(n.id);
    if (!audited || audited.body !== n.body || audited.subject !== `${n.subject_type}:${n.subject_id}`) {
      problems.push({ what: 'note', subject: `note:${n.id}`, problem: audited ? 'changed' : 'unaudited', message: audited ? `note ${n.id} differs from what audit entry ${audited.entry} recorded.` : `note ${n.id} has no audit entry (added outside ZeroMile).` });
    }
  }
  for (const [id, audited] of state.notes) {
    if (!notes.has(id)) problems.push({ what: 'note', subject: `note:${id}`, problem: 'removed', message: `note ${id} on ${audited.subject}, added by audit entry ${audited.entry}, is gone.` });
  }

  const tagsNow = new Map<string, string[]>();
  for (const t of db.prepare('SELECT subject_type, subject_id, tag FROM tags ORDER BY subject_type, subject_id, tag').iterate() as IterableIterator<{ subject_type: string; subject_id: string; tag: string }>) {
    const key = `${t.subject_type}:${t.subject_id}`;
    tagsNow.set(key, [...(tagsNow.get(key) ?? []), t.tag]);
  }
  for (const subject of new Set([...tagsNow.keys(), ...state.tags.keys()])) {
    const now = (tagsNow.get(subject) ?? []).join(', ');
    const audited = state.tags.get(subject);
    if (now !== (audited?.tags ?? []).join(', ')) {
      problems.push({ what: 'note', subject, problem: 'tags', message: `the tags on ${subject} are [${now}], but ${audited ? `audit entry ${audited.entry} set [${audited.tags.join(', ')}]` : 'no audit entry set any'}.` });
    }
  }
}

/**
 * Holds the case to what its audit log committed: every document to its import entry, every
 * document's and rule run's rows to the digests their entries carry, verdicts, notes and tags to
 * the entries that set them. Returns what it hashed, for the rate.
 */
export function verifyFacts(db: Database.Database, problems: VerifyProblem[]): HashTally {
  const tally: HashTally = { rows: 0, chars: 0 };
  const state = readAuditedState(db);
  checkImports(db, state, problems);
  checkFacts(db, state, problems, tally);
  checkStrays(db, problems);
  checkReviews(db, state, problems);
  checkCaseMeta(db, state, problems);
  return tally;
}
