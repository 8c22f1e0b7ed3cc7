import { readProblem } from '../../../shared/refusal';
import type { TextEncoding } from './encoding';
import type { ByteCounter, SourceRow, TableEvent } from './table-source';
import { TextPieces } from './text-pieces';

/** One line longer than this is not a record. */
const MAX_LINE = 64 * 1024 * 1024;


/** Marks a line that is not a JSON object; the importer rejects it as bad_row with this text. */
export const NOT_AN_OBJECT = '\u0000not-json';

function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * JSON lines: one object per line, its keys are the headers. The headers are the keys of the first
 * object; a key first met later is added as a new column (kept in raw, mapped if it is a known header).
 * Row numbers are line numbers. A line that is not an object yields the marker cell for a bad_row.
 */
export async function* readJsonLines(path: string, encoding: TextEncoding, counter: ByteCounter): AsyncGenerator<TableEvent> {
  const headers: string[] = [];
  const position = new Map<string, number>();
  let lineNo = 0;
  const pieces = new TextPieces(MAX_LINE, () => readProblem('refusal.jsonl_line_too_long', { line: lineNo + 1, mb: MAX_LINE / 1_048_576 }));
  let announced = -1;
  yield { type: 'sheet', sheet: null };
  const parseLines = (text: string, last: boolean): SourceRow[] => {
    const lines = text.split('\n');
    const rest = last ? '' : lines.pop()!;
    const rows: SourceRow[] = [];
    for (const line of lines) {
      lineNo++;
      const trimmed = line.trim();
      if (trimmed === '') continue;
      let object: unknown;
      let values: [string, string][] | null = null;
      try {
        object = JSON.parse(trimmed);
        // A value nested thousands deep overflows the stack here (and in JSON.parse): a bad row, not a crash.
        if (object !== null && typeof object === 'object' && !Array.isArray(object)) {
          values = Object.entries(object as Record<string, unknown>).map(([key, value]) => [key, cellOf(value)]);
        }
      } catch {
        values = null;
      }
      if (values === null) {
        rows.push({ rowNo: lineNo, cells: [NOT_AN_OBJECT, trimmed] });
        continue;
      }
      const cells: string[] = new Array(headers.length).fill('');
      for (const [key, value] of values) {
        let at = position.get(key);
        if (at === undefined) {
          at = headers.length;
          headers.push(key);
          position.set(key, at);
        }
        cells[at] = value;
      }
      rows.push({ rowNo: lineNo, cells });
    }
    // After the lines above are counted: the unfinished one is line lineNo + 1.
    if (!last) pieces.leave(rest);
    return rows;
  };
  for await (const { text, last } of pieces.read(path, encoding, counter)) yield* emit(parseLines(text, last));

  function* emit(rows: SourceRow[]): Generator<TableEvent> {
    if (rows.length === 0) return;
    // Headers may grow as new keys appear; the importer re-reads them with each batch.
    if (announced !== headers.length) {
      announced = headers.length;
      yield { type: 'headers', headers: [...headers] };
    }
    yield { type: 'rows', rows };
  }
}
