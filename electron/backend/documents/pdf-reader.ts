import { refusal } from '../../../shared/refusal';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api';
import { MAX_IMAGE_PIXELS } from './image-bounds';
import { MAX_OCR_PIXELS } from './page-image';
import { checkPdfStreams } from './pdf-bounds';
import { withPngDpi } from './png-shrink';
import { linesFromPlacedText, pageFromLines, type PageReading, type PlacedText } from './page-text';

/**
 * PDFs through pdfjs-dist's legacy build (the one that runs on Node 20): the text layer per page,
 * and a page rendered to PNG for OCR when it has no text layer.
 */
type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

/** Folders of pdfjs's data files (CJK CMaps, standard fonts, JPEG 2000 decoder), with a trailing slash. */
function pdfjsDataDirs(): { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const dir = (name: string) => `${join(root, name)}/`;
  return { cMapUrl: dir('cmaps'), standardFontDataUrl: dir('standard_fonts'), wasmUrl: dir('wasm') };
}

/** A page with fewer visible characters than this is treated as a scan and sent to OCR. */
export const MIN_TEXT_CHARS = 8;

export type OpenedPdf = { doc: PDFDocumentProxy; pages: number; close(): Promise<void> };

/**
 * Pages of one PDF that are read, at most: every page's text and lines stay in memory until the
 * document is stored, and a page-tree of a million empty pages is a few hundred kilobytes (issue
 * 17 item 5). A longer PDF is kept whole with these pages read and a warning naming the rest.
 */
export const MAX_PDF_PAGES = 2_000;

/**
 * Opens a PDF; a password-protected or unreadable file is refused with a message that says which.
 * `checked: false` for the PDFs our own printer has just made (an evidence pack's pieces): the
 * bounds of every stream are checked otherwise, by inflating each, which is most of the cost when
 * only the page count and destinations are read.
 */
export async function openPdf(bytes: Uint8Array, fileName: string, { checked = true }: { checked?: boolean } = {}): Promise<OpenedPdf> {
  if (checked) checkPdfStreams(bytes, fileName);
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdfjs may detach the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    ...pdfjsDataDirs(),
    cMapPacked: true,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    // Slightly damaged PDFs are common in evidence: read what can be read, page by page.
    stopAtErrors: false,
    // An image whose dictionary declares more pixels is dropped, not decoded (pdf-image-bounds.ts
    // warns of it by name and page; this holds for inline images it cannot see).
    maxImageSize: MAX_IMAGE_PIXELS,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    return { doc, pages: doc.numPages, close: () => doc.destroy() };
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') {
      throw refusal('file_refused', 'refusal.pdf_password', { file: fileName });
    }
    throw refusal('file_refused', 'refusal.pdf_unreadable', { file: fileName, detail: (error as Error).message });
  }
}

/** The text layer of one page, as lines with positions (fractions of the page). */
export async function readPdfPageText(pdf: OpenedPdf, pageNo: number): Promise<PageReading> {
  const page = await pdf.doc.getPage(pageNo);
  try {
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const width = x1 - x0;
    const height = y1 - y0;
    const content = await page.getTextContent();
    const pieces: PlacedText[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const [, , , d, e, f] = item.transform as number[];
      const h = item.height || Math.abs(d ?? 0) || 10;
      // The transform gives the baseline; glyphs rise about 0.85 of the font size above it.
      pieces.push({
        text: item.str,
        box: { x: ((e ?? 0) - x0) / width, y: (y1 - (f ?? 0) - h * 0.85) / height, w: item.width / width, h: h / height },
      });
    }
    return pageFromLines(pageNo, 'text', linesFromPlacedText(pieces));
  } finally {
    page.cleanup();
  }
}

export function hasTextLayer(reading: PageReading): boolean {
  return reading.text.replace(/\s/g, '').length >= MIN_TEXT_CHARS;
}

/**
 * The images a page draws: the share of the page they cover (0-1) and the resolution of the
 * largest, in dots per inch; `blank` when the page draws nothing at all (no operator).
 */
export type PageImages = { coverage: number; dpi: number | null; blank: boolean };

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
];

/**
 * Walks the page's drawing operators: every image is the unit square under the current transform,
 * so its area on the page is the transform's determinant and its resolution is its pixel width over
 * its drawn width. Forms (XObjects) nest their own transform.
 */
