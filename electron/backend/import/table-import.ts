import type Database from 'better-sqlite3';
import type { RejectReason, RejectSummary } from '../../../shared/contract/import';
import { ZeroMileError } from '../../../shared/errors';
import { detectRecordKind, type HeaderMatch, type RecordKind } from '../../../shared/record-kinds';
import { deferRecordIndexes, prepareRejectInsert, recordRowsEstimate, type DeferredIndexes } from '../casefile/records';
import { NOT_AN_OBJECT } from './jsonl-reader';
import { RecordWriter } from './record-writer';
import { buildRowPlan, rawCellsJson, rawJson, validateRow, type RowPlan } from './row-plan';
import { isEmptyRow, type SourceRow, type TableEvent } from './table-source';

/** The result lists this many rejects; all of them are in the case file (`zeromile rejects`). */
export const REJECTS_IN_RESULT = 1000;
/** An XLSX sheet may have title lines above its header; this many non-empty rows are tried. */
const HEADER_SEARCH_ROWS = 10;
/** Page cache (KiB) while the indexes of a bulk load are rebuilt; importFile restores its own setting after the file. */
const INDEX_REBUILD_CACHE_KB = 8 * 1024;

export type TableFormat = 'csv' | 'xlsx' | 'jsonl';

type SheetInfo = {
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
  /** Why the sheet was not read (XLSX sheets whose headers match no kind). */
  skipped?: string;
  detail?: Record<string, unknown>;
};

type SheetState = { info: SheetInfo; plan: RowPlan | null; tried: number; firstMismatch: HeaderMatch | null; firstHeaders: string[] | null };

export function describeMismatch(headers: readonly string[], nearest: HeaderMatch): string {
  const found = headers.filter((h) => h.trim() !== '').map((h) => JSON.stringify(h)).join(', ') || '(none)';
  return `no record kind matches its headers (found: ${found}); nearest kind: ${nearest.kind}, missing ${nearest.missing.join(', ')}`;
}

/**
 * Turns a reader's events into records and rejected rows of one document. Header rows are matched
 * to a record kind; every data row after them is counted once, as imported or as rejected.
 */
export class TableImport {
  readonly rejects: RejectSummary[] = [];
  readonly sheets: SheetInfo[] = [];
  rows = 0;
  imported = 0;
  rejected = 0;
  private current: SheetState | null = null;
  private readonly writer: RecordWriter;
  private readonly reject: ReturnType<typeof prepareRejectInsert>;

  private readonly deferred = new Map<RecordKind, DeferredIndexes>();

  /**
   * `bulkRows`: an estimate of the file's rows when it is big enough for a bulk load (indexes of the
   * kind's table rebuilt once at the end, see deferRecordIndexes), or 0.
   */
  constructor(private readonly db: Database.Database, private readonly documentId: number, private readonly format: TableFormat, private readonly fileName: string, private readonly bulkRows = 0) {
    this.writer = new RecordWriter(db, documentId);
    this.reject = prepareRejectInsert(db);
  }

  private kindChosen(kind: RecordKind): void {
    // Only when the file brings more rows than the table holds: rebuilding indexes over a big table costs more than it saves.
    if (this.bulkRows > 0 && !this.deferred.has(kind) && recordRowsEstimate(this.db, kind) < this.bulkRows) {
      this.deferred.set(kind, deferRecordIndexes(this.db, kind));
    }
  }

  /** The kind of the document: that of its first sheet with records. */
  get kind(): RecordKind | null {
    return this.sheets.find((s) => s.kind !== null)?.kind ?? null;
  }

