import type Database from 'better-sqlite3';
import type { FoldedIntoChanged, FurtherSources, LeadingZeroSales, RowPlace, SameFactNotes } from '../../../shared/contract/import';
import type { RecordKind } from '../../../shared/record-kinds';
import { BLOCK_ROWIDS, documentBlockReader } from './document-digest';
import { RECORD_TABLES } from './records';
import { DIGEST_BYTES, KeptBlocks } from './row-digest-blocks';
import { digestsOfBlock, keepsRowDigests, NAMED_ROWS, tableCode } from './row-digests';

/**
 * What the fold of an import (record-sources.ts) has to tell whoever imported: the records it added
 * a source to that had been changed outside ZeroMile since their commit, the sales that took their
 * invoice code from the file, and sales differing from another only by the leading zeros of their
 * invoice number. Named as the fold finds them (ids), placed (file, sheet, row) when summed up.
 */
export class FoldNotes {
  folded = 0;
  codesGiven = 0;
  private readonly changed: { kind: RecordKind; id: number; change: FoldedIntoChanged['change']; source: number }[] = [];
  private changedTotal = 0;
  private readonly zeros: { kind: RecordKind; sale: number; other: number }[] = [];
  private zerosTotal = 0;

  changedOutside(kind: RecordKind, id: number, change: FoldedIntoChanged['change'], sourceId: number): void {
    this.changedTotal++;
    if (this.changed.length < NAMED_ROWS) this.changed.push({ kind, id, change, source: sourceId });
  }

  leadingZeros(kind: RecordKind, sale: number, other: number): void {
    this.zerosTotal++;
    if (this.zeros.length < NAMED_ROWS) this.zeros.push({ kind, sale, other });
  }

  /** Nothing to tell but rows folded: undefined (the result says folded rows in the document's info as before). */
  summary(db: Database.Database): SameFactNotes | undefined {
    if (this.codesGiven === 0 && this.changedTotal === 0 && this.zerosTotal === 0) return undefined;
    const sourcePlace = db.prepare(`SELECT s.document_id, d.file_name AS file, s.sheet, s.row_no, s.page FROM record_sources s
      JOIN documents d ON d.id = s.document_id WHERE s.id = ?`);
    const recordPlace = (kind: RecordKind) => db.prepare(`SELECT r.document_id, d.file_name AS file, r.sheet, r.row_no, r.page, r.vin${kind === 'sales' ? ', r.invoice_no' : ''}
      FROM ${RECORD_TABLES[kind]} r JOIN documents d ON d.id = r.document_id WHERE r.id = ?`);
    const place = (row: RowPlace & Record<string, unknown>): RowPlace => ({ document_id: row.document_id, file: row.file, sheet: row.sheet, row_no: row.row_no, page: row.page });
    return {
      folded: this.folded,
      codes_given: this.codesGiven,
      changed_outside: this.changed.map((c) => ({
        kind: c.kind, record_id: c.id, change: c.change,
        record: place(recordPlace(c.kind).get(c.id) as RowPlace), source: place(sourcePlace.get(c.source) as RowPlace),
      })),
      changed_outside_total: this.changedTotal,
      leading_zeros: this.zeros.map((z): LeadingZeroSales => {
        const sale = recordPlace(z.kind).get(z.sale) as RowPlace & { vin: string; invoice_no: string };
        const other = recordPlace(z.kind).get(z.other) as RowPlace & { invoice_no: string };
        return { vin: sale.vin, sale: { record_id: z.sale, invoice_no: sale.invoice_no, ...place(sale) }, other: { record_id: z.other, invoice_no: other.invoice_no, ...place(other) } };
      }),
      leading_zeros_total: this.zerosTotal,
    };
  }
}

/** Files named in an import's result for the records its rows were folded into; the rest are counted. */
const FILES_NAMED = 3;

/**
 * The rows of a document kept as further sources of records (`rows`, as the fold counted them) and the
 * files those records came from, first imported first: the result then says that a row made no new
 * record, and where the record it told again is (helper-65's probe: a file whose every row folded read
 * "2 imported, 0 rejected" and nothing more). Its sources by record_sources_document, each record by key.
 */