export async function pageImages(pdf: OpenedPdf, pageNo: number): Promise<PageImages> {
  const { OPS } = await loadPdfJs();
  const page = await pdf.doc.getPage(pageNo);
  try {
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const pageArea = Math.max(1, (x1 - x0) * (y1 - y0));
    const ops = await page.getOperatorList();
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const stack: Matrix[] = [];
    let covered = 0;
    let largest = { area: 0, dpi: null as number | null };
    const drawn = (pixelWidth: number) => {
      const area = Math.abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]);
      covered += area;
      const width = Math.hypot(ctm[0], ctm[1]);
      if (area > largest.area && width > 0) largest = { area, dpi: pixelWidth / (width / 72) };
    };
    ops.fnArray.forEach((fn, i) => {
      const args = ops.argsArray[i] as unknown[] | null;
      if (fn === OPS.save) stack.push(ctm);
      else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
      else if (fn === OPS.paintFormXObjectBegin) {
        stack.push(ctm);
        const matrix = args?.[0] as Matrix | null | undefined;
        if (matrix) ctm = multiply(ctm, matrix);
      } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
      else if (fn === OPS.paintImageXObject || fn === OPS.paintImageXObjectRepeat) drawn(Number(args?.[1] ?? 0));
      else if (fn === OPS.paintInlineImageXObject) drawn(Number((args?.[0] as { width?: number } | undefined)?.width ?? 0));
    });
    return { coverage: Math.min(1, covered / pageArea), dpi: largest.dpi, blank: ops.fnArray.length === 0 };
  } finally {
    page.cleanup();
  }
}

/**
 * Whether a page is a scan to read by OCR. Decided by what the page shows, not by a character count:
 * no text layer, or images covering half the page under a text layer that covers almost none of it
 * (a scanning app's footer such as 扫描全能王 CamScanner over a scanned invoice).
 */
export function isScannedPage(reading: PageReading, images: PageImages | null): boolean {
  // A page that draws nothing has nothing to read: rendering it for OCR took seconds a page (a PDF
  // of 2,000 empty pages held its import for the document's 30 minutes).
  if (images?.blank) return false;
  if (!hasTextLayer(reading)) return true;
  return images !== null && images.coverage >= 0.5 && !hasMuchText(reading);
}

/** A text layer covering 2% of the page or more is a page of text, whatever images lie under it (pageImages need not be read). */
export function hasMuchText(reading: PageReading): boolean {
  return reading.lines.reduce((sum, line) => sum + line.segments.reduce((s, seg) => s + seg.box.w * seg.box.h, 0), 0) >= 0.02;
}

/** OCR reads best at about 300 dpi: a scan is rendered at its own resolution between 150 and 300 dpi, never upscaled past it nor larger than 300 dpi. */
export function ocrRenderScale(images: Pick<PageImages, 'dpi'>): number {
  const dpi = images.dpi === null ? 300 : Math.min(300, Math.max(150, images.dpi));
  return dpi / 72;
}

/** Renders a page to PNG with pdfjs and @napi-rs/canvas (scale 2 = 144 dpi, enough for print-size text); null when no canvas can be loaded here. */
export async function renderPdfPagePng(pdf: OpenedPdf, pageNo: number, scale = 2): Promise<Buffer | null> {
  const page: PDFPageProxy = await pdf.doc.getPage(pageNo);
  try {
    const unit = page.getViewport({ scale: 1 });
    // A page the size of a poster is rendered with fewer dots per inch rather than more memory.
    const bounded = Math.min(scale, Math.sqrt(MAX_OCR_PIXELS / Math.max(1, unit.width * unit.height)));
    const viewport = page.getViewport({ scale: bounded });
    const factory = (pdf.doc as unknown as { canvasFactory?: CanvasFactory }).canvasFactory;
    if (!factory) return null;
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvasContext: context, viewport, canvas } as unknown as Parameters<PDFPageProxy['render']>[0]).promise;
    // The resolution goes into the PNG: the OCR engine reads a PNG that has none as nothing at all.
    return withPngDpi((canvas as { toBuffer(type: string): Buffer }).toBuffer('image/png'), bounded * 72);
  } catch {
    return null;
  } finally {
    page.cleanup();
  }
}

type CanvasFactory = { create(width: number, height: number): { canvas: unknown; context: unknown } };
