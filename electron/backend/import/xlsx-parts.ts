import type { Message } from '../../../shared/i18n/message';
import { readProblem, refusalMessage } from '../../../shared/refusal';
import { QUOTE_MAX_CHARS, detach } from '../../../shared/text';
import type { ByteCounter } from './table-source';
import { digitFormat, type DigitFormat } from './xlsx-number-format';
import { XmlScanner, type XmlHandler } from './xml-scanner';
import { entryBytes, type ZipEntry } from './xlsx-zip';

/**
 * The parts of a workbook other than its sheets, each read as the Office Open XML standard lays
 * them out: the relationships that name the parts, the workbook's sheet list and date system, the
 * styles (the one thing that tells a date from a number) and the shared strings.
 */

/**
 * Bounds of what a workbook may hold, so that a small hostile file cannot take gigabytes (issue 17
 * item 5: a 370 KB workbook held one 320 MB shared string). A cell holds at most 32,767 characters
 * in Excel itself; the shared strings are held in memory for the whole import, so their number and
 * characters are bounded too (a million-row sheet of unique VINs and invoice numbers needs 2-3 M).
 */
export const MAX_CELL_CHARS = 32_767;
export const MAX_SHARED_STRINGS = 6_000_000;
export const MAX_SHARED_STRING_CHARS = 64 * 1024 * 1024;

/** The start of a text too long to read, for a message (at most QUOTE_MAX_CHARS of it). */
export function tooLong(where: Message, start: string): Error {
  return readProblem('refusal.cell_too_long', { where, max: MAX_CELL_CHARS.toLocaleString('en-US'), start: JSON.stringify(start.slice(0, QUOTE_MAX_CHARS)) });
}

export type Part = { entries: Map<string, ZipEntry>; path: string; counter: ByteCounter };
export type SheetPart = { name: string; path: string };
export type WorkbookParts = {
  sheets: SheetPart[]; date1904: boolean; sharedStrings: string[];
  /** Per cell style (cellXfs index): whether its number format shows a date. */
  dateStyles: boolean[];
  /** Per cell style: its number format, parsed, when that is one of digits (00000000), else null. */
  digitFormats: (DigitFormat | null)[];
};

/** The entry of a part, by its path (matched without regard to case, as some writers vary it). */
function findEntry(part: Part, name: string): ZipEntry | undefined {
  return part.entries.get(name) ?? [...part.entries.values()].find((e) => e.name.toLowerCase() === name.toLowerCase());
}

