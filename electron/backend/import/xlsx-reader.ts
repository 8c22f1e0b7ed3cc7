import { createReadStream, type ReadStream } from 'node:fs';
import { countBytes, type ByteCounter, type SourceRow, type TableEvent } from './table-source';

const BATCH = 2000;
/** How long a reader may stay silent after the last byte of the file was read. */
const STALL_MS = 10_000;

/**
 * A cell as the investigator reads it: dates as ISO dates (exceljs gives Date objects, in UTC, for
 * cells with a date format), numbers as written by JavaScript, rich text and hyperlinks as their text,
 * formulas as their result.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = value.toISOString();
    // A date-time keeps its time; a plain date (midnight UTC) is just the date.
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text?: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/**
 * Streams every worksheet of a workbook with exceljs's WorkbookReader (shared strings and styles are
 * cached: styles are what tell a date from a number). Row numbers are Excel's own.
 */
export async function* readXlsx(path: string, counter: ByteCounter): AsyncGenerator<TableEvent> {
  // Loaded on first use: exceljs takes most of a second to load, which every CSV import would pay.
  const { default: ExcelJS } = await import('exceljs');
  const input = createReadStream(path, { highWaterMark: 1024 * 1024 });
  input.on('data', (piece) => { countBytes(counter, piece as Buffer); });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  const ended = endOfInput(input);
  for await (const worksheet of unlessStalled(reader, ended, input)) {
    const name = (worksheet as unknown as { name?: string }).name ?? null;
    yield { type: 'sheet', sheet: name };
    let batch: SourceRow[] = [];
    for await (const row of unlessStalled(worksheet as AsyncIterable<{ values: unknown; number: number }>, ended, input)) {
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      batch.push({ rowNo: row.number, cells });
      if (batch.length >= BATCH) {
        yield { type: 'rows', rows: batch };
        batch = [];
      }
    }
    if (batch.length > 0) yield { type: 'rows', rows: batch };
  }
}

/** When the whole file has been read, or null while it is being read. */
function endOfInput(input: ReadStream): () => number | null {
  let endedAt: number | null = null;
  const mark = () => { endedAt ??= Date.now(); };
  input.once('end', mark);
  input.once('close', mark);
  input.once('error', mark);
  return () => endedAt;
}

/**
 * exceljs's WorkbookReader never settles on some damaged zips (neither rows nor an error). Once the
 * file has been read to its end, a reader that stays silent is reading a damaged workbook: this
 * turns that hang into an error, so the import is refused instead of holding the write lock forever.
 */
async function* unlessStalled<T>(source: AsyncIterable<T>, endedAt: () => number | null, input: ReadStream): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    const next = iterator.next();
    const result = await new Promise<IteratorResult<T>>((resolve, reject) => {
      const asked = Date.now();
      const timer = setInterval(() => {
        const ended = endedAt();
        if (ended !== null && Date.now() - Math.max(ended, asked) >= STALL_MS) {
          clearInterval(timer);
          input.destroy();
          reject(new Error('the workbook is damaged: its contents stop before the end of the file'));
        }
      }, 500);
      next.then((value) => { clearInterval(timer); resolve(value); }, (error: unknown) => { clearInterval(timer); reject(error); });
    });
    if (result.done) return;
    yield result.value;
  }
}