  handle(event: TableEvent): void {
    switch (event.type) {
      case 'sheet':
        this.endSheet();
        this.current = {
          info: { sheet: event.sheet, kind: null, header_row: null, headers: [], mapping: {}, columns: [], rows: 0, imported: 0, rejected: 0, ...(event.detail ? { detail: event.detail } : {}) },
          plan: null, tried: 0, firstMismatch: null, firstHeaders: null,
        };
        this.sheets.push(this.current.info);
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
    this.kindChosen(detection.match.kind);
    state.info.header_row = rowNo;
    this.describePlan(state);
    return true;
  }

  private describePlan(state: SheetState): void {
    const plan = state.plan!;
    state.info.headers = plan.headers;
    state.info.mapping = Object.fromEntries(plan.headers.map((h, i) => [h, plan.columns[i] ?? null]));
    state.info.columns = plan.headers.map((_, i) => plan.columns[i] ?? null);
  }

  private takeRows(state: SheetState, rows: SourceRow[]): void {
    for (const row of rows) {
      const cells = row.cells;
      if (isEmptyRow(cells)) continue;
      if (!state.plan) {
        if (this.format === 'jsonl') {
          if (state.firstMismatch) throw new ZeroMileError('file_refused', `${this.fileName} was refused: ${describeMismatch(state.firstHeaders ?? [], state.firstMismatch)}.`);
          throw new ZeroMileError('file_refused', `${this.fileName} was refused: its first line is not a JSON object with headers as keys.`);
        }
        if (state.info.skipped !== undefined) continue;
        state.tried++;
        if (this.takeHeaders(state, cells, row.rowNo)) continue;
        if (this.format === 'csv' || state.tried >= HEADER_SEARCH_ROWS) this.skipSheet(state);
        continue;
      }
      this.takeDataRow(state, row);
    }
  }

  private skipSheet(state: SheetState): void {
    const why = describeMismatch(state.firstHeaders ?? [], state.firstMismatch!);
    if (this.format === 'csv') throw new ZeroMileError('file_refused', `${this.fileName} was refused: ${why}.`);
    state.info.skipped = why;
    state.info.headers = state.firstHeaders ?? [];
  }

  private takeDataRow(state: SheetState, row: SourceRow): void {
    const plan = state.plan!;
    const info = state.info;
    const cells = row.cells;
    this.rows++;
    info.rows++;
    let problem: { reason: RejectReason; message: string } | null = null;
    if (this.format === 'jsonl' && cells[0] === NOT_AN_OBJECT) {
      problem = { reason: 'bad_row', message: 'the line is not a JSON object' };
      this.rejectRow(info, row.rowNo, JSON.stringify({ line: cells[1] ?? '' }), problem.reason, problem.message);
      return;
    }
    if (this.format === 'csv' && cells.length !== plan.headers.length && !(cells.length > plan.headers.length && isEmptyRow(cells.slice(plan.headers.length)))) {
      problem = { reason: 'bad_row', message: `the row has ${cells.length} cells, the header has ${plan.headers.length}` };
    }
    const outcome = problem === null ? validateRow(plan, cells) : null;
    if (outcome?.ok) {
      this.writer.write(plan.kind, info.sheet, row.rowNo, rawCellsJson(plan, cells, outcome.values), outcome.values);
      this.imported++;
      info.imported++;
      return;
    }
    problem ??= outcome && !outcome.ok ? { reason: outcome.reason, message: outcome.message } : null;
    this.rejectRow(info, row.rowNo, rawJson(plan, cells), problem!.reason, problem!.message);
  }

  private rejectRow(info: SheetInfo, rowNo: number, raw: string, reason: RejectReason, message: string): void {
    this.reject(this.documentId, info.sheet, rowNo, raw, reason, message);
    this.rejected++;
    info.rejected++;
    if (this.rejects.length < REJECTS_IN_RESULT) this.rejects.push({ row: rowNo, sheet: info.sheet, reason, message });
  }

  private endSheet(): void {
    const state = this.current;
    if (state && !state.plan && state.info.skipped === undefined) {
      if (state.firstMismatch) this.skipSheet(state);
      else state.info.skipped = 'the sheet is empty';
    }
  }

  /** Ends the last sheet; throws the refusal when no sheet held records of a known kind. */
  finish(): { kind: RecordKind; sheets: SheetInfo[]; indexesRebuilt: RecordKind[] } {
    this.endSheet();
    if (this.deferred.size > 0) {
      // SQLite's sorter may use as much memory as the page cache allows; the rebuild reads the table
      // in order, so a small cache costs little here and keeps the peak memory of a bulk load down.
      this.db.pragma(`cache_size = ${-INDEX_REBUILD_CACHE_KB}`);
      for (const indexes of this.deferred.values()) indexes.restore();
    }
    // After the rebuild: a bulk load's vehicles come in order from the fresh VIN index.
    this.writer.finish(new Set(this.deferred.keys()));
    const kind = this.kind;
    if (kind === null) {
      const reasons = this.sheets.map((s) => (this.format === 'xlsx' ? `sheet ${JSON.stringify(s.sheet)}: ${s.skipped ?? 'no rows'}` : s.skipped ?? 'it has no header row'));
      throw new ZeroMileError('file_refused', `${this.fileName} was refused: ${reasons.join('; ') || 'it holds no table'}.`);
    }
    return { kind, sheets: this.sheets, indexesRebuilt: [...this.deferred.keys()] };
  }
}
