import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvRows } from '../../../electron/backend/import/csv-rows';
import { createRng } from '../../../electron/backend/demo/random';

// CsvRows must read every text exactly as papaparse's core parser, which it replaces on the hot
// path: the same rows and the same cursor (where an unfinished row begins), for well-formed rows,
// damaged ones and text cut anywhere between two pieces.
const ALPHABET = ['a', 'b', '中', ',', ',', '"', '"', '\n', '\r', ' ', ';', 'x'];
const NEWLINES = ['\n', '\r\n', '\r'] as const;

function randomText(next: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return text;
}

/** Mostly well-formed CSV: quoted fields with doubled quotes, delimiters and newlines inside. */
function randomCsv(next: () => number, rows: number, newline: (typeof NEWLINES)[number]): string {
  const field = () => {
    const plain = randomText(next, Math.floor(next() * 6)).replace(/[",\r\n]/g, 'q');
    return next() < 0.4 ? `"${plain}${next() < 0.3 ? '""' : ''}${next() < 0.2 ? `,${newline}` : ''}"` : plain;
  };
  return Array.from({ length: rows }, () => Array.from({ length: 1 + Math.floor(next() * 4) }, field).join(',')).join(newline) + (next() < 0.5 ? newline : '');
}

function papaparse(text: string, delimiter: string, newline: (typeof NEWLINES)[number], last: boolean): { rows: string[][]; cursor: number } {
  const result = new Papa.Parser({ delimiter, newline }).parse(text, 0, !last) as { data: string[][]; meta: { cursor: number } };
  return { rows: result.data, cursor: result.meta.cursor };
}

/** Reads `text` in pieces cut at `cuts`, as csv-reader.ts does: rows of each piece, the rest carried on. */
function streamed(parse: (text: string, last: boolean) => { rows: string[][]; cursor: number }, text: string, cuts: number[]): string[][] {
  const rows: string[][] = [];
  let pending = '';
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    const piece = pending + text.slice(from, cut);
    from = cut;
    const last = cut === text.length;
    const result = parse(piece, last);
    rows.push(...result.rows);
    pending = last ? '' : piece.slice(result.cursor);
  }
  return rows;
}

describe('CsvRows reads CSV text as papaparse does', () => {
  it('random text, every newline, two delimiters, last piece or not', () => {
    const { next } = createRng(42);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next, Math.floor(next() * 40));
      for (const newline of NEWLINES) {
        for (const delimiter of [',', ';']) {
          for (const last of [false, true]) {
            expect(new CsvRows(delimiter, newline).parse(text, last), JSON.stringify({ text, newline, delimiter, last })).toEqual(papaparse(text, delimiter, newline, last));
          }
        }
      }
    }
  });

  it('well-formed CSV with quotes, cut into pieces anywhere', () => {
    const { next } = createRng(7);
    for (let i = 0; i < 1500; i++) {
      const newline = NEWLINES[i % 3]!;
      const text = randomCsv(next, 1 + Math.floor(next() * 6), newline);
      const cuts = Array.from({ length: Math.floor(next() * 4) }, () => Math.floor(next() * text.length)).sort((a, b) => a - b);
      const ours = new CsvRows(',', newline);
      const theirs = (piece: string, last: boolean) => papaparse(piece, ',', newline, last);
      expect(streamed((piece, last) => ours.parse(piece, last), text, cuts), JSON.stringify({ text, cuts })).toEqual(streamed(theirs, text, cuts));
    }
  });

  it('reads quoted fields, doubled quotes and newlines inside quotes', () => {
    const csv = new CsvRows(',', '\r\n');
    expect(csv.parse('a,"b,c","d""e"\r\n"f\r\ng",h\r\nunfinished,"x', false)).toEqual({
      rows: [['a', 'b,c', 'd"e'], ['f\r\ng', 'h']], cursor: 26,
    });
  });
});
