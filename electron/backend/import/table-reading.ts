import { CASE_EN } from '../../../shared/i18n/case-en';
import { message, renderMessage, type Message } from '../../../shared/i18n/message';
import { quoteValue } from '../../../shared/text';
import { createHash } from 'node:crypto';
import type { RejectReason, TwinColumns } from '../../../shared/contract/import';
import { ZeroMileError } from '../../../shared/errors';
import { ReadProblem, columnName, englishRefusal, fileRefused, joinRefusals, recordKindName, refusalMessage } from '../../../shared/refusal';
import { RECORD_FIELDS, detectRecordKind, type HeaderMatch, type RecordKind } from '../../../shared/record-kinds';
import { readCsv } from './csv-reader';
import type { TextEncoding } from './encoding';
import { NOT_AN_OBJECT, readJsonLines } from './jsonl-reader';
import { RecordPacker, type PackedRecords } from './packed-records';
import { buildRowPlan, rawCellsJson, rawJson, validateRow, type RowPlan } from './row-plan';
import { isEmptyRow, type ByteCounter, type SourceRow, type TableEvent } from './table-source';
import { readXlsx } from './xlsx-reader';

/**
 * A sheet may have title lines above its header ("2026年1月机动车销售统一发票明细"), and so may the CSV
 * saved from it; this many non-empty rows are tried.
 */
const HEADER_SEARCH_ROWS = 10;

export type TableFormat = 'csv' | 'xlsx' | 'jsonl';

/**
 * A table file to read: where it is, its name for messages, its format and (CSV, JSON lines) its
 * text encoding; `hash`: hash the bytes as they are read (the end gives their SHA-256).
 */
export type TableToRead = { path: string; name: string; format: TableFormat; encoding: TextEncoding; hash?: boolean };

export type SheetInfo = {
  sheet: string | null;
  kind: RecordKind | null;
  header_row: number | null;
  headers: string[];
  /** header -> canonical column (null: kept in raw only). */
  mapping: Record<string, string | null>;
  /** The canonical column of each header position (null: none), for reading raw rows back. */
  columns: (string | null)[];
  rows: number;
  imported: number;
  rejected: number;
  /** Why the sheet was not read (XLSX sheets whose headers match no kind), in English and as a message. */
  skipped?: string;
  skipped_msg?: Message;
  detail?: Record<string, unknown>;
  /** Fields two or more columns give, with the rows where they disagree (rejected): the first TWIN_ROWS named, all counted. */
  twin_columns?: Omit<TwinColumns, 'sheet'>[];
};

/** Rows named per twin field in the result and the document's info; all are rejected and counted. */
const TWIN_ROWS = 50;

/** A row's problem as a message and its English text. */
const rowProblem = (msg: Message) => ({ message: renderMessage(msg, CASE_EN), msg });

export type RejectRow = { row: number; raw: string; reason: RejectReason; message: string; msg: Message };

/** What reading a table gives the writer, in order. */
export type RowBatch =
  /** A sheet's rows are of this kind (a big file's indexes of the kind may be put off). */
  | { type: 'kind'; kind: RecordKind }
  | {
    type: 'rows'; kind: RecordKind; sheet: string | null;
    records: PackedRecords; rejects: RejectRow[];
    /** Bytes of the file read and data rows met so far. */
    bytes: number; rows: number;
  }
  /**
   * Every row is read; the document's kind and sheets, the bytes read and (when asked) their SHA-256.
   */
  | { type: 'end'; kind: RecordKind; sheets: SheetInfo[]; rows: number; imported: number; rejected: number; bytes: number; sha256: string | null };

/** `skipped`: why the sheet was not read, as a message (info.skipped is its English text, kept in the case). */
type SheetState = { info: SheetInfo; plan: RowPlan | null; tried: number; firstMismatch: HeaderMatch | null; firstHeaders: string[] | null; skipped?: Message };

