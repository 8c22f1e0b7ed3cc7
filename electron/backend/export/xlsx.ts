import ExcelJS from 'exceljs';
import type Database from 'better-sqlite3';
import { exportTable, TABLE_NAMES, type TableOptions } from './case-tables';
import { neutraliseCell } from './neutralise';
import { stampZipEntries } from './zip-times';
import { writeGuarded } from '../files/guarded-write';

/**
 * Writes every export table as a sheet of one workbook, streamed row by row so a case of a
 * million records does not sit in memory. Text cells are neutralised like CSV ones.
 */
export async function writeXlsx(db: Database.Database, path: string, options: TableOptions): Promise<Record<string, number>> {
  return writeGuarded(path, (temp) => writeWorkbook(db, temp, options));
}

async function writeWorkbook(db: Database.Database, path: string, options: TableOptions): Promise<Record<string, number>> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  workbook.creator = 'ZeroMile';
  // Fixed dates (here and in the zip's entries, below) make two exports of one case the same bytes.
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  const counts: Record<string, number> = {};
  for (const name of TABLE_NAMES) {
    const table = exportTable(db, name, options);
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = sheet.addRow([...table.columns]);
    header.font = { bold: true };
    header.commit();
    let rows = 0;
    for (const row of table.rows) {
      sheet.addRow(row.map(neutraliseCell)).commit();
      rows++;
    }
    sheet.commit();
    counts[name] = rows;
  }
  await workbook.commit();
  stampZipEntries(path);
  return counts;
}
