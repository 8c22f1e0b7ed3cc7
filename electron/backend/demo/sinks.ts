import iconv from 'iconv-lite';
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import type { Cell, Encoding } from './layout';

/**
 * Where rows go. CSV rows are buffered a megabyte at a time and written synchronously, encoded
 * on the way (GB18030 by iconv-lite), so memory stays flat however many vehicles are generated.
 */
const BUFFER_BYTES = 1 << 20;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NEEDS_QUOTES = /[",\r\n]/;
const ASCII = /^[ -~]*$/;

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * GB18030 as a binary (latin1) string: whole cells cached (the same company and city names recur
 * on every row) and, for new cells, character by character, since iconv-lite is slow when called
 * per short string.
 */
class Gb18030Cells {
  private readonly cells = new Map<string, string>();
  private readonly chars = new Map<number, string>();
  encode(text: string): string {
    if (ASCII.test(text)) return text;
    let bytes = this.cells.get(text);
    if (bytes === undefined) {
      bytes = '';
      for (const ch of text) {
        const code = ch.codePointAt(0)!;
        if (code < 0x80) {
          bytes += ch;
          continue;
        }
        let encoded = this.chars.get(code);
        if (encoded === undefined) this.chars.set(code, (encoded = iconv.encode(ch, 'gb18030').toString('latin1')));
        bytes += encoded;
      }
      if (this.cells.size >= 100_000) this.cells.clear();
      this.cells.set(text, bytes);
    }
    return bytes;
  }
}

/** Rows go straight into a byte buffer (no megabyte-long strings for the collector to chase). */
export class CsvSink {
  /** Data rows written (the header not counted). */
  rows = 0;
  bytes = 0;
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private readonly gb: Gb18030Cells | null;

  constructor(path: string, encoding: Encoding, private readonly eol: string, headers: string[]) {
    this.fd = openSync(path, 'w');
    if (encoding === 'utf8-bom') this.put(UTF8_BOM);
    this.gb = encoding === 'gb18030' ? new Gb18030Cells() : null;
    this.write(headers);
    this.rows = 0;
  }

  write(cells: Cell[]): void {
    let line = '';
    for (let i = 0; i < cells.length; i++) {
      const text = csvCell(cells[i] ?? null);
      line += (i === 0 ? '' : ',') + (this.gb ? this.gb.encode(text) : text);
    }
    line += this.eol;
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit; latin1 exactly 1.
    if (this.used + line.length * 3 > BUFFER_BYTES) this.flush();
    if (line.length * 3 > BUFFER_BYTES) this.put(Buffer.from(line, this.gb ? 'latin1' : 'utf8'));
    else this.used += this.buffer.write(line, this.used, this.gb ? 'latin1' : 'utf8');
    this.rows++;
  }

  private put(bytes: Buffer): void {
    writeSync(this.fd, bytes);
    this.hash.update(bytes);
    this.bytes += bytes.length;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.put(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  /** Closes the file; returns its SHA-256. */
  close(): string {
    this.flush();
    closeSync(this.fd);
    return this.hash.digest('hex');
  }
}

/** The XLSX is capped (the demo keeps it small), so its rows are held and written at the end. */
export class XlsxSink {
  readonly rowsHeld: Cell[][] = [];
  constructor(private readonly path: string, private readonly headers: string[], readonly cap: number,
    private readonly dateColumns: number[]) {}

  get rows(): number { return this.rowsHeld.length; }
  get full(): boolean { return this.rowsHeld.length >= this.cap; }

  write(cells: Cell[]): void {
    this.rowsHeld.push(cells);
  }

  async close(): Promise<{ sha256: string; bytes: number }> {
    // Loaded here, not with the module: exceljs costs ~0.7 s to load, which every command line run,
    // the web server and the app would pay at start for the demo's one workbook.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    // Fixed metadata, so only the zip's own timestamps differ between two runs with one seed.
    workbook.creator = 'ZeroMile demo';
    workbook.created = new Date(Date.UTC(2026, 0, 1));
    workbook.modified = new Date(Date.UTC(2026, 0, 1));
    const sheet = workbook.addWorksheet('出口报关单');
    sheet.addRow(this.headers);
    for (const cells of this.rowsHeld) sheet.addRow(cells);
    // Dates are Excel serial numbers shown as dates, as a customs system's export writes them.
    for (const column of this.dateColumns) sheet.getColumn(column + 1).numFmt = 'yyyy/m/d';
    sheet.getRow(1).numFmt = '@';
    sheet.getRow(1).font = { bold: true };
    const bytes = fixZipTimes(Buffer.from(await workbook.xlsx.writeBuffer()));
    writeFileSync(this.path, bytes);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  }
}

/**
 * Sets every entry of a zip to one fixed DOS time (2026-01-01 00:00), in the central directory
 * and the local headers: the zip writer stamps the current time, which would make two runs with
 * one seed differ.
 */
export function fixZipTimes(zip: Buffer): Buffer {
  const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('zip central directory is not where it should be');
    zip.writeUInt16LE(0, at + 12);
    zip.writeUInt16LE(DOS_DATE, at + 14);
    const local = zip.readUInt32LE(at + 42);
    zip.writeUInt16LE(0, local + 10);
    zip.writeUInt16LE(DOS_DATE, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