export function mismatchMessage(headers: readonly string[], nearest: HeaderMatch): Message {
  // Each header quoted to at most 200 characters, at most 30 of them: a header row may be one 300 MB cell.
  const named = headers.filter((h) => h.trim() !== '');
  const found = joinRefusals([
    ...named.slice(0, 30).map((h) => quoteValue(h)),
    ...(named.length > 30 ? [refusalMessage('refusal.and_more', { count: named.length - 30 })] : []),
  ], 'refusal.list') ?? refusalMessage('refusal.none');
  return refusalMessage('refusal.no_kind', { found, kind: recordKindName(nearest.kind), missing: joinRefusals(nearest.missing.map(columnName), 'refusal.list') });
}

/**
 * Rows per batch (the last of a sheet may be shorter). A read piece holds a few hundred rows; a
 * batch of a thousand or so crosses to the writer at a fraction of the cost per row, and the
 * writer and the reading thread are kept BATCHES_AHEAD batches apart rather than a few pieces.
 */
const BATCH_ROWS = 1024;

function openTable(file: TableToRead, counter: ByteCounter): AsyncGenerator<TableEvent> {
  if (file.format === 'csv') return readCsv(file.path, file.encoding, counter);
  if (file.format === 'jsonl') return readJsonLines(file.path, file.encoding, counter);
  return readXlsx(file.path, counter);
}

/**
 * Reads a table file into batches of valid rows and rejected rows: header rows are matched to a
 * record kind, every data row after them is validated and counted once, as a record or as a
 * rejected row. Nothing here touches the case file, so it runs on a thread of its own for a big
 * file (reading-thread.ts); a refusal is thrown.
 */
export async function* readTableRows(file: TableToRead): AsyncGenerator<RowBatch> {
  const counter: ByteCounter = { bytes: 0, ...(file.hash ? { hash: createHash('sha256') } : {}) };
  const reading = new TableReading(file.format, file.name);
  const events = openTable(file, counter);
  try {
    for await (const event of events) {
      reading.handle(event);
      yield* reading.drain(counter.bytes);
    }
  } catch (error) {
    if (file.format === 'xlsx' && !(error instanceof ZeroMileError)) {
      const problem = error instanceof ReadProblem ? error.msg : (error as Error).message;
      throw fileRefused(file.name, refusalMessage('refusal.xlsx_unreadable', { problem }));
    }
    if (error instanceof ReadProblem) throw fileRefused(file.name, error.msg);
    throw error;
  } finally {
    await events.return(undefined);
  }
  const end = reading.finish();
  yield* reading.drain(counter.bytes, true);
  yield { ...end, bytes: counter.bytes, sha256: counter.hash?.digest('hex') ?? null };
}

class TableReading {
  readonly sheets: SheetInfo[] = [];
  private readonly sheetStates: SheetState[] = [];
  private rows = 0;
  private imported = 0;
  private rejected = 0;
  /** Bytes of the file read at the last drain. */
  private bytes = 0;
  private current: SheetState | null = null;
  private readonly out: RowBatch[] = [];
  private records: RecordPacker | null = null;
  private rejects: RejectRow[] = [];

  constructor(private readonly format: TableFormat, private readonly fileName: string) {}

  handle(event: TableEvent): void {
    switch (event.type) {
      case 'sheet':
        // A batch holds rows of one sheet.
        this.flush();
        this.endSheet();
        this.current = {
          info: { sheet: event.sheet, kind: null, header_row: null, headers: [], mapping: {}, columns: [], rows: 0, imported: 0, rejected: 0, ...(event.detail ? { detail: event.detail } : {}) },
          plan: null, tried: 0, firstMismatch: null, firstHeaders: null,
        };
        this.sheets.push(this.current.info);
        this.sheetStates.push(this.current);
        return;
      case 'headers':
        this.takeHeaders(this.state(), event.headers, null);
        return;
      case 'rows':
        this.takeRows(this.state(), event.rows);
        return;
      default: {
        const never: never = event;
        throw new Error(`unknown table event ${String(never)}`);
      }
    }
  }