/** A part's text in pieces, through one decoder (a character may straddle two pieces of its bytes). */
export async function* partText(part: Part, name: string): AsyncGenerator<string> {
  const entry = findEntry(part, name);
  if (!entry) throw readProblem('refusal.part_missing', { part: name });
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  for await (const piece of entryBytes(part.path, entry, part.counter)) {
    // UTF-8 unless the part starts with a UTF-16 byte order mark (the standard allows both).
    decoder ??= new TextDecoder(piece[0] === 0xff && piece[1] === 0xfe ? 'utf-16le' : piece[0] === 0xfe && piece[1] === 0xff ? 'utf-16be' : 'utf-8');
    const text = decoder.decode(piece, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder?.decode() ?? '';
  if (rest !== '') yield rest;
}

/** Reads a whole part into an XML handler; false when the workbook has no such part. */
async function readPart(part: Part, name: string, handler: XmlHandler): Promise<boolean> {
  if (!findEntry(part, name)) return false;
  const scanner = new XmlScanner(handler);
  for await (const text of partText(part, name)) scanner.write(text);
  scanner.end();
  return true;
}

const ignore = () => undefined;

/** A part's relationships: id -> target path inside the archive, and type -> first target. */
async function relationships(part: Part, ofPath: string): Promise<{ byId: Map<string, string>; byType: Map<string, string> }> {
  const folder = ofPath.includes('/') ? ofPath.slice(0, ofPath.lastIndexOf('/') + 1) : '';
  const relsPath = `${folder}_rels/${ofPath.slice(folder.length)}.rels`;
  const byId = new Map<string, string>();
  const byType = new Map<string, string>();
  await readPart(part, relsPath, {
    open(name, a) {
      if (name !== 'Relationship' || !a.Target || a.TargetMode === 'External') return;
      const target = resolvePath(folder, a.Target);
      if (a.Id) byId.set(a.Id, target);
      const type = (a.Type ?? '').slice((a.Type ?? '').lastIndexOf('/') + 1);
      if (!byType.has(type)) byType.set(type, target);
    },
    close: ignore,
    text: ignore,
  });
  return { byId, byType };
}

function resolvePath(folder: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : folder + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

export async function workbookParts(part: Part): Promise<WorkbookParts> {
  const root = await relationships(part, '');
  const workbookPath = root.byType.get('officeDocument') ?? 'xl/workbook.xml';
  const rels = await relationships(part, workbookPath);
  const sheets: SheetPart[] = [];
  let date1904 = false;
  const found = await readPart(part, workbookPath, {
    open(name, a) {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name === 'sheet') {
        const path = (a.id && rels.byId.get(a.id)) ?? `xl/worksheets/sheet${sheets.length + 1}.xml`;
        sheets.push({ name: a.name ?? `Sheet${sheets.length + 1}`, path });
      }
    },
    close: ignore,
    text: ignore,
  });
  if (!found) throw readProblem('refusal.no_workbook');
  return {
    sheets,
    date1904,
    sharedStrings: await sharedStrings(part, rels.byType.get('sharedStrings') ?? 'xl/sharedStrings.xml'),
    ...await cellStyles(part, rels.byType.get('styles') ?? 'xl/styles.xml'),
  };
}

/** Every shared string: its <t> texts joined (rich text runs included, phonetic guides left out). */
async function sharedStrings(part: Part, path: string): Promise<string[]> {
  const strings: string[] = [];
  let chars = 0;
  const text = new StringItem();
  await readPart(part, path, {
    open(name) { if (name === 'si') text.start(() => refusalMessage('refusal.where_shared_string', { n: strings.length + 1 })); else text.open(name); },
    close(name) {
      if (name !== 'si') { text.close(name); return; }
      // Detached from the piece of XML it was cut from, which would otherwise stay in memory with it.
      const value = detach(text.take());
      chars += value.length;
      if (strings.length >= MAX_SHARED_STRINGS) throw readProblem('refusal.too_many_strings', { max: MAX_SHARED_STRINGS.toLocaleString('en-US') });
      if (chars > MAX_SHARED_STRING_CHARS) throw readProblem('refusal.strings_too_long', { max: MAX_SHARED_STRING_CHARS / 1_048_576 });
      strings.push(value);
    },
    text(value) { text.add(value); },
  });
  return strings;
}

/**
 * The text of a string item (<si>, or a cell's <is>): the <t> elements directly in it or in its runs
 * <r>, never those of a phonetic run <rPh>. Excel writes characters XML cannot hold as _xHHHH_.
 */
export class StringItem {
  private parts: string[] = [];
  private length = 0;
  private inT = false;
  private phonetic = 0;
  /** Names the item in a message: 'its shared string 12', 'its sheet "A" cell C7'. */
  private where: () => Message = () => refusalMessage('refusal.where_string');

  start(where?: () => Message): void {
    this.parts = [];
    this.length = 0;
    this.inT = false;
    this.phonetic = 0;
    if (where) this.where = where;
  }
  open(name: string): void {
    if (name === 'rPh') this.phonetic++;
    else if (name === 't' && this.phonetic === 0) this.inT = true;
  }
  close(name: string): void {
    if (name === 'rPh') this.phonetic--;
    else if (name === 't') this.inT = false;
  }
  add(text: string): void {
    if (!this.inT) return;
    this.length += text.length;
    // _xHHHH_ escapes shrink seven characters to one: the bound allows for them.
    if (this.length > MAX_CELL_CHARS * 7) throw tooLong(this.where(), this.parts.join('') + text);
    this.parts.push(text);
  }
  take(): string {
    const joined = this.parts.join('');
    this.parts = [];
    this.length = 0;
    const text = joined.includes('_x') ? joined.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : joined;
    if (text.length > MAX_CELL_CHARS) throw tooLong(this.where(), text);
    return text;
  }
}

/** Built-in number formats that are dates or times (ECMA-376 18.8.30, with the East Asian ones). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '');
  return /[dmyhs]/i.test(bare.split(';')[0] ?? '');
}

/** For each cell style (cellXfs index), whether its number format shows a date, and its digit format. */
async function cellStyles(part: Part, path: string): Promise<Pick<WorkbookParts, 'dateStyles' | 'digitFormats'>> {
  const custom = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellXfs = false;
  await readPart(part, path, {
    open(name, a) {
      if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formatIds.push(Number(a.numFmtId ?? 0));
    },
    close(name) { if (name === 'cellXfs') inCellXfs = false; },
    text: ignore,
  });
  return {
    dateStyles: formatIds.map((id) => (custom.has(id) ? isDateFormat(custom.get(id)!) : DATE_FORMAT_IDS.has(id))),
    digitFormats: formatIds.map((id) => digitFormat(id, custom)),
  };
}