export function furtherSourcesOf(db: Database.Database, documentId: number, rows: number): FurtherSources | undefined {
  if (rows <= 0) return undefined;
  const kinds = db.prepare('SELECT DISTINCT record_kind FROM record_sources WHERE document_id = ?').pluck().all(documentId) as RecordKind[];
  const records = kinds.filter((kind) => Object.hasOwn(RECORD_TABLES, kind))
    .map((kind) => `SELECT r.document_id FROM record_sources s JOIN ${RECORD_TABLES[kind]} r ON r.id = s.record_id WHERE s.document_id = @doc AND s.record_kind = '${kind}'`);
  if (records.length === 0) return undefined;
  const files = db.prepare(`SELECT file_name FROM documents WHERE id IN (${records.join(' UNION ')}) ORDER BY id`).pluck().all({ doc: documentId }) as string[];
  return { rows, files: files.slice(0, FILES_NAMED), files_total: files.length };
}

/** A record of an earlier import given a source: its id and its document (ids ascending). */
export type RecordOf = { id: number; document: number };

/**
 * The records of earlier imports (ids ascending, with their documents, from the query that found them) whose rows are not the ones their document's
 * commit kept a digest of (row-digests.ts): changed since, or added by hand. Each run of ids of one
 * document within a block is encoded by SQLite as the commit encoded it and hashed once, so a file
 * telling again a million facts costs what verify pays for the rows it touches, and a few touched
 * rows a few lookups. A case without kept row digests (or a document without any) tells nothing.
 */
export function recordsChangedOutside(db: Database.Database, kind: RecordKind, records: readonly RecordOf[]): { id: number; change: FoldedIntoChanged['change'] }[] {
  const table = RECORD_TABLES[kind];
  if (records.length === 0 || !keepsRowDigests(db)) return [];
  const code = tableCode(db, table, false);
  if (code === null) return [];
  const rowids = db.prepare(`SELECT rowid FROM ${table} WHERE document_id = ? AND rowid BETWEEN ? AND ? ORDER BY rowid`).pluck();
  const readers = new Map<number, { read: ReturnType<typeof documentBlockReader>; kept: KeptBlocks } | null>();
  const out: { id: number; change: FoldedIntoChanged['change'] }[] = [];
  const check = (document: number, run: number[]) => {
    let reader = readers.get(document);
    if (reader === undefined) {
      const kept = new KeptBlocks(db, document, code);
      readers.set(document, (reader = kept.any() ? { read: documentBlockReader(db, table, document), kept } : null));
    }
    if (!reader) return;
    const lo = run[0]!;
    const hi = run[run.length - 1]!;
    // A kept block that does not unpack (edited by hand) holds nothing to tell these rows by.
    const keptRows = reader.kept.rows(lo, hi);
    if (!keptRows) return;
    const [rows, text] = reader.read(lo, hi);
    const digests = digestsOfBlock(text, rows);
    // Three lists in id order (the run, the document's rows in the span, the kept rows): walked together, no map a block.
    const ids = rowids.all(document, lo, hi) as number[];
    let r = 0;
    let k = 0;
    for (const id of run) {
      while (r < ids.length && ids[r]! < id) r++;
      if (ids[r] !== id) continue;
      while (k < keptRows.length && keptRows[k]!.id < id) k++;
      const was = keptRows[k]?.id === id ? keptRows[k]!.digest : undefined;
      if (!was) out.push({ id, change: 'added' });
      else if (!was.equals(digests.subarray(r * DIGEST_BYTES, (r + 1) * DIGEST_BYTES))) out.push({ id, change: 'changed' });
    }
  };
  let run: number[] = [];
  let runDocument = -1;
  for (const { id, document } of records) {
    if (run.length > 0 && (document !== runDocument || id - run[0]! >= BLOCK_ROWIDS)) {
      check(runDocument, run);
      run = [];
    }
    runDocument = document;
    run.push(id);
  }
  if (run.length > 0) check(runDocument, run);
  return out;
}
