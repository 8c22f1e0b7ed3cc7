import type Database from 'better-sqlite3';
import { exportTable, flagEvidenceTable, TABLE_NAMES, type ExportTable, type TableName, type TableOptions } from './case-tables';
import { neutraliseCell } from './neutralise';
import { EXCEL_MAX_ROWS, SheetWriter } from './xlsx-sheet-writer';
import { sheetPartName, workbookParts } from './xlsx-workbook-parts';
import { ZipWriter } from './zip-stream';
import { writeGuardedStream } from '../files/guarded-stream';

/** Rows a sheet holds below its header (Excel's limit is 1,048,576 rows); more go on to a next sheet. */
export const SHEET_ROWS = EXCEL_MAX_ROWS - 1;

/**
 * zlib's level for the sheets: 1 deflates a sheet's repetitive XML to within a few percent of 6
 * at several times the speed, and the export is bound by it.
 */
const DEFLATE_LEVEL = 1;

/** Key of the export's counts: text cells cut to Excel's 32,767 characters (each shows the mark). */
export const CELLS_CUT = 'cells_cut';

/**
 * Writes every export table as a sheet of one workbook (or the one `table` names), streamed row
 * by row so a case of a million records does not sit in memory. Text cells are neutralised like
 * CSV ones. With the flags goes the evidence sheet, one citation a row: a flag's evidence cell is
 * cut at Excel's limit, its citations are not.
 */
export async function writeXlsx(db: Database.Database, path: string, options: TableOptions, table?: TableName): Promise<Record<string, number>> {
  // Each table is built only when its sheet is written: building one resets the export's selection tables.
  function* tables(): Iterable<ExportTable> {
    for (const name of table === undefined ? TABLE_NAMES : [table]) yield exportTable(db, name, options);
    if (table === undefined || table === 'flags') yield flagEvidenceTable(db, options);
  }
  return writeXlsxTables(path, tables());
}

/**
 * Writes tables as the sheets of one workbook through the guarded writer (a temp file beside the
 * target, renamed when complete); rows per table, and cells cut when any were. A table of more
 * rows than a sheet holds goes on to sheets named "NAME (2)", "NAME (3)", each with the header.
 */
export async function writeXlsxTables(path: string, tables: Iterable<ExportTable>, sheetRows = SHEET_ROWS): Promise<Record<string, number>> {
  if (!(sheetRows >= 1 && sheetRows <= SHEET_ROWS)) throw new Error(`a sheet holds 1 to ${SHEET_ROWS} rows below its header`);
  return writeGuardedStream(path, async (out) => {
    const zip = new ZipWriter(out, { level: DEFLATE_LEVEL });
    const sheetNames: string[] = [];
    const counts: Record<string, number> = {};
    let cut = 0;
    const open = (table: ExportTable, part: number) => {
      sheetNames.push(part === 1 ? table.name : `${table.name} (${part})`);
      return SheetWriter.open(zip, sheetPartName(sheetNames.length), table.columns);
    };
    try {
      for (const table of tables) {
        let part = 1;
        let sheet = await open(table, part);
        let rows = 0;
        for (const row of table.rows) {
          if (rows > 0 && rows % sheetRows === 0) {
            await sheet.close();
            cut += sheet.cut;
            sheet = await open(table, ++part);
          }
          await sheet.write(row.map(neutraliseCell));
          rows++;
        }
        await sheet.close();
        cut += sheet.cut;
        counts[table.name] = rows;
      }
    } catch (error) {
      zip.abort(error as Error);
      throw error;
    }
    for (const [name, content] of workbookParts(sheetNames)) await zip.addFile(name, content);
    await zip.finish();
    if (cut > 0) counts[CELLS_CUT] = cut;
    return counts;
  });
}
