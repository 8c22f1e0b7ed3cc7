import type { Hash } from 'node:crypto';

/**
 * What every table reader (CSV, XLSX, JSON lines) yields: a sheet starts, then its rows in batches.
 * Row numbers are the ones the investigator sees: the spreadsheet row (header = row 1 in a CSV whose
 * first line is the header), or the line number of a JSON-lines file.
 */
export type SourceRow = {
  rowNo: number;
  cells: string[];
  /**
   * Cells that show other text than they hold, by position: an XLSX number cell 12345 under the
   * format 00000000 shows 00012345. Identifier fields read what is shown; the cell as held stays in
   * the raw row, so the record shows both (only rows that have such a cell carry this).
   */
  shown?: Record<number, string>;
};

export type TableEvent =
  | { type: 'sheet'; sheet: string | null; detail?: Record<string, unknown> }
  /** For JSON lines the header comes from the keys, so it is given, not read from a row. */
  | { type: 'headers'; headers: string[] }
  | { type: 'rows'; rows: SourceRow[] };

/**
 * Bytes of the file read so far, which the importer reads for progress; and, when given a hash, the
 * SHA-256 of those bytes (a file hashed as it is read needs no pass of its own for it).
 */
export type ByteCounter = { bytes: number; hash?: Hash };

/** Counts (and hashes, when asked) a piece of the file just read. */
export function countBytes(counter: ByteCounter, piece: Buffer): void {
  counter.bytes += piece.length;
  counter.hash?.update(piece);
}

export function isEmptyRow(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}
