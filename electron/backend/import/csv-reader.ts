import { readProblem } from '../../../shared/refusal';
import { CsvRows } from './csv-rows';
import type { TextEncoding } from './encoding';
import type { ByteCounter, SourceRow, TableEvent } from './table-source';
import { TextPieces } from './text-pieces';

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
 * Streams a CSV file: its text comes piece by piece (text-pieces.ts), and CsvRows (papaparse's
 * reading, faster) reads every complete row of the text so far; the unfinished last row waits for
 * the next piece. Memory stays at a few pieces whatever the size.
 */
export async function* readCsv(path: string, encoding: TextEncoding, counter: ByteCounter): AsyncGenerator<TableEvent> {
  let parser: CsvRows | null = null;
  let rowNo = 0;
  const pieces = new TextPieces(MAX_PENDING, () => readProblem('refusal.csv_row_never_ends', { row: rowNo + 1, mb: MAX_PENDING / 1_048_576 }));
  for await (const { text, last } of pieces.read(path, encoding, counter)) {
    if (!parser) {
      const lineEnd = text.search(/[\r\n]/);
      // Wait for a whole first line before choosing the delimiter and newline.
      if (lineEnd < 0 && !last) { pieces.leave(text); continue; }
      const delimiter = guessDelimiter(lineEnd < 0 ? text : text.slice(0, lineEnd));
      parser = new CsvRows(delimiter, lineEnd < 0 ? '\n' : guessNewline(text.slice(0, 65536)));
      yield { type: 'sheet', sheet: null, detail: { delimiter } };
    }
    if (text === '') continue;
    const result = parser.parse(text, last);
    if (!last) pieces.leave(text.slice(result.cursor));
    if (result.rows.length === 0) continue;
    const rows: SourceRow[] = new Array(result.rows.length);
    for (let i = 0; i < result.rows.length; i++) rows[i] = { rowNo: ++rowNo, cells: result.rows[i]! };
    yield { type: 'rows', rows };
  }
}
