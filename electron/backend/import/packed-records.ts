import { RECORD_FIELDS, type RecordKind } from '../../../shared/record-kinds';
import type { Value } from './row-plan';

/**
 * Valid rows of one kind as the reading side hands them to the writer: the cells of every record
 * in one flat array, record after record. A batch crosses from the reading thread as one array of
 * strings, numbers and nulls; measured on 10 million cells, cloning that costs each thread about
 * a second, where joining the texts into one string (and splitting it again) or JSON cost the
 * reading thread three.
 *
 * A record's cells, in order: row number, raw cells as JSON, then the canonical values in
 * RECORD_FIELDS order (the insert's parameters after document and sheet, parties aside).
 */
export type PackedRecords = { kind: RecordKind; count: number; cells: Value[] };

/** Cells per record of a kind. */
export function recordWidth(kind: RecordKind): number {
  return 2 + RECORD_FIELDS[kind].length;
}

export class RecordPacker {
  readonly width: number;
  private cells: Value[] = [];
  count = 0;

  constructor(readonly kind: RecordKind) {
    this.width = recordWidth(kind);
  }

  add(rowNo: number | null, raw: string, values: readonly Value[]): void {
    const cells = this.cells;
    cells.push(rowNo, raw);
    for (let i = 0; i < values.length; i++) cells.push(values[i]!);
    this.count++;
  }

  /** The records added since the last take. */
  take(): PackedRecords {
    const packed: PackedRecords = { kind: this.kind, count: this.count, cells: this.cells };
    this.cells = [];
    this.count = 0;
    return packed;
  }
}