  /**
   * The batches ready so far: once BATCH_ROWS rows (of one sheet) are waiting, or with `all` every
   * row read, after any kind chosen before them.
   */
  *drain(bytes: number, all = false): Generator<RowBatch> {
    this.bytes = bytes;
    if (all || (this.records?.count ?? 0) + this.rejects.length >= BATCH_ROWS) this.flush();
    while (this.out.length > 0) yield this.out.shift()!;
  }

  /** Ends the last sheet; throws the refusal when no sheet held records of a known kind. */
  finish(): Omit<RowBatch & { type: 'end' }, 'bytes' | 'sha256'> {
    this.endSheet();
    const kind = this.sheets.find((s) => s.kind !== null)?.kind ?? null;
    if (kind === null) {
      const reasons = this.sheetStates.map(({ info, skipped }) => (this.format === 'xlsx'
        ? refusalMessage('refusal.sheet_reason', { sheet: JSON.stringify(info.sheet), why: skipped ?? refusalMessage('refusal.no_rows') })
        : skipped ?? refusalMessage('refusal.no_header_row')));
      throw fileRefused(this.fileName, (joinRefusals(reasons, 'refusal.reasons') as Message | null) ?? refusalMessage('refusal.no_table'));
    }
    return { type: 'end', kind, sheets: this.sheets, rows: this.rows, imported: this.imported, rejected: this.rejected };
  }

  /** The rows of the current sheet read since the last flush become a batch (at every drain and before the next sheet). */
  private flush(): void {
    const state = this.current;
    if ((this.records?.count ?? 0) === 0 && this.rejects.length === 0) return;
    const kind = state!.plan!.kind;
    const records = this.records?.kind === kind ? this.records.take() : new RecordPacker(kind).take();
    this.out.push({ type: 'rows', kind, sheet: state!.info.sheet, records, rejects: this.rejects, bytes: this.bytes, rows: this.rows });
    this.rejects = [];
  }

  private state(): SheetState {
    if (!this.current) throw new Error('table event before a sheet');
    return this.current;
  }

  /** Returns whether the headers were recognised. */
  private takeHeaders(state: SheetState, headers: string[], rowNo: number | null): boolean {
    const cleaned = headers.map((h) => h.trim());
    if (state.plan) {
      // JSON lines: a key first met later widens the header; the kind stays.
      state.plan = buildRowPlan(state.plan.kind, cleaned);
      this.describePlan(state);
      return true;
    }
    const detection = detectRecordKind(cleaned);
    if (!detection.ok) {
      if (!state.firstMismatch) { state.firstMismatch = detection.nearest; state.firstHeaders = cleaned; }
      return false;
    }
    state.plan = buildRowPlan(detection.match.kind, cleaned);
    state.info.kind = detection.match.kind;
    state.info.header_row = rowNo;
    this.describePlan(state);
    this.out.push({ type: 'kind', kind: detection.match.kind });
    return true;
  }

  private describePlan(state: SheetState): void {
    const plan = state.plan!;
    state.info.headers = plan.headers;
    state.info.mapping = Object.fromEntries(plan.headers.map((h, i) => [h, plan.columns[i] ?? null]));
    state.info.columns = plan.headers.map((_, i) => plan.columns[i] ?? null);
    const specs = RECORD_FIELDS[plan.kind];
    if (plan.twins.length > 0) {
      state.info.twin_columns = plan.twins.map(({ f, at }) => ({
        field: specs[f]!.name, columns: [plan.fieldAt[f]!, ...at].map((i) => ({ header: plan.headers[i]!, column: i + 1 })), rows: [], rows_total: 0,
      }));
    } else {
      delete state.info.twin_columns;
    }
  }

