import type { FieldBox, PageSource } from '../../../shared/document-fields';
import { isCjk, normalizeDocumentText } from './normalize-text';

/** One run of text on a page with its box (fractions of the page, origin top left). */
export type TextSegment = { text: string; start: number; box: FieldBox };

export type PageLine = { text: string; segments: TextSegment[] };

/** The text of one page, as lines in reading order. */
export type PageReading = {
  page: number;
  source: PageSource;
  lines: PageLine[];
  text: string;
};

/** A positioned piece of text before it is put into lines. */
export type PlacedText = { text: string; box: FieldBox };

/**
 * Puts positioned text into lines: pieces that overlap vertically form one line, left to right; a gap wider than a third of the text height becomes a space (table cells stay apart).
 */
export function linesFromPlacedText(pieces: readonly PlacedText[], joinCjk = false): PageLine[] {
  const sorted = pieces.filter((p) => p.text.trim() !== '').sort((a, b) => centre(a) - centre(b) || a.box.x - b.box.x);
  const rows: { top: number; bottom: number; pieces: PlacedText[] }[] = [];
  for (const piece of sorted) {
    const row = rows.at(-1);
    const top = piece.box.y;
    const bottom = piece.box.y + piece.box.h;
    // Same line when the piece overlaps the line's height by half of the smaller of the two.
    const overlap = row ? Math.min(bottom, row.bottom) - Math.max(top, row.top) : 0;
    if (row && overlap >= Math.min(piece.box.h, row.bottom - row.top) * 0.5) {
      row.pieces.push(piece);
      row.top = Math.min(row.top, top);
      row.bottom = Math.max(row.bottom, bottom);
    } else {
      rows.push({ top, bottom, pieces: [piece] });
    }
  }
  return rows.map(({ pieces: row }) => {
    row.sort((a, b) => a.box.x - b.box.x);
    let text = '';
    const segments: TextSegment[] = [];
    let previous: PlacedText | null = null;
    for (const piece of row) {
      const piecetext = normalizeDocumentText(piece.text);
      if (previous && !/\s$/.test(text) && !/^\s/.test(piecetext)) {
        const gap = piece.box.x - (previous.box.x + previous.box.w);
        const bothHan = isCjk(text.at(-1) ?? '') && isCjk(piecetext[0] ?? '');
        // OCR words: a space unless both sides are Chinese; PDF runs: a space where there is a gap.
        if (joinCjk ? !bothHan || gap > piece.box.h : gap > piece.box.h * 0.2) text += ' ';
      }
      segments.push({ text: piecetext, start: text.length, box: piece.box });
      text += piecetext;
      previous = piece;
    }
    return { text: text.replace(/\s+$/, ''), segments };
  });
}

function centre(piece: PlacedText): number {
  return piece.box.y + piece.box.h / 2;
}

export function pageFromLines(page: number, source: PageSource, lines: PageLine[]): PageReading {
  return { page, source, lines, text: lines.map((l) => l.text).join('\n') };
}

/** The box covering text[start, end) of a line, from the segments it touches; null if none. */
export function boxOfRange(line: PageLine, start: number, end: number): FieldBox | null {
  const touched = line.segments.filter((s) => s.start < end && s.start + s.text.length > start);
  if (touched.length === 0) return null;
  const x0 = Math.min(...touched.map((s) => s.box.x));
  const y0 = Math.min(...touched.map((s) => s.box.y));
  const x1 = Math.max(...touched.map((s) => s.box.x + s.box.w));
  const y1 = Math.max(...touched.map((s) => s.box.y + s.box.h));
  return { x: round(x0), y: round(y0), w: round(x1 - x0), h: round(y1 - y0) };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
