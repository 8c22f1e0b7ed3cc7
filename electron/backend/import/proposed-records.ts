import type Database from 'better-sqlite3';
import type { AcceptedRecord } from '../../../shared/contract/documents';
import type { DocumentLayout, FieldBox, FieldMark, ProposedFields, ProposedRecord, ProposedStatus } from '../../../shared/document-fields';
import { ZeroMileError } from '../../../shared/errors';
import { RECORD_FIELDS, type RecordKind } from '../../../shared/record-kinds';
import { appendAudit } from '../casefile/audit';
import { commitFacts } from '../casefile/fact-digests';
import { registerCommitDetail, registersChangedOutside, withBlockChanges } from '../casefile/register-outside';
import { RegisterWrites } from '../casefile/register-writes';
import { RECORD_TABLES } from '../casefile/records';
import { RecordWriter } from './record-writer';
import { buildRowPlan, validateRow } from './row-plan';

type ProposedRow = {
  id: number; document_id: number; file_name: string; page: number; kind: string; layout: string; fields: string; boxes: string | null; marks: string;
  status: string; record_id: number | null; decided_at: string | null;
};

function fromRow(row: ProposedRow): ProposedRecord {
  return {
    id: row.id, document_id: row.document_id, file_name: row.file_name, page: row.page, kind: row.kind as RecordKind, layout: row.layout as DocumentLayout,
    fields: JSON.parse(row.fields) as ProposedFields,
    boxes: row.boxes === null ? null : (JSON.parse(row.boxes) as Record<string, FieldBox>),
    marks: JSON.parse(row.marks) as FieldMark[],
    status: row.status as ProposedStatus, record_id: row.record_id, decided_at: row.decided_at,
  };
}

export function listProposedRecords(db: Database.Database, options: { documentId?: number; status?: ProposedStatus } = {}): ProposedRecord[] {
  const rows = db.prepare(
    `SELECT p.*, d.file_name FROM proposed_records p JOIN documents d ON d.id = p.document_id
      WHERE (@doc IS NULL OR p.document_id = @doc) AND (@status IS NULL OR p.status = @status)
      ORDER BY p.document_id, p.page, p.id`,
  ).all({ doc: options.documentId ?? null, status: options.status ?? null }) as ProposedRow[];
  return rows.map(fromRow);
}

export function getProposedRecord(db: Database.Database, id: number): ProposedRecord {
  const row = db.prepare('SELECT p.*, d.file_name FROM proposed_records p JOIN documents d ON d.id = p.document_id WHERE p.id = ?').get(id) as ProposedRow | undefined;
  if (!row) throw new ZeroMileError('not_found', `No proposed record ${id}.`);
  return fromRow(row);
}

function pending(db: Database.Database, id: number): ProposedRecord {
  const proposal = getProposedRecord(db, id);
  if (proposal.status === 'rejected') throw new ZeroMileError('bad_argument', `Proposed record ${id} was already rejected; reopen it first (the review screen's rejected list, or zeromile review CASE ${id} reopen).`);
  if (proposal.status !== 'proposed') throw new ZeroMileError('bad_argument', `Proposed record ${id} was already ${proposal.status}.`);
  return proposal;
}

/**
 * Accepts a proposed record, with the analyst's corrections laid over what was read: validated like
 * a table row, inserted into its record table citing document and page, parties and vehicle
 * resolved as an import does; raw = the fields as accepted. Throws `bad_argument` with the reason
 * when the fields do not make a valid record (nothing is changed then).
 */
export function acceptProposedRecord(
  db: Database.Database, id: number, corrections: ProposedFields = {}, options: { marksSeen?: boolean } = {},
): AcceptedRecord {
  return db.transaction(() => {
    const proposal = pending(db, id);
    const open = openMarks(proposal, corrections);
    if (open.length > 0 && !options.marksSeen) {
      throw new ZeroMileError('bad_argument', `Proposed record ${id} has values to check before it is accepted: ${open.map(describeMark).join('; ')}. Correct them, or accept having seen the marks.`);
    }
    const fields: ProposedFields = { ...proposal.fields, ...corrections };
    const names = RECORD_FIELDS[proposal.kind].map((f) => f.name);
    const plan = buildRowPlan(proposal.kind, names);
    const cells = names.map((name) => {
      const value = fields[name];
      return value === null || value === undefined || typeof value === 'boolean' ? '' : String(value);
    });
    const outcome = validateRow(plan, cells);
    if (!outcome.ok) throw new ZeroMileError('bad_argument', `Proposed record ${id} cannot be accepted: ${outcome.message}.`);
    let outside = registersChangedOutside(db);
    // Its writes go through the triggers, which drop the digests of the blocks they touch: each
    // block is held to its kept digest first, as an import does (rows changed with the triggers off).
    const writes = RegisterWrites.watch(db);
    const writer = new RecordWriter(db, proposal.document_id, writes);
    writer.writeValues(proposal.kind, null, 0, JSON.stringify(fields), outcome.values);
    const written = Number((db.prepare('SELECT last_insert_rowid() AS id').get() as { id: number | bigint }).id);
    // The record cites its page (row_no means nothing for a single document), before the fold below
    // may move it into a record the case already held: the source it becomes there cites the page too.
    db.prepare(`UPDATE ${RECORD_TABLES[proposal.kind]} SET page = ?, row_no = NULL WHERE id = ?`).run(proposal.page, written);
    const folded = writer.finish() > 0;
    // Folded into a sale without a code, the page gives it its code; into a record changed outside ZeroMile, that is said (fold-notes.ts).
    const sameFacts = writer.folds.summary(db);
    writes.resume();
    outside = withBlockChanges(db, outside, writes.changedOutside());
    // Folded (the same invoice from a table, say): the proposal names the record its page is a source of.
    const recordId = folded ? foldedInto(db, proposal) : written;
    db.prepare("UPDATE proposed_records SET status = 'accepted', record_id = ?, decided_at = ?, fields = ? WHERE id = ?")
      .run(recordId, new Date().toISOString(), JSON.stringify(fields), id);
    appendAudit(db, {
      action: 'proposed.accept', subject: String(id),
      detail: {
        document_id: proposal.document_id, page: proposal.page, kind: proposal.kind, record_id: recordId, ...(folded ? { further_source: true } : {}), corrections, marks_accepted: open,
        facts: commitFacts(db, [`document:${proposal.document_id}`, 'parties', 'vehicles']),
        ...registerCommitDetail(db, 'proposed.accept', outside),
      },
    });
    return {
      record_id: recordId, kind: proposal.kind, ...(folded ? { further_source: true as const } : {}), ...(outside.length > 0 ? { registers_changed_outside: outside } : {}),
      ...(sameFacts ? { same_facts: sameFacts } : {}),
    };
  })();
}

