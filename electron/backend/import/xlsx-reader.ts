import type { Message } from '../../../shared/i18n/message';
import { EARLIEST_SERIAL } from '../../../shared/dates';
import { readProblem, refusalMessage } from '../../../shared/refusal';
import type { ByteCounter, SourceRow, TableEvent } from './table-source';
import { MAX_CELL_CHARS, StringItem, partText, tooLong, workbookParts, type Part, type WorkbookParts } from './xlsx-parts';
import { XmlScanner, type XmlHandler } from './xml-scanner';
import { shownNumber } from './xlsx-number-format';
import { zipEntries } from './xlsx-zip';

const BATCH = 2000;
const DAY_MS = 86_400_000;
/** 1 January 1970 as a 1900-system day number. */
const UNIX_EPOCH_SERIAL = 25_569;
/** Excel's last column is XFD (16,384 columns): a cell past it would make a row of billions of empty cells. */
const MAX_COLUMNS = 16_384;
/** Characters of one row, all cells together: a real table's row is a few hundred. */
const MAX_ROW_CHARS = 2 * 1024 * 1024;

/**
 * Streams every worksheet of a workbook, in the workbook's order, with Excel's own row numbers. Our
 * own reader of the zip and its XML: exceljs's streaming reader decoded each 64 KiB piece of a sheet
 * on its own (a character straddling two became U+FFFD), kept only the last run of inline rich text
 * and decoded entities twice in inline strings. Here each part goes through one streaming decoder,
 * so every cell comes out as written whatever its storage or the size of the sheet.
 */
export async function* readXlsx(path: string, counter: ByteCounter): AsyncGenerator<TableEvent> {
  const part: Part = { entries: await zipEntries(path), path, counter };
  const workbook = await workbookParts(part);
  for (const sheet of workbook.sheets) {
    yield { type: 'sheet', sheet: sheet.name };
    const rows = new SheetRows(workbook, sheet.name);
    const scanner = new XmlScanner(rows);
    for await (const text of partText(part, sheet.path)) {
      scanner.write(text);
      if (rows.ready.length >= BATCH) yield { type: 'rows', rows: rows.take() };
    }
    scanner.end();
    if (rows.ready.length > 0) yield { type: 'rows', rows: rows.take() };
  }
}

type Cell = { column: number; type: string; style: number; value: string | null };

