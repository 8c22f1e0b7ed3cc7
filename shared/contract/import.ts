import type { ChangedRows } from './changed-rows';
import type { Message } from '../i18n/message';
import type { DocumentWarning } from '../document-fields';
import type { HandlerSpec } from './handler';
import type { RecordKind } from '../record-kinds';
import type { WireError } from '../errors';
import type { ValueMarkReason, ValueMarkShown } from '../value-marks';

/** Reason codes of rejected rows. */
export type RejectReason =
  | 'invalid_vin' | 'bad_date' | 'bad_number' | 'missing_field' | 'bad_value' | 'bad_country' | 'bad_row';

/** `message` in English; `msg` the same as a message for the reader's language (absent in rows rejected before messages were stored). */
export type RejectSummary = { row: number; sheet: string | null; reason: RejectReason; message: string; msg?: Message };

/**
 * One sheet of a table as read (CSV and JSON lines have one, `sheet` null): its record kind and
 * rows; the headers no column of that kind takes (`unread`, at most 30, each cut to 200
 * characters; `unread_more` past them), whose cells stay with each record as written but are
 * never read into a field; or, for a workbook's sheet passed over, why (`skipped`).
 */
export type SheetSummary = {
  sheet: string | null; kind: RecordKind | null; rows: number; unread: string[]; unread_more: number; skipped?: Message;
};

/**
 * A register whose rows were changed outside ZeroMile (the sqlite3 shell, another program) since
 * `committed_entry` of the audit log committed it, found before an import or an accepted proposed
 * record wrote it: `tables` are the register's tables whose rows then differed. That act commits
 * the rows as they were, its audit entry records the change and `zeromile verify` names it.
 */
export type RegisterChangedOutside = {
  key: 'parties' | 'vehicles'; committed_entry: number; tables: string[];
  /** By table, the rows that differed (the first few named, all counted), where the last commit kept row digests. */
  rows?: Record<string, ChangedRows>;
};

/** Where a record or a row of a source came from: its document's file, the sheet and row (a table) or page. */
export type RowPlace = { document_id: number; file: string; sheet: string | null; row_no: number | null; page: number | null };

/**
 * A record this file told again (its row became a further source of it) whose row had been changed
 * outside ZeroMile (the sqlite3 shell, another program) since its document's import committed it:
 * `changed` differs from the row digest kept at that commit, `added` was never committed. The import
 * adds its source all the same; zeromile verify names the record's document as changed.
 */
export type FoldedIntoChanged = { kind: RecordKind; record_id: number; change: 'changed' | 'added'; record: RowPlace; source: RowPlace };

/**
 * Two sales of one VIN whose invoice numbers differ only by leading zeros ("12345", "00012345": a
 * spreadsheet drops them from a number). DOMAIN.md compares invoice numbers as written, so they stay
 * two sales; the analyst is told, to judge whether they are one invoice.
 */
export type LeadingZeroSales = { vin: string; sale: { record_id: number; invoice_no: string } & RowPlace; other: { record_id: number; invoice_no: string } & RowPlace };

/** What folding the file's rows into the facts the case held has to tell (casefile/fold-notes.ts); lists bounded, totals whole. */
export type SameFactNotes = {
  /** Rows that told a fact the case already held, kept as further sources of it. */
  folded: number;
  /** Sales without an invoice code that took theirs from a row of this file (shown with the code, marked as given by that row). */
  codes_given: number;
  changed_outside: FoldedIntoChanged[];
  changed_outside_total: number;
  leading_zeros: LeadingZeroSales[];
  leading_zeros_total: number;
};

/**
 * The values of a file read differently from how its cells wrote them (value_marks): all counted,
 * by reason, the first few named with their row. Each is marked wherever the record shows it.
 */
export type ReadDifferently = {
  total: number;
  by_reason: Partial<Record<ValueMarkReason, number>>;
  named: (ValueMarkShown & { sheet: string | null; row_no: number })[];
};

/**
 * A field that two or more columns of a sheet give (`VIN,VIN`): the first is read, an empty first
 * cell takes the next one's, and a row where they give different values is rejected (`rows`: the
 * first few such rows, `rows_total` all of them).
 */
export type TwinColumns = { sheet: string | null; field: string; columns: { header: string; column: number }[]; rows: number[]; rows_total: number };

/** Imported rows kept as further sources of records the case held: how many, and the files of those records. */
export type FurtherSources = { rows: number; files: string[]; files_total: number };

/** What importing one file did; `rows = imported + rejected` always holds for a table file. */
export type ImportFileResult = {
  file: string;
  sha256: string | null;
  /** A record kind for tables; 'document' for PDFs and images; null when refused before reading. */
  kind: RecordKind | 'document' | null;
  rows: number;
  imported: number;
  rejected: number;
  /** Same SHA-256 already in the case: nothing added. */
  duplicate: boolean;
  /** Set when the whole file was refused (nothing of it was kept). */
  refused: WireError | null;
  rejects: RejectSummary[];
  /** Tables only: each sheet's kind, the columns not read, the sheets passed over. */
  sheets?: SheetSummary[];
  /** Tables only, and only when one was: the registers found changed outside ZeroMile before this file wrote them. */
  registers_changed_outside?: RegisterChangedOutside[];
  /** Tables only, and only when there is something to tell: records told again that were changed outside ZeroMile, codes given, numbers differing only by leading zeros. */
  same_facts?: SameFactNotes;
  /**
   * Tables only, when any: the imported rows that told a fact the case already held (or an earlier row
   * of the file told), each kept as a further source of that record rather than a new record
   * (`imported - rows` new records), with the files those records came from (`files`: the first few, `files_total`: all).
   */
  further_sources?: FurtherSources;
  /** Tables only, when any: values read differently from how they were written, each marked on the record. */
  read_differently?: ReadDifferently;
  /** Tables only, when any: fields two or more columns give, and the rows where they disagree (rejected). */
  twin_columns?: TwinColumns[];
  /** PDFs and images only. */
  pages?: number;
  vins?: string[];
  /** PDFs and images, when any: VINs as the page prints them whose check digit fails (left empty on the proposed record, marked). */
  vins_failing?: string[];
  proposed?: number;
  /** Pages to look at: no text, low OCR confidence, read turned, no known form, unreadable. */
  warnings?: DocumentWarning[];
};

export type ImportProgress = {
  file: string;
  bytes_done: number;
  bytes_total: number;
  rows_done: number;
  /**
   * 'reading' table rows, 'ocr' pages, 'finishing' once every row is read (indexes of a bulk load
   * rebuilt, vehicles registered, the transaction committed: seconds for a million rows), 'done'.
   */
  phase: 'reading' | 'ocr' | 'finishing' | 'done';
  page?: number;
  pages?: number;
};

export type ImportHandlers = {
  /** Imports files from disk paths (Electron: dropped files; browser mode: uploads saved to a temp folder). */
  'import:files': HandlerSpec<{ files: { path: string; name?: string }[] }, { files: ImportFileResult[] }>;
  /**
   * Cancels the import under way, if any: the file being imported is rolled back and the rest are
   * skipped. `too_late`: the request came while a file was being committed; that file is kept (the
   * files after it are still skipped).
   */
  'import:cancel': HandlerSpec<Record<string, never>, { cancelled: boolean; too_late?: boolean }>;
};

/** The result of a file refused before anything was read from it: made here only, wherever a file is refused (backend, upload, drop). */
export function refusedFileResult(file: string, refused: WireError, sha256: string | null = null): ImportFileResult {
  return { file, sha256, kind: null, rows: 0, imported: 0, rejected: 0, duplicate: false, refused, rejects: [] };
}
