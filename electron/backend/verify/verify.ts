import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readAuditAnchor, verifyAuditChain } from '../casefile/audit';
import { verifyFacts } from './verify-facts';
import { verifySchema } from './verify-schema';
import type { ChangedRows } from '../../../shared/contract/changed-rows';

/** One thing in the case file that does not match what was recorded when it was written. */
export type VerifyProblem =
  | { what: 'document'; document_id: number; file_name: string; problem: 'sha256' | 'size' | 'chunks' | 'import_entry'; message: string }
  | { what: 'chunks'; document_id: number; problem: 'orphan'; message: string }
  | { what: 'audit'; entry_id: number; problem: 'prev_hash' | 'hash' | 'gap' | 'head_missing' | 'truncated' | 'anchor'; message: string }
  /** A document's or rule run's rows against the digests its audit entry committed. */
  | {
    what: 'facts'; key: string; problem: 'digest' | 'removed' | 'uncommitted' | 'stray' | 'changed_before'; message: string;
    /** By table, the rows that differ (the first few named, all counted), where row digests were kept at the commit. */
    changed_rows?: Record<string, ChangedRows>;
  }
  | { what: 'verdict'; subject: string; problem: 'changed' | 'unaudited' | 'removed' | 'flag_status'; message: string }
  | { what: 'note'; subject: string; problem: 'changed' | 'unaudited' | 'removed' | 'tags'; message: string }
  | { what: 'case'; key: string; problem: 'changed'; message: string }
  | { what: 'schema'; name: string; problem: 'added' | 'removed' | 'changed'; message: string }
  | { what: 'database'; problem: 'integrity'; message: string };

export type VerifyReport = {
  ok: boolean;
  documents: number;
  document_bytes: number;
  /** Rows of records, flags, parties and vehicles re-hashed against their committed digests. */
  fact_rows: number;
  audit_entries: number;
  /** The chain head now: printed evidence carries it, so a later verify can prove the log only grew. */
  audit_head: string;
  integrity: string;
  /** Wall time of the checks and their rate over the bytes and rows read. */
  seconds: number;
  mb_per_s: number;
  rows_per_s: number;
  problems: VerifyProblem[];
};

export type VerifyOptions = {
  /** A chain head printed earlier (on evidence): it must still be an entry of the chain. */
  expectHead?: string;
  /** Skip `PRAGMA integrity_check` (large cases: it reads every page). */
  skipIntegrity?: boolean;
  /** better-sqlite3's native binding, for the in-memory schema the migrations make (Electron). */
  nativeBinding?: string;
};

type DocumentRow = { id: number; file_name: string; size: number; sha256: string };

/**
 * Re-hashes every document's stored bytes against documents.sha256 and size, walks the audit
 * chain, and names every mismatch. Read-only: it never repairs what it finds.
 */
export function verifyCaseFile(db: Database.Database, options: VerifyOptions = {}): VerifyReport {
  const clock = performance.now();
  const problems: VerifyProblem[] = [];
  const integrity = options.skipIntegrity ? 'skipped' : checkIntegrity(db, problems);
  let documents = 0;
  let bytes = 0;
  let tally = { rows: 0, chars: 0 };
  let chain = { entries: 0, head: '' };
  // A damaged file can fail mid-read: that is a finding to report, not a crash.
  try {
    verifySchema(db, problems, options.nativeBinding);
    ({ documents, bytes } = verifyDocuments(db, problems));
    chain = verifyChain(db, problems, options.expectHead);
    tally = verifyFacts(db, problems);
  } catch (error) {
    problems.push({ what: 'database', problem: 'integrity', message: `reading the case file failed: ${(error as Error).message}` });
  }
  const seconds = (performance.now() - clock) / 1000;
  const rows = tally.rows + chain.entries;
  return {
    ok: problems.length === 0,
    documents,
    document_bytes: bytes,
    fact_rows: tally.rows,
    audit_entries: chain.entries,
    audit_head: chain.head,
    integrity,
    seconds: Math.round(seconds * 1000) / 1000,
    mb_per_s: Math.round(((bytes + tally.chars) / 1_048_576 / Math.max(seconds, 1e-3)) * 10) / 10,
    rows_per_s: Math.round(rows / Math.max(seconds, 1e-3)),
    problems,
  };
}

function checkIntegrity(db: Database.Database, problems: VerifyProblem[]): string {
  let rows: { integrity_check: string }[];
  try {
    rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
  } catch (error) {
    // SQLite gives up on a page too damaged to walk: that is the finding.
    rows = [{ integrity_check: (error as Error).message }];
  }
  const messages = rows.map((r) => r.integrity_check);
  if (messages.length === 1 && messages[0] === 'ok') return 'ok';
  for (const message of messages) problems.push({ what: 'database', problem: 'integrity', message });
  return 'damaged';
}

