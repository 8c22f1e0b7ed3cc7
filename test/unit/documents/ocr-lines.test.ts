import { describe, expect, it } from 'vitest';
import { ocrPage, type OcrBlock, type OcrWord } from '../../../electron/backend/documents/ocr-lines';
import { confidencesOfRange } from '../../../electron/backend/documents/page-text';

// tesseract.js's blocks as the engine gives them (no OCR run here): its lines kept whole, rows, confidences.
type Box = { x0: number; y0: number; x1: number; y1: number };
const word = (text: string, bbox: Box, confidence = 95, symbols?: number[]): OcrWord => ({
  text, confidence, bbox, ...(symbols ? { symbols: [...text].map((ch, i) => ({ text: ch, confidence: symbols[i]! })) } : {}),
});
const block = (lines: { words: OcrWord[]; bbox: Box }[]): OcrBlock => ({ paragraphs: [{ lines }] });

describe('OCR text as the engine reads it', () => {
  it('keeps each engine line whole, glues Chinese words, joins side-by-side cells into one row, keeps character confidences', () => {
    const label = { words: [word('车', { x0: 10, y0: 10, x1: 30, y1: 30 }), word('架号', { x0: 32, y0: 10, x1: 70, y1: 30 })], bbox: { x0: 10, y0: 10, x1: 70, y1: 30 } };
    const value = { words: [word('LGX123', { x0: 200, y0: 12, x1: 300, y1: 30 }, 80, [99, 98, 41, 97, 96, 95])], bbox: { x0: 200, y0: 12, x1: 300, y1: 30 } };
    // A line of another column lower down, overlapping neither: its own row, never interleaved.
    const other = { words: [word('备注', { x0: 10, y0: 60, x1: 50, y1: 80 })], bbox: { x0: 10, y0: 60, x1: 50, y1: 80 } };
    const page = ocrPage([block([label]), block([other]), block([value])], 1, { width: 400, height: 100 });
    expect(page.lines.map((l) => l.text)).toEqual(['车架号 LGX123', '备注']);
    expect(page.rotation).toBeUndefined();
    const first = page.lines[0]!;
    expect(confidencesOfRange(first, 4, 10)).toEqual([99, 98, 41, 97, 96, 95]);
    expect(confidencesOfRange(first, 0, 4)).toEqual([95, 95, 95, null]);
  });

  it('reads a page lying on its side (lines standing upright) in its own upright order, and says it was turned', () => {
    // Upright: row 1 "发票号码 123456", row 2 "开票日期 20240305"; turned 90° clockwise, rows become columns from right to left.
    const column = (text: string, x0: number, y0: number, y1: number) => ({ words: [word(text, { x0, y0, x1: x0 + 20, y1 })], bbox: { x0, y0, x1: x0 + 20, y1 } });
    const page = ocrPage([block([column('发票号码', 370, 10, 90), column('123456', 370, 120, 200), column('开票日期', 330, 10, 90), column('20240305', 330, 120, 220)])], 1, { width: 400, height: 300 });
    expect(page.rotation).toBe(90);
    expect(page.lines.map((l) => l.text)).toEqual(['发票号码 123456', '开票日期 20240305']);
  });
});