/** The record a just-accepted proposal was folded into: its page's newest source row. */
function foldedInto(db: Database.Database, proposal: ProposedRecord): number {
  return db.prepare('SELECT record_id FROM record_sources WHERE document_id = ? AND record_kind = ? AND page = ? ORDER BY id DESC LIMIT 1')
    .pluck().get(proposal.document_id, proposal.kind, proposal.page) as number;
}

/** Marks on fields the analyst left as read (a corrected field is the analyst's own value). */
export function openMarks(proposal: ProposedRecord, corrections: ProposedFields): FieldMark[] {
  return proposal.marks.filter((m) => !(m.field in corrections) || corrections[m.field] === proposal.fields[m.field]);
}

const MARK_WORDS: Readonly<Record<FieldMark['kind'], string>> = {
  ocr_corrected: 'corrected from what OCR read',
  low_confidence: 'read by OCR with low confidence',
  check_failed: 'fails its check character',
  format_failed: 'left empty: what the page holds is not of its format',
  words_differ: 'differs from the amount in words',
};

/** The formats a value left empty failed (the review screen names them in both languages: review.format.*). */
const FORMAT_WORDS: Readonly<Record<string, string>> = {
  invoice_code: '10 or 12 digits', invoice_date: 'a date', invoice_no: '8 digits, or 20 on a fully digital invoice', price: 'an amount in figures',
};

/** One line of English for a mark (CLI and errors; the review screen has its own words in both languages). */
export function describeMark(mark: FieldMark): string {
  const confidence = mark.confidence === null ? '' : `, OCR confidence ${mark.confidence}`;
  const format = mark.kind === 'format_failed' && FORMAT_WORDS[mark.field] ? `; ${FORMAT_WORDS[mark.field]}` : '';
  return `${mark.field} ${MARK_WORDS[mark.kind]} (read as ${mark.as_read}${confidence}${format})`;
}

export function rejectProposedRecord(db: Database.Database, id: number, reason: string | null = null, analyst: string | null = null): void {
  db.transaction(() => {
    const proposal = pending(db, id);
    db.prepare("UPDATE proposed_records SET status = 'rejected', decided_at = ? WHERE id = ?").run(new Date().toISOString(), id);
    appendAudit(db, {
      action: 'proposed.reject', subject: String(id), ...(analyst ? { actor: analyst } : {}),
      detail: { document_id: proposal.document_id, page: proposal.page, reason, facts: commitFacts(db, [`document:${proposal.document_id}`]) },
    });
  })();
}

/**
 * Puts a rejected proposal back in the review queue (a rejection made by mistake cannot otherwise
 * be undone: re-importing the file adds nothing, the case holds it already). Audited with who
 * reopened it and when the rejection it undoes was made. An accepted one is a record of the case
 * now and is not reopened.
 */
export function reopenProposedRecord(db: Database.Database, id: number, analyst: string | null = null): void {
  db.transaction(() => {
    const proposal = getProposedRecord(db, id);
    if (proposal.status !== 'rejected') {
      throw new ZeroMileError('bad_argument', proposal.status === 'accepted'
        ? `Proposed record ${id} was accepted as record ${proposal.record_id}; only a rejected proposal can be reopened.`
        : `Proposed record ${id} is waiting for review already.`);
    }
    db.prepare("UPDATE proposed_records SET status = 'proposed', decided_at = NULL WHERE id = ?").run(id);
    appendAudit(db, {
      action: 'proposed.reopen', subject: String(id), ...(analyst ? { actor: analyst } : {}),
      detail: { document_id: proposal.document_id, page: proposal.page, rejected_at: proposal.decided_at, facts: commitFacts(db, [`document:${proposal.document_id}`]) },
    });
  })();
}
