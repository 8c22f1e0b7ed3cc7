import type { FieldBox } from '../../../shared/document-fields';
import { isCjk, normalizeDocumentText } from './normalize-text';
import { groupIntoRows, pageFromLines, type PageLine, type PageReading, type TextSegment } from './page-text';

/** The parts of tesseract.js's `blocks` output ZeroMile reads (see tesseract.js's Page type). */
type Bbox = { x0: number; y0: number; x1: number; y1: number };
export type OcrWord = { text: string; confidence: number; bbox: Bbox; symbols?: readonly { text: string; confidence: number }[] };
export type OcrLine = { words: readonly OcrWord[]; confidence?: number; bbox: Bbox };
export type OcrBlock = { paragraphs: readonly { lines: readonly OcrLine[] }[] };

/** A line as tesseract found it, kept whole: its words in its own order, each with its confidences. */
type EngineLine = { line: PageLine; box: FieldBox };

/**
 * The page as the engine read it: each of tesseract's lines stays one piece (its words in order,
 * Chinese words glued, each word's characters with the engine's confidence), and only whole lines
 * that sit side by side on one row (a form's label cell and value cell) are put on one page line,
 * left to right. Words are never regrouped across the engine's lines, which interleaved columns.
 * `turned180`: the engine read the image turned half a turn (its boxes are then the upright page's).
 */
export function ocrPage(blocks: readonly OcrBlock[], pageNo: number, size: { width: number; height: number } | null, turned180 = false): PageReading {
  const all = blocks.flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
  const width = size?.width ?? Math.max(1, ...all.map((l) => l.bbox.x1));
  const height = size?.height ?? Math.max(1, ...all.map((l) => l.bbox.y1));
  const box = (b: Bbox): FieldBox => ({ x: b.x0 / width, y: b.y0 / height, w: (b.x1 - b.x0) / width, h: (b.y1 - b.y0) / height });
  const engineLines = all.map((l) => engineLine(l, box)).filter((l): l is EngineLine => l !== null);
  const turned = sideways(engineLines);
  // A page fed in sideways (turned 90° clockwise): the engine reads its lines top to bottom, and they
  // are put in rows in the page's own upright frame.
  const toUpright = (b: FieldBox): FieldBox => ({ x: b.y, y: 1 - b.x - b.w, w: b.h, h: b.w });
  const upright = turned
    ? engineLines.map((l) => ({ line: { ...l.line, segments: l.line.segments.map((s) => ({ ...s, box: toUpright(s.box) })) }, box: toUpright(l.box) }))
    : engineLines;
  // Boxes stay in the upright page's frame, where labels sit above and beside their values; the review turns them back (storedFrameBox).
  const page = pageFromLines(pageNo, 'ocr', rows(upright));
  const rotation = ((turned ? 90 : 0) + (turned180 ? 180 : 0)) % 360;
  return rotation !== 0 ? { ...page, rotation } : page;
}

/** Most lines of three characters or more standing upright (taller than wide): the page lies on its side. */
function sideways(lines: readonly EngineLine[]): boolean {
  const long = lines.filter((l) => [...l.line.text.replace(/\s/g, '')].length >= 3);
  const upright = long.filter((l) => l.box.h > l.box.w * 1.5);
  return long.length >= 3 && upright.length > long.length * 0.6;
}

function engineLine(source: OcrLine, box: (b: Bbox) => FieldBox): EngineLine | null {
  let text = '';
  const segments: TextSegment[] = [];
  let previous: OcrWord | null = null;
  for (const word of source.words) {
    const piece = normalizeDocumentText(word.text).trim();
    if (piece === '') continue;
    // OCR puts a space between Chinese characters (and letter-spaced headings have wide gaps): within one of the engine's lines they are glued.
    if (previous && !(isCjk(text.at(-1) ?? '') && isCjk(piece[0] ?? ''))) text += ' ';
    segments.push({ text: piece, start: text.length, box: box(word.bbox), conf: characterConfidences(word, piece) });
    text += piece;
    previous = word;
  }
  return text === '' ? null : { line: { text, segments }, box: box(source.bbox) };
}

/** The engine's confidence per character; the word's own where its symbols do not line up with its text. */
function characterConfidences(word: OcrWord, piece: string): number[] {
  const symbols = word.symbols ?? [];
  const fromSymbols = symbols.map((s) => normalizeDocumentText(s.text).trim()).join('');
  if (fromSymbols === piece && symbols.every((s) => [...normalizeDocumentText(s.text).trim()].length === 1)) {
    return symbols.map((s) => s.confidence);
  }
  return [...piece].map(() => word.confidence);
}

/** Whole engine lines side by side on one row (a label cell and its value cell) make one page line, a space apart. */
function rows(lines: readonly EngineLine[]): PageLine[] {
  return groupIntoRows(lines, (l) => l.box).map((members) => {
    let text = '';
    const segments: TextSegment[] = [];
    for (const { line } of members) {
      if (text !== '') text += ' ';
      const offset = text.length;
      segments.push(...line.segments.map((s) => ({ ...s, start: s.start + offset })));
      text += line.text;
    }
    return { text, segments };
  });
}
