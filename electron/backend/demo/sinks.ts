import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import type { Cell, Encoding } from './layout';

/**
 * Where rows go. CSV rows are buffered a megabyte at a time and written synchronously, encoded
 * on the way (GB18030 by iconv-lite), so memory stays flat however many vehicles are generated.
 */
const FLUSH_CHARS = 1 << 20;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const ASCII = /^[ -~]*$/;

/**
 * GB18030 as a binary (latin1) string, cell by cell with a cache: the same company and city
 * names recur on every row, and iconv-lite's encoder is slow when fed megabytes at a time.
 */
class Gb18030Cells {
  private readonly cache = new Map<string, string>();
  encode(text: string): string {
    if (ASCII.test(text)) return text;
    let bytes = this.cache.get(text);
    if (bytes === undefined) {
      bytes = iconv.encode(text, 'gb18030').toString('latin1');
      if (this.cache.size >= 100_000) this.cache.clear();
      this.cache.set(text, bytes);
    }
    return bytes;
  }
}

export class CsvSink {
  /** Data rows written (the header not counted). */
  rows = 0;
  bytes = 0;
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private buffer = '';
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
    this.buffer += line + this.eol;
    this.rows++;
    if (this.buffer.length >= FLUSH_CHARS) this.flush();
  }

  private put(bytes: Buffer): void {
    writeSync(this.fd, bytes);
    this.hash.update(bytes);
    this.bytes += bytes.length;
  }

  private flush(): void {
    if (this.buffer === '') return;
    this.put(Buffer.from(this.buffer, this.gb ? 'latin1' : 'utf8'));
    this.buffer = '';
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
