import { createReadStream } from 'node:fs';
import { ZeroMileError } from '../../../shared/errors';
import type { TextEncoding } from './encoding';
import { countBytes, TEXT_PIECE_BYTES, type ByteCounter, type SourceRow, type TableEvent } from './table-source';

/** One line longer than this is not a record. */
const MAX_LINE = 64 * 1024 * 1024;

function tooLong(lineNo: number): ZeroMileError {
  return new ZeroMileError('file_refused', `line ${lineNo} is longer than ${MAX_LINE / 1_048_576} MB; this is not a JSON-lines file`);
}

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
  const decoder = new TextDecoder(encoding);
  const headers: string[] = [];
  const position = new Map<string, number>();
  let pending = '';
  /** Length of the unfinished line the last parse left. */
  let leftAtParse = 0;
  let lineNo = 0;
  let announced = -1;
  yield { type: 'sheet', sheet: null };
  const parseLines = (text: string, last: boolean): SourceRow[] => {
    const lines = text.split('\n');
    pending = last ? '' : lines.pop()!;
    leftAtParse = pending.length;
    if (pending.length > MAX_LINE) throw tooLong(lineNo + lines.length + 1);
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
    return rows;
  };
  for await (const piece of createReadStream(path, { highWaterMark: TEXT_PIECE_BYTES })) {
    countBytes(counter, piece as Buffer);
    const text = pending + decoder.decode(piece as Buffer, { stream: true });
    // A line longer than a piece is split again from its start by every parse: parsing again only
    // once its text has doubled keeps that linear.
    if (leftAtParse > TEXT_PIECE_BYTES && text.length < 2 * leftAtParse) {
      pending = text;
      if (pending.length > MAX_LINE) throw tooLong(lineNo + 1);
      continue;
    }
    const rows = parseLines(text, false);
    yield* emit(rows);
  }
  yield* emit(parseLines(pending + decoder.decode(), true));

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