function verifyDocuments(db: Database.Database, problems: VerifyProblem[]): { documents: number; bytes: number } {
  const chunks = db.prepare('SELECT seq, bytes FROM document_chunks WHERE document_id = ? ORDER BY seq');
  let documents = 0;
  let total = 0;
  for (const doc of db.prepare('SELECT id, file_name, size, sha256 FROM documents ORDER BY id').all() as DocumentRow[]) {
    documents++;
    const hash = createHash('sha256');
    let size = 0;
    let expectedSeq = 0;
    let seqBroken = false;
    // One chunk at a time: documents can be hundreds of MB.
    for (const chunk of chunks.iterate(doc.id) as IterableIterator<{ seq: number; bytes: Buffer }>) {
      if (chunk.seq !== expectedSeq) seqBroken = true;
      expectedSeq = chunk.seq + 1;
      hash.update(chunk.bytes);
      size += chunk.bytes.length;
    }
    total += size;
    const name = `document ${doc.id} (${doc.file_name})`;
    if (seqBroken) {
      problems.push({ what: 'document', document_id: doc.id, file_name: doc.file_name, problem: 'chunks', message: `${name}: its stored pieces are not numbered 0, 1, 2, ... (a piece was removed or added).` });
    }
    if (size !== doc.size) {
      problems.push({ what: 'document', document_id: doc.id, file_name: doc.file_name, problem: 'size', message: `${name}: ${size} bytes stored, ${doc.size} recorded at import.` });
    }
    const digest = hash.digest('hex');
    if (digest !== doc.sha256) {
      problems.push({ what: 'document', document_id: doc.id, file_name: doc.file_name, problem: 'sha256', message: `${name}: stored bytes hash to ${digest}, the recorded SHA-256 is ${doc.sha256}.` });
    }
  }
  const orphans = db.prepare('SELECT DISTINCT document_id FROM document_chunks WHERE document_id NOT IN (SELECT id FROM documents)').all() as { document_id: number }[];
  for (const { document_id } of orphans) {
    problems.push({ what: 'chunks', document_id, problem: 'orphan', message: `stored bytes for document ${document_id}, which is not in the documents table (a document was removed).` });
  }
  return { documents, bytes: total };
}

function verifyChain(db: Database.Database, problems: VerifyProblem[], expectHead: string | undefined): { entries: number; head: string } {
  const chain = verifyAuditChain(db);
  for (const b of chain.breaks) {
    problems.push({
      what: 'audit', entry_id: b.id, problem: b.problem,
      message: b.problem === 'hash'
        ? `audit entry ${b.id}: its content does not match its hash (the entry was edited).`
        : `audit entry ${b.id}: it does not follow the entry before it (an entry was removed, inserted or reordered).`,
    });
  }
  // Ids are assigned in order and never reused, so a missing id is a removed entry even if the
  // attacker re-linked the hashes after it.
  const gaps = db.prepare(`
    SELECT a.id + 1 AS missing, (SELECT min(b.id) FROM audit_log b WHERE b.id > a.id) - 1 AS until FROM audit_log a
    WHERE a.id < (SELECT max(id) FROM audit_log) AND NOT EXISTS (SELECT 1 FROM audit_log b WHERE b.id = a.id + 1)`).all() as { missing: number; until: number }[];
  const first = db.prepare('SELECT min(id) AS id FROM audit_log').get() as { id: number | null };
  if (first.id !== null && first.id > 1) gaps.unshift({ missing: 1, until: first.id - 1 });
  for (const { missing, until } of gaps) {
    const which = missing === until ? `audit entry ${missing} is` : `audit entries ${missing} to ${until} are`;
    problems.push({ what: 'audit', entry_id: missing, problem: 'gap', message: `${which} missing (entries are numbered without gaps).` });
  }
  checkAnchor(db, problems, chain.entries, chain.head);
  if (expectHead !== undefined) {
    const found = db.prepare('SELECT id FROM audit_log WHERE hash = ?').get(expectHead.toLowerCase()) as { id: number } | undefined;
    if (!found) {
      problems.push({ what: 'audit', entry_id: 0, problem: 'head_missing', message: `the chain head ${expectHead} (from printed evidence) is not in the audit log: the log was rewritten.` });
    }
  }
  return { entries: chain.entries, head: chain.head };
}

/** The case header's record of the log's length and head: entries cut off the end, or the whole log, show here. */
function checkAnchor(db: Database.Database, problems: VerifyProblem[], entries: number, head: string): void {
  const anchor = readAuditAnchor(db);
  const last = (db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number | null) ?? 0;
  if (!anchor) {
    problems.push({
      what: 'audit', entry_id: 0, problem: entries === 0 ? 'truncated' : 'anchor',
      message: entries === 0
        ? 'the audit log is empty and the case header records none: the log of every case file starts with its creation (the log was deleted).'
        : 'the case header does not record the length and head of the audit log (removed outside ZeroMile).',
    });
  } else if (anchor.length !== last || anchor.head !== head) {
    problems.push({
      what: 'audit', entry_id: anchor.length, problem: 'truncated',
      message: `the case header records ${anchor.length} audit entries ending in ${anchor.head.slice(0, 16)}…, the log holds ${entries} ending in ${head.slice(0, 16)}… (entries were cut off or the log was replaced).`,
    });
  }
}
