import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportTable } from '../../../electron/backend/export/case-tables';
import { neutralise, type Cell } from '../../../electron/backend/export/neutralise';
import { CELLS_CUT, writeXlsxTables } from '../../../electron/backend/export/xlsx';
import { readXlsx } from '../../../electron/backend/import/xlsx-reader';
import { rng } from '../../fuzz/bad-inputs';
import { mixedText } from '../../support/xlsx-text';
import { checkZip } from '../../support/zip-check';

// The streamed XLSX writer, read back by two readers it was not written with (exceljs's and our
// import's) and checked by unzip or Python's zipfile: seeded text of every kind a case can hold.

const dir = mkdtempSync(join(tmpdir(), 'zm-xlsx-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MAX = 32_767;
/** Pieces no spreadsheet writer may lose: controls, a carriage return, non-characters, lone surrogates, text that reads as an OOXML escape, markup, edge spaces, formula starts. */
const HOSTILE = ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u001F', '\r', '\r\n', '\t', '\n', '\uFFFE', '\uFFFF', '\uD83D', '\uDE97', '_x0041_', '_x005f_',
  '_x0041', '_x0041\r', '_x00A\u0001', '_xABCD_', '&amp;', '<t>', ']]>', ' ', '  ', '=SUM(A1)', '+1', '-2', '@x', '"', "'"];

function randomText(random: () => number): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(random() * 6);
  for (let i = 0; i < n; i++) parts.push(random() < 0.45 ? HOSTILE[Math.floor(random() * HOSTILE.length)]! : mixedText(random, 1 + Math.floor(random() * 3)));
  return parts.join('');
}

/** A long cell of mixed text (emoji included, so a cut can fall inside a surrogate pair) of about `length` UTF-16 units. */
function longText(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += randomText(random);
  return text.slice(0, length);
}

type Table = { name: 'flags' | 'records'; columns: string[]; rows: Cell[][] };

function seededTable(name: Table['name'], seed: number, rows: number): Table {
  const random = rng(seed);
  const columns = ['n', 'text', 'more', 'amount', 'empty'];
  const data: Cell[][] = [];
  for (let r = 0; r < rows; r++) {
    const long = r % 17 === 3 ? longText(random, [MAX, MAX + 1, 40_000, 100_000][r % 4]!) : randomText(random);
    data.push([r, long, random() < 0.2 ? null : randomText(random), random() < 0.5 ? Math.round(random() * 1e9) / 100 : -random(), null]);
  }
  return { name, columns, rows: data };
}

const asExport = (t: Table): ExportTable => ({ name: t.name, columns: t.columns, rows: t.rows });

/** What a cell must read back as: text neutralised, cut with the mark past Excel's limit; numbers as written. */
function expectCell(read: unknown, written: Cell, where: string): void {
  if (written === null) return expect(read ?? null, where).toBeNull();
  if (typeof written === 'number') return expect(Number(read), where).toBe(written);
  const text = neutralise(written);
  if (text.length <= MAX) return expect(read, where).toBe(text);
  const value = String(read);
  const mark = ` …[cut: ${text.length.toLocaleString('en-US')} characters in the case]`;
  expect(value.length, where).toBeLessThanOrEqual(MAX);
  expect(value.endsWith(mark), where).toBe(true);
  const kept = value.slice(0, -mark.length);
  expect(text.startsWith(kept), where).toBe(true);
  expect(kept.length, where).toBeGreaterThanOrEqual(MAX - mark.length - 1);
  // Never half a surrogate pair at the cut.
  expect(/[\uD800-\uDBFF]$/.test(kept) && /^[\uDC00-\uDFFF]/.test(text.slice(kept.length)), where).toBe(false);
}

/** exceljs's document reader leaves OOXML's _xHHHH_ escapes in inline strings as they are (Excel decodes them): decoded here as Excel does. */
const excelText = (value: unknown): unknown => (typeof value === 'string' ? value.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : value);