/** Column index (0-based) of a cell reference such as "AB12"; at most MAX_COLUMNS (past Excel's last). */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length && n <= MAX_COLUMNS; i++) {
    const c = ref.charCodeAt(i) & ~32;
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** A sheet's <sheetData> as rows of cell text, the way an investigator reads them in Excel. */
class SheetRows implements XmlHandler {
  ready: SourceRow[] = [];
  private rowNo = 0;
  private cells: string[] | null = null;
  /** Where a cell without a reference stands: right after the cell before it, even an empty one (`<c/>`). */
  private nextColumn = 0;
  private cell: Cell | null = null;
  /** Text of the cell's <v>, gathered while inside it. */
  private value: string[] | null = null;
  private valueChars = 0;
  private rowChars = 0;
  private inline: StringItem | null = null;
  private shown: Record<number, string> | null = null;

  constructor(private readonly workbook: WorkbookParts, private readonly sheet: string) {}

  private where(): Message {
    return refusalMessage('refusal.where_row', { sheet: JSON.stringify(this.sheet), row: this.rowNo });
  }

  take(): SourceRow[] {
    const rows = this.ready;
    this.ready = [];
    return rows;
  }

  open(name: string, a: Record<string, string>): void {
    if (name === 'row') {
      const r = Number(a.r);
      this.rowNo = Number.isInteger(r) && r > 0 ? r : this.rowNo + 1;
      this.cells = [];
      this.nextColumn = 0;
      this.shown = null;
      this.rowChars = 0;
    } else if (this.cells !== null) {
      if (name === 'c') {
        const given = a.r ? columnOf(a.r) : this.nextColumn;
        if (given >= MAX_COLUMNS) throw readProblem('refusal.cell_past_xfd', { where: this.where(), cell: JSON.stringify((a.r ?? `#${given + 1}`).slice(0, 20)) });
        const column = given >= 0 ? given : this.nextColumn;
        this.nextColumn = column + 1;
        this.cell = { column, type: a.t ?? 'n', style: Number(a.s ?? 0), value: null };
      } else if (this.cell !== null) {
        if (name === 'v') { this.value = []; this.valueChars = 0; }
        else if (name === 'is') (this.inline = new StringItem()).start(() => this.where());
        else this.inline?.open(name);
      }
    }
  }

  text(text: string): void {
    if (this.value !== null) {
      this.valueChars += text.length;
      if (this.valueChars > MAX_CELL_CHARS) throw tooLong(this.where(), this.value.join('') + text);
      this.value.push(text);
    } else {
      this.inline?.add(text);
    }
  }

  close(name: string): void {
    if (name === 'row') {
      if (this.cells !== null) this.ready.push(this.shown ? { rowNo: this.rowNo, cells: this.cells, shown: this.shown } : { rowNo: this.rowNo, cells: this.cells });
      this.cells = null;
    } else if (name === 'c' && this.cell !== null && this.cells !== null) {
      const text = this.cellText(this.cell);
      if (text !== null) {
        this.rowChars += text.length;
        if (this.rowChars > MAX_ROW_CHARS) throw readProblem('refusal.row_too_long', { where: this.where(), max: MAX_ROW_CHARS / 1_048_576 });
        while (this.cells.length < this.cell.column) this.cells.push('');
        this.cells[this.cell.column] = text;
      }
      this.cell = null;
    } else if (name === 'v' && this.value !== null && this.cell !== null) {
      this.cell.value = this.value.join('');
      this.value = null;
    } else if (name === 'is' && this.inline !== null && this.cell !== null) {
      this.cell.value = this.inline.take();
      this.inline = null;
    } else {
      this.inline?.close(name);
    }
  }

  /**
   * Dates as ISO dates (with the time when there is one), numbers as JavaScript writes them (with the
   * text their format shows beside, when it differs), booleans as TRUE/FALSE.
   */
  private cellText(cell: Cell): string | null {
    const v = cell.value;
    if (v === null) return null;
    switch (cell.type) {
      case 's': return this.workbook.sharedStrings[Number(v)] ?? '';
      case 'inlineStr':
      case 'str':
      case 'e':
        return v;
      case 'b': return v === '1' || v.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
      case 'd': return isoCellText(v);
      default: {
        if (v.trim() === '') return '';
        const number = Number(v);
        if (Number.isNaN(number)) return v;
        if (this.workbook.dateStyles[cell.style]) {
          // A day number before 1980 under a date format is a number mistaken for a date (Excel shows
          // 60 as 29 February 1900, which never was): given as written, so the row plan rejects it by its serial.
          // A 1904-system workbook counts its days from 1 January 1904, 1,462 after the 1900 system's day 0.
          const serial = number + (this.workbook.date1904 ? 1462 : 0);
          if (serial < EARLIEST_SERIAL) return String(number);
          return dateText(new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * DAY_MS)));
        }
        const text = String(number);
        const shown = shownNumber(number, this.workbook.digitFormats[cell.style] ?? null);
        if (shown !== null && shown !== text) (this.shown ??= {})[cell.column] = shown;
        return text;
      }
    }
  }
}

function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  // A date-time keeps its time; a plain date (midnight) is just the date.
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/**
 * A cell of type d (ISO 8601, as Excel writes it: `2026-01-05T00:00:00`, no zone) as the sheet
 * shows it: its date and time as written. `new Date()` read a date-time without a zone in the
 * computer's zone, so in China (UTC+8) midnight of 5 January came out as 4 January 16:00.
 */
function isoCellText(v: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?$/.exec(v.trim());
  if (!m) return dateText(new Date(v));
  return dateText(new Date(`${m[1]}T${m[2] ?? '00:00:00'}Z`));
}