  private takeRows(state: SheetState, rows: SourceRow[]): void {
    for (const row of rows) {
      const cells = row.cells;
      if (isEmptyRow(cells)) continue;
      if (!state.plan) {
        if (this.format === 'jsonl') {
          // A JSON document (a rule pack, pretty-printed: its first line is "{") has no headers to mismatch.
          if (cells[0] === NOT_AN_OBJECT) throw fileRefused(this.fileName, refusalMessage('refusal.jsonl_first_line'));
          if (state.firstMismatch) throw fileRefused(this.fileName, mismatchMessage(state.firstHeaders ?? [], state.firstMismatch));
          throw fileRefused(this.fileName, refusalMessage('refusal.jsonl_first_line'));
        }
        if (state.skipped !== undefined) continue;
        state.tried++;
        if (this.takeHeaders(state, cells, row.rowNo)) continue;
        if (state.tried >= HEADER_SEARCH_ROWS) this.skipSheet(state);
        continue;
      }
      this.takeDataRow(state, row);
    }
  }

  private skipSheet(state: SheetState): void {
    const why = mismatchMessage(state.firstHeaders ?? [], state.firstMismatch!);
    if (this.format === 'csv') throw fileRefused(this.fileName, why);
    this.markSheetSkipped(state, why);
    state.info.headers = state.firstHeaders ?? [];
  }

  private takeDataRow(state: SheetState, row: SourceRow): void {
    const plan = state.plan!;
    const info = state.info;
    const cells = row.cells;
    this.rows++;
    info.rows++;
    if (this.format === 'jsonl' && cells[0] === NOT_AN_OBJECT) {
      this.rejectRow(info, { row: row.rowNo, raw: JSON.stringify({ line: cells[1] ?? '' }), reason: 'bad_row', ...rowProblem(message('reject.not_json')) });
      return;
    }
    if (this.format === 'csv' && cells.length !== plan.headers.length && !(cells.length > plan.headers.length && isEmptyRow(cells.slice(plan.headers.length)))) {
      this.rejectRow(info, { row: row.rowNo, raw: rawJson(plan, cells), reason: 'bad_row', ...rowProblem(message('reject.cell_count', { cells: cells.length, headers: plan.headers.length })) });
      return;
    }
    const outcome = validateRow(plan, cells, row.shown);
    if (!outcome.ok) {
      if (outcome.msg.key === 'reject.columns_disagree') this.twinRow(info, outcome.msg, row.rowNo);
      this.rejectRow(info, { row: row.rowNo, raw: rawJson(plan, cells), reason: outcome.reason, message: outcome.message, msg: outcome.msg });
      return;
    }
    if (this.records?.kind !== plan.kind) {
      // A batch holds one sheet, so one kind: the packer of an earlier sheet was emptied by its flush.
      this.records = new RecordPacker(plan.kind);
    }
    this.records.add(row.rowNo, rawCellsJson(plan, cells, outcome.values), outcome.values, outcome.marks);
    this.imported++;
    info.imported++;
  }

  /** A row rejected because two columns of one field disagree, counted under that field. */
  private twinRow(info: SheetInfo, msg: Message, rowNo: number): void {
    const field = ((msg.params?.field ?? null) as Message | null)?.key.slice('fact.'.length);
    const twin = info.twin_columns?.find((t) => t.field === field);
    if (!twin) return;
    twin.rows_total++;
    if (twin.rows.length < TWIN_ROWS) twin.rows.push(rowNo);
  }

  private rejectRow(info: SheetInfo, reject: RejectRow): void {
    this.rejects.push(reject);
    this.rejected++;
    info.rejected++;
  }

  private endSheet(): void {
    const state = this.current;
    if (state && !state.plan && state.skipped === undefined) {
      if (state.firstMismatch) this.skipSheet(state);
      else this.markSheetSkipped(state, refusalMessage('refusal.sheet_empty'));
    }
  }

  /** Records why a sheet was passed over (a workbook keeps its other sheets; the document says which and why). */
  private markSheetSkipped(state: SheetState, why: Message): void {
    state.skipped = why;
    state.info.skipped = englishRefusal(why);
    state.info.skipped_msg = why;
  }
}