describe('streamed XLSX export', () => {
  const tables = [seededTable('flags', 0x5eed, 230), seededTable('records', 0xbeef, 90)];
  const path = join(dir, 'round-trip.xlsx');
  const sheetRows = 100;
  const expectedSheets = ['flags', 'flags (2)', 'flags (3)', 'records'];
  /** The table and first data row of each expected sheet. */
  const sheetStart: Record<string, [Table, number]> = { flags: [tables[0]!, 0], 'flags (2)': [tables[0]!, 100], 'flags (3)': [tables[0]!, 200], records: [tables[1]!, 0] };
  let counts: Record<string, number>;

  it('writes more than one sheet past the row cap, each with the header, and counts the cut cells', async () => {
    counts = await writeXlsxTables(path, tables.map(asExport), sheetRows);
    const cut = tables.flatMap((t) => t.rows).filter((r) => typeof r[1] === 'string' && neutralise(r[1]).length > MAX).length;
    expect(cut).toBeGreaterThan(5);
    expect(counts).toEqual({ flags: 230, records: 90, [CELLS_CUT]: cut });
    // The guarded writer leaves no temp file beside it.
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    checkZip(path);
  });

  it('reads back through exceljs exactly as written (OOXML escapes decoded as Excel does)', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    expect(book.worksheets.map((s) => s.name)).toEqual(expectedSheets);
    for (const sheet of book.worksheets) {
      const [table, first] = sheetStart[sheet.name]!;
      const rows = Math.min(sheetRows, table.rows.length - first);
      expect(sheet.getRow(1).values).toEqual([undefined, ...table.columns]);
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.rowCount).toBe(rows + 1);
      for (let r = 0; r < rows; r++) {
        const written = table.rows[first + r]!;
        written.forEach((cell, c) => expectCell(excelText(sheet.getRow(r + 2).getCell(c + 1).value), cell, `${sheet.name} row ${r + 2} column ${c + 1}`));
      }
    }
  });

  it('reads back through our own XLSX import reader exactly as written', async () => {
    const sheets: { name: string | null; rows: string[][] }[] = [];
    for await (const event of readXlsx(path, { bytes: 0 })) {
      if (event.type === 'sheet') sheets.push({ name: event.sheet, rows: [] });
      else if (event.type === 'rows') for (const row of event.rows) sheets.at(-1)!.rows[row.rowNo - 1] = row.cells;
    }
    expect(sheets.map((s) => s.name)).toEqual(expectedSheets);
    for (const sheet of sheets) {
      const [table, first] = sheetStart[sheet.name!]!;
      expect(sheet.rows[0]).toEqual(table.columns);
      expect(sheet.rows).toHaveLength(Math.min(sheetRows, table.rows.length - first) + 1);
      sheet.rows.slice(1).forEach((cells, r) => {
        table.rows[first + r]!.forEach((cell, c) => expectCell(cells[c] === '' || cells[c] === undefined ? null : cells[c], cell, `${sheet.name} row ${r + 2} column ${c + 1}`));
      });
    }
  });

  it('writes the same bytes for the same rows', async () => {
    const again = join(dir, 'again.xlsx');
    await writeXlsxTables(again, tables.map(asExport), sheetRows);
    expect(readFileSync(again).equals(readFileSync(path))).toBe(true);
  });

  it('leaves the old file and no temp file when the rows fail mid-sheet', async () => {
    function* failing(): Iterable<Cell[]> {
      for (let i = 0; i < 5_000; i++) yield [i, randomText(rng(i))];
      throw new Error('database disk image is malformed');
    }
    await expect(writeXlsxTables(path, [{ name: 'flags', columns: ['n', 'text'], rows: failing() }])).rejects.toThrow(/malformed/);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    expect((await new ExcelJS.Workbook().xlsx.readFile(path)).worksheets).toHaveLength(expectedSheets.length);
  });
});
