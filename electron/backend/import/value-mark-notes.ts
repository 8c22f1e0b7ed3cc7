import type Database from 'better-sqlite3';
import type { ReadDifferently } from '../../../shared/contract/import';
import { RECORD_FIELDS, type RecordKind } from '../../../shared/record-kinds';
import type { ValueMark, ValueMarkReason } from '../../../shared/value-marks';
import type { Value } from './row-plan';

/** Marked values the import's result names one by one, at most; all are counted, and all are kept. */
export const MARKS_NAMED = 20;

/**
 * Writes the marks of an import's values read differently from their cells (value_marks, one row a
 * mark, only for the rows that have one) and sums them up for the import's result.
 */
export class ValueMarkNotes {
  private insert: Database.Statement | null = null;
  private total = 0;
  private readonly byReason: Partial<Record<ValueMarkReason, number>> = {};
  private readonly named: ReadDifferently['named'] = [];

  constructor(private readonly db: Database.Database, private readonly documentId: number) {}

  /** The marks of one record's row; `values`: the record's values in RECORD_FIELDS order. */
  write(kind: RecordKind, sheet: string | null, rowNo: number | null, values: readonly Value[], marks: readonly ValueMark[]): void {
    this.insert ??= this.db.prepare('INSERT INTO value_marks (document_id, sheet, row_no, field, written, reason) VALUES (?, ?, ?, ?, ?, ?)');
    for (const mark of marks) {
      // A table row always has its number; a record without one (a page's) is not read from cells.
      if (rowNo === null) continue;
      this.insert.run(this.documentId, sheet, rowNo, mark.field, mark.written, mark.reason);
      this.total++;
      this.byReason[mark.reason] = (this.byReason[mark.reason] ?? 0) + 1;
      if (this.named.length < MARKS_NAMED) {
        const value = values[RECORD_FIELDS[kind].findIndex((f) => f.name === mark.field)] ?? null;
        this.named.push({ ...mark, value, sheet, row_no: rowNo });
      }
    }
  }

  /** Undefined when no value was marked. */
  summary(): ReadDifferently | undefined {
    return this.total === 0 ? undefined : { total: this.total, by_reason: { ...this.byReason }, named: [...this.named] };
  }
}
