import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api';
import { ZeroMileError } from '../../../shared/errors';
import { checkPdfStreams } from './pdf-bounds';
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

/** Opens a PDF; a password-protected or unreadable file is refused with a message that says which. */
export async function openPdf(bytes: Uint8Array, fileName: string): Promise<OpenedPdf> {
  checkPdfStreams(bytes, fileName);
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
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    return { doc, pages: doc.numPages, close: () => doc.destroy() };
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new ZeroMileError('file_refused', `${fileName} is password-protected; remove the password (or print it to a new PDF) and import it again.`);
    }
    throw new ZeroMileError('file_refused', `${fileName} is not a readable PDF (${(error as Error).message}); nothing of it was imported.`);
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

/** Renders a page to PNG with pdfjs and @napi-rs/canvas (scale 2 = 144 dpi, enough for print-size text); null when no canvas can be loaded here. */
export async function renderPdfPagePng(pdf: OpenedPdf, pageNo: number, scale = 2): Promise<Buffer | null> {
  const page: PDFPageProxy = await pdf.doc.getPage(pageNo);
  try {
    const viewport = page.getViewport({ scale });
    const factory = (pdf.doc as unknown as { canvasFactory?: CanvasFactory }).canvasFactory;
    if (!factory) return null;
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvasContext: context, viewport, canvas } as unknown as Parameters<PDFPageProxy['render']>[0]).promise;
    return (canvas as { toBuffer(type: string): Buffer }).toBuffer('image/png');
  } catch {
    return null;
  } finally {
    page.cleanup();
  }
}

type CanvasFactory = { create(width: number, height: number): { canvas: unknown; context: unknown } };
