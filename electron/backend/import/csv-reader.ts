import { createReadStream } from 'node:fs';
import { ZeroMileError } from '../../../shared/errors';
import { CsvRows } from './csv-rows';
import type { TextEncoding } from './encoding';
import { countBytes, TEXT_PIECE_BYTES, type ByteCounter, type SourceRow, type TableEvent } from './table-source';

/** One row longer than this is a broken file (an unclosed quote), not data. */
const MAX_PENDING = 64 * 1024 * 1024;
const DELIMITERS = [',', '\t', ';', '|'] as const;

/** The delimiter used most on the header line (quoted text aside). */
export function guessDelimiter(firstLine: string): string {
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = unquoted.split(d).length - 1;
    if (count > bestCount) { best = d; bestCount = count; }
  }
  return best;
}

function guessNewline(text: string): '\r\n' | '\n' | '\r' {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  if (lf >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\n';
}

/**
 * Streams a CSV file: bytes are decoded piece by piece (TextDecoder in stream mode, so a character
 * split across pieces survives), and CsvRows (papaparse's reading, faster) reads every complete row
 * of the text so far; the unfinished last row waits for the next piece. Memory stays at a few pieces whatever the size.
 */
export async function* readCsv(path: string, encoding: TextEncoding, counter: ByteCounter): AsyncGenerator<TableEvent> {
  const decoder = new TextDecoder(encoding);
  let parser: CsvRows | null = null;
  let pending = '';
  /** Length of the unfinished row the last parse left. */
  let leftAtParse = 0;
  let rowNo = 0;
  const checkPending = () => {
    if (pending.length > MAX_PENDING) {
      throw new ZeroMileError('file_refused', `row ${rowNo + 1} never ends (an unclosed quote?): more than ${MAX_PENDING / 1_048_576} MB without a row break`);
    }
  };
  const take = (text: string, last: boolean): SourceRow[] => {
    const result = parser!.parse(text, last);
    pending = last ? '' : text.slice(result.cursor);
    leftAtParse = pending.length;
    checkPending();
    const rows: SourceRow[] = new Array(result.rows.length);
    for (let i = 0; i < result.rows.length; i++) rows[i] = { rowNo: ++rowNo, cells: result.rows[i]! };
    return rows;
  };
  let started = false;
  for await (const piece of createReadStream(path, { highWaterMark: TEXT_PIECE_BYTES })) {
    const bytes = piece as Buffer;
    countBytes(counter, bytes);
    const text = pending + decoder.decode(bytes, { stream: true });
    // A row longer than a piece (long quoted text, an unclosed quote) is read again from its start
    // by every parse: parsing again only once its text has doubled keeps that linear.
    if (leftAtParse > TEXT_PIECE_BYTES && text.length < 2 * leftAtParse) {
      pending = text;
      checkPending();
      continue;
    }
    if (!parser) {
      // Wait for a whole first line before choosing the delimiter and newline.
      if (!/[\r\n]/.test(text)) { pending = text; continue; }
      const delimiter = guessDelimiter(text.slice(0, text.search(/[\r\n]/)));
      parser = new CsvRows(delimiter, guessNewline(text.slice(0, 65536)));
      started = true;
      yield { type: 'sheet', sheet: null, detail: { delimiter } };
    }
    const rows = take(text, false);
    if (rows.length > 0) yield { type: 'rows', rows };
  }
  const rest = pending + decoder.decode();
  if (!parser) {
    parser = new CsvRows(guessDelimiter(rest), '\n');
    if (!started) yield { type: 'sheet', sheet: null, detail: { delimiter: guessDelimiter(rest) } };
  }
  if (rest !== '') {
    const rows = take(rest, true);
    if (rows.length > 0) yield { type: 'rows', rows };
  }
}
