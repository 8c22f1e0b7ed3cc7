/**
 * A record's raw row, as the import stores it and the record source view reads it back: pure, so
 * the import (which writes it) and the queries (which read it) share it without one importing
 * the other.
 */

/** The key of each header position in a raw row: blank headers become `(column N)`, repeated ones `header (2)`. */
export function rawKeyNames(headers: readonly string[]): string[] {
  const used = new Set<string>();
  return headers.map((header, i) => {
    let key = header.trim() === '' ? `(column ${i + 1})` : header;
    for (let n = 2; used.has(key); n++) key = `${header} (${n})`;
    used.add(key);
    return key;
  });
}

/**
 * A record's raw row as read back: header -> cell, with the keys of rawKeyNames(headers) and every header
 * listed (short rows get ""), cells past the header as `(column N)`. A table row is stored as the JSON
 * array of its cells (rawCellsJson); a null there is a cell its canonical column holds exactly as
 * written, found through `columns` (the sheet's header position -> canonical column) in `record`.
 */
export function rawRowObject(headers: readonly string[], columns: readonly (string | null)[], cells: readonly unknown[], record: Record<string, unknown>): Record<string, unknown> {
  const keys = rawKeyNames(headers);
  const row: Record<string, unknown> = {};
  for (let i = 0; i < Math.max(keys.length, cells.length); i++) {
    const column = columns[i];
    row[keys[i] ?? `(column ${i + 1})`] = cells[i] === null && column ? record[column] ?? '' : cells[i] ?? '';
  }
  return row;
}
