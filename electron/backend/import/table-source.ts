/**
 * What every table reader (CSV, XLSX, JSON lines) yields: a sheet starts, then its rows in batches.
 * Row numbers are the ones the investigator sees: the spreadsheet row (header = row 1 in a CSV whose
 * first line is the header), or the line number of a JSON-lines file.
 */
export type SourceRow = { rowNo: number; cells: string[] };

export type TableEvent =
  | { type: 'sheet'; sheet: string | null; detail?: Record<string, unknown> }
  /** For JSON lines the header comes from the keys, so it is given, not read from a row. */
  | { type: 'headers'; headers: string[] }
  | { type: 'rows'; rows: SourceRow[] };

/** Bytes of the file read so far; the importer reads it for progress. */
export type ByteCounter = { bytes: number };

export function isEmptyRow(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}
