import type { Cell } from './neutralise';
import { CELL_MAX_CHARS, cutToCell, escapeCellText, keepsSpace } from './xlsx-cell-text';
import type { ZipMemberWriter, ZipWriter } from './zip-stream';

/** Excel's rows per sheet, the header row included. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Excel's columns per sheet (A to XFD). */
const EXCEL_MAX_COLUMNS = 16_384;

/** The style of the header row's cells in the workbook's styles part (bold). */
export const HEADER_STYLE = 1;

const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
  // The header row stays in view while the rows scroll.
  + '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>'
  + '<sheetFormatPr defaultRowHeight="15"/><sheetData>';
const SHEET_TAIL = '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';

/** A column's letters: 0 is A, 25 Z, 26 AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * One worksheet written row by row into a streamed zip member: each row's XML is made and handed
 * on at once, so a sheet of a million rows never sits in memory. Text goes inline (t="inlineStr"),
 * never through a shared-strings table, which would have to hold every distinct value until the
 * end; numbers as numbers; an empty cell is left out.
 */
export class SheetWriter {
  /** Rows written, the header included. */
  rows = 0;
  /** Text cells cut to Excel's limit (each ends with the visible mark). */
  cut = 0;
  private readonly letters: string[];

  private constructor(private readonly member: ZipMemberWriter, columns: number) {
    if (columns > EXCEL_MAX_COLUMNS) throw new Error(`a sheet holds at most ${EXCEL_MAX_COLUMNS} columns`);
    this.letters = Array.from({ length: columns }, (_, i) => columnName(i));
  }

  /** Opens the sheet's part in the zip and writes its header row (bold). */
  static async open(zip: ZipWriter, partName: string, columns: readonly string[]): Promise<SheetWriter> {
    const sheet = new SheetWriter(await zip.openMember(partName), columns.length);
    await sheet.member.write(SHEET_HEAD);
    await sheet.write(columns, HEADER_STYLE);
    return sheet;
  }

  /** Writes one row; cells past the sheet's columns are an error, fewer are fine. */
  async write(cells: readonly Cell[], style = 0): Promise<void> {
    if (this.rows >= EXCEL_MAX_ROWS) throw new Error(`a sheet holds at most ${EXCEL_MAX_ROWS.toLocaleString('en-US')} rows`);
    if (cells.length > this.letters.length) throw new Error(`a row of ${cells.length} cells in a sheet of ${this.letters.length} columns`);
    const r = ++this.rows;
    const s = style ? ` s="${style}"` : '';
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i];
      if (value === null || value === undefined || value === '') continue;
      const ref = `${this.letters[i]}${r}`;
      if (typeof value === 'number' && Number.isFinite(value)) {
        xml += `<c r="${ref}"${s}><v>${value}</v></c>`;
        continue;
      }
      // Text, and a number Excel cannot hold (Infinity) as the text it reads as.
      let text = String(value);
      if (text.length > CELL_MAX_CHARS) {
        text = cutToCell(text);
        this.cut++;
      }
      const space = keepsSpace(text) ? ' xml:space="preserve"' : '';
      xml += `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${escapeCellText(text)}</t></is></c>`;
    }
    await this.member.write(`${xml}</row>`);
  }

  /** Ends the sheet's XML and its zip member. */
  async close(): Promise<void> {
    await this.member.write(SHEET_TAIL);
    await this.member.end();
  }
}
