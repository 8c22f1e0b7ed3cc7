import type { FieldBox, PageSource } from '../../../shared/document-fields';
import { normalizeDocumentText } from './normalize-text';

/**
 * One run of text on a page with its box (fractions of the page, origin top left). OCR segments
 * carry the engine's confidence (0-100) for each character of `text`; a text layer has none.
 */
export type TextSegment = { text: string; start: number; box: FieldBox; conf?: number[] };

export type PageLine = { text: string; segments: TextSegment[] };

/** The text of one page, as lines in reading order. */
export type PageReading = {
  page: number;
  source: PageSource;
  lines: PageLine[];
  text: string;
  /** OCR only: the engine's mean confidence for the page (0-100). */
  confidence?: number;
  /**
   * OCR only: degrees clockwise the page lies turned in the image (0 or absent when upright). Boxes
   * are always in the upright page's frame; storedFrameBox puts one on the image as stored.
   */
  rotation?: number;
};

/** A box of the upright page on the image as stored, which shows the page turned `rotation` degrees clockwise. */
export function storedFrameBox(b: FieldBox, rotation: number | undefined): FieldBox {
  switch (rotation) {
    case 90: return { x: 1 - b.y - b.h, y: b.x, w: b.h, h: b.w };
    case 180: return { x: 1 - b.x - b.w, y: 1 - b.y - b.h, w: b.w, h: b.h };
    case 270: return { x: b.y, y: 1 - b.x - b.w, w: b.h, h: b.w };
    default: return b;
  }
}

/** A positioned piece of text before it is put into lines. */
export type PlacedText = { text: string; box: FieldBox };

/**
 * Items that overlap vertically by half the smaller height form one row; rows top to bottom, each
 * row's items left to right. The PDF text layer groups its text runs this way, OCR its engine lines.
 */
export function groupIntoRows<T>(items: readonly T[], boxOf: (item: T) => FieldBox): T[][] {
  const middle = (item: T) => boxOf(item).y + boxOf(item).h / 2;
  const sorted = [...items].sort((a, b) => middle(a) - middle(b) || boxOf(a).x - boxOf(b).x);
  const rows: { top: number; bottom: number; items: T[] }[] = [];
  for (const item of sorted) {
    const box = boxOf(item);
    const row = rows.at(-1);
    const top = box.y;
    const bottom = box.y + box.h;
    const overlap = row ? Math.min(bottom, row.bottom) - Math.max(top, row.top) : 0;
    if (row && overlap >= Math.min(box.h, row.bottom - row.top) * 0.5) {
      row.items.push(item);
      row.top = Math.min(row.top, top);
      row.bottom = Math.max(row.bottom, bottom);
    } else {
      rows.push({ top, bottom, items: [item] });
    }
  }
  return rows.map((row) => row.items.sort((a, b) => boxOf(a).x - boxOf(b).x));
}

/** Puts a PDF's positioned text runs into lines; a gap wider than a fifth of the text height becomes a space (table cells stay apart). */
export function linesFromPlacedText(pieces: readonly PlacedText[]): PageLine[] {
  const rows = groupIntoRows(pieces.filter((p) => p.text.trim() !== ''), (p) => p.box);
  return rows.map((row) => {
    let text = '';
    const segments: TextSegment[] = [];
    let previous: PlacedText | null = null;
    for (const piece of row) {
      const piecetext = normalizeDocumentText(piece.text);
      if (previous && !/\s$/.test(text) && !/^\s/.test(piecetext)) {
        const gap = piece.box.x - (previous.box.x + previous.box.w);
        if (gap > piece.box.h * 0.2) text += ' ';
      }
      segments.push({ text: piecetext, start: text.length, box: piece.box });
      text += piecetext;
      previous = piece;
    }
    return { text: text.replace(/\s+$/, ''), segments };
  });
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

/**
 * The OCR confidence of each character of text[start, end) of a line, aligned with the text (null
 * for a character no segment holds, such as the space between two words); null when the line has
 * no confidences at all (a text layer).
 */
export function confidencesOfRange(line: PageLine, start: number, end: number): (number | null)[] | null {
  const out: (number | null)[] = new Array<number | null>(Math.max(0, end - start)).fill(null);
  let any = false;
  for (const segment of line.segments) {
    if (!segment.conf) continue;
    for (let i = Math.max(start, segment.start); i < Math.min(end, segment.start + segment.text.length); i++) {
      const value = segment.conf[i - segment.start];
      if (value === undefined) continue;
      out[i - start] = value;
      any = true;
    }
  }
  return any ? out : null;
}

/** The same for an offset into the page text (lines joined by newlines). */
export function confidencesInPage(page: PageReading, index: number, length: number): (number | null)[] | null {
  let offset = 0;
  for (const line of page.lines) {
    if (index < offset + line.text.length + 1) return confidencesOfRange(line, index - offset, index - offset + length);
    offset += line.text.length + 1;
  }
  return null;
}

/** The lowest known confidence of a range, rounded; null when none is known. */
export function lowestConfidence(conf: readonly (number | null)[] | null): number | null {
  const known = (conf ?? []).filter((c): c is number => c !== null);
  return known.length > 0 ? Math.round(Math.min(...known)) : null;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
