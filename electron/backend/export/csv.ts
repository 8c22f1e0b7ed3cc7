import { writeGuardedStream } from '../files/guarded-stream';
import { neutraliseCell, type Cell } from './neutralise';
import type { ExportTable } from './case-tables';

/** One CSV field (RFC 4180): neutralised, quoted when it holds a quote, comma or line break. */
export function csvField(value: Cell): string {
  const cell = neutraliseCell(value);
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) || text.startsWith("'") ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/**
 * Writes a table as UTF-8 CSV with a byte-order mark, which is what makes Excel read Chinese text
 * correctly. Streams, waiting for the disk when its buffer is full.
 */
export async function writeCsv(table: ExportTable, path: string): Promise<number> {
  return writeGuardedStream(path, async (out) => {
    let rows = 0;
    await out.write(`\uFEFF${csvLine(table.columns)}`);
    for (const row of table.rows) {
      rows++;
      await out.write(csvLine(row));
    }
    return rows;
  });
}
