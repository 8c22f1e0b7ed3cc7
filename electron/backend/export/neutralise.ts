/**
 * Spreadsheet formula injection: a cell that starts with = + - @ (or a tab or carriage return,
 * which some spreadsheets skip before reading a formula) is run as a formula when the file is
 * opened. Such text gets a leading apostrophe, which spreadsheets show as plain text (OWASP advice).
 * Numbers are written as numbers and never touched.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type Cell = string | number | null;

/** A cell for CSV or XLSX: numbers as they are, text neutralised, null empty. */
export function neutraliseCell(value: Cell): Cell {
  return typeof value === 'string' ? neutralise(value) : value;
}
