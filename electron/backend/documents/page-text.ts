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
 * Puts positioned text into lines: pieces whose vertical centres are close form one line, left to
 * right; a gap wider than a third of the text height becomes a space (table cells stay apart).
 */
export function linesFromPlacedText(pieces: readonly PlacedText[], joinCjk = false): PageLine[] {
  const sorted = pieces.filter((p) => p.text.trim() !== '').sort((a, b) => centre(a) - centre(b) || a.box.x - b.box.x);
  const rows: PlacedText[][] = [];
  for (const piece of sorted) {
    const row = rows.at(-1);
    const first = row?.[0];
    if (row && first && Math.abs(centre(piece) - centre(first)) < Math.max(piece.box.h, first.box.h) * 0.5) row.push(piece);
    else rows.push([piece]);
  }
  return rows.map((row) => {
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
