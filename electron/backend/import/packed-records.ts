import type { RecordKind } from '../../../shared/record-kinds';
import type { ValueMark } from '../../../shared/value-marks';
import type { Value } from './row-plan';

/**
 * Valid rows of one kind as the reading side hands them to the writer: per record its row number,
 * its raw cells as JSON and its canonical values in RECORD_FIELDS order (the array validateRow
 * made, not copied). A batch crosses from the reading thread as a structured clone of these
 * arrays; measured on 10 million cells that costs each thread about a second, where joining the
 * texts into one string (and splitting it again) or JSON cost the reading thread three, and
 * copying every value into one flat array most of another.
 */
export type PackedRecords = {
  kind: RecordKind; rowNos: (number | null)[]; raws: string[]; values: (readonly Value[])[];
  /** The records with values read differently from their cells: their positions in the batch, and those marks (most batches: none). */
  markedAt: number[]; marks: (readonly ValueMark[])[];
};

export class RecordPacker {
  private rowNos: (number | null)[] = [];
  private raws: string[] = [];
  private values: (readonly Value[])[] = [];
  private markedAt: number[] = [];
  private marks: (readonly ValueMark[])[] = [];

  constructor(readonly kind: RecordKind) {}

  get count(): number {
    return this.rowNos.length;
  }

  add(rowNo: number | null, raw: string, values: readonly Value[], marks?: readonly ValueMark[]): void {
    if (marks) {
      this.markedAt.push(this.rowNos.length);
      this.marks.push(marks);
    }
    this.rowNos.push(rowNo);
    this.raws.push(raw);
    this.values.push(values);
  }

  /** The records added since the last take. */
  take(): PackedRecords {
    const packed: PackedRecords = { kind: this.kind, rowNos: this.rowNos, raws: this.raws, values: this.values, markedAt: this.markedAt, marks: this.marks };
    this.rowNos = [];
    this.raws = [];
    this.values = [];
    this.markedAt = [];
    this.marks = [];
    return packed;
  }
}
