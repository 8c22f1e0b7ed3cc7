import ExcelJS from 'exceljs';
import type Database from 'better-sqlite3';
import { exportTable, TABLE_NAMES, type ExportTable, type TableOptions } from './case-tables';
import { neutraliseCell } from './neutralise';
import { stampZipEntries } from './zip-times';
import { writeGuarded } from '../files/guarded-write';

/** Rows a sheet holds below its header (Excel's limit is 1,048,576 rows); more go on to a next sheet. */
export const SHEET_ROWS = 1_048_575;

/**
 * Writes every export table as a sheet of one workbook, streamed row by row so a case of a
 * million records does not sit in memory. Text cells are neutralised like CSV ones.
 */
export async function writeXlsx(db: Database.Database, path: string, options: TableOptions): Promise<Record<string, number>> {
  // Each table is built only when its sheet is written: building one resets the export's selection tables.
  function* tables(): Iterable<ExportTable> {
    for (const name of TABLE_NAMES) yield exportTable(db, name, options);
  }
  return writeXlsxTables(path, tables());
}

/** Writes tables as the sheets of one workbook through the guarded writer; rows per table. */
export async function writeXlsxTables(path: string, tables: Iterable<ExportTable>, sheetRows = SHEET_ROWS): Promise<Record<string, number>> {
  return writeGuarded(path, (temp) => writeWorkbook(temp, tables, sheetRows));
}

async function writeWorkbook(path: string, tables: Iterable<ExportTable>, sheetRows: number): Promise<Record<string, number>> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  workbook.creator = 'ZeroMile';
  // Fixed dates (here and in the zip's entries, below) make two exports of one case the same bytes.
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    let part = 1;
    const open = () => {
      const sheet = workbook.addWorksheet(part === 1 ? table.name : `${table.name} (${part})`, { views: [{ state: 'frozen', ySplit: 1 }] });
      const header = sheet.addRow([...table.columns]);
      header.font = { bold: true };
      header.commit();
      return sheet;
    };
    let sheet = open();
    let rows = 0;
    for (const row of table.rows) {
      if (rows > 0 && rows % sheetRows === 0) {
        sheet.commit();
        part++;
        sheet = open();
      }
      sheet.addRow(row.map(neutraliseCell)).commit();
      rows++;
    }
    sheet.commit();
    counts[table.name] = rows;
  }
  await workbook.commit();
  stampZipEntries(path);
  return counts;
}
