import { ZeroMileError } from '../../../../shared/errors';
import { cssString } from './page-style';
import type { PrintText } from './print-text';

/**
 * "Page x of y" for pages printed in pieces (evidence packs). A piece's pages are laid out once,
 * with the bottom-right margin box left empty; once every piece has been printed and the pack's
 * total is known, Chromium prints a layer of blank pages that hold only that box (same @page size,
 * margins and font, so the number sits where the page's own would), and pdf-lib draws each layer
 * page over its page. Laying a piece out again only to change its numbers cost as much as the
 * first print.
 */

/** Numbering for one print: the first page shows `first`, every page says "of total" (in the page's language). */
export function numberingCss(text: PrintText, first: number, total: number | null): string {
  const [before = '', after = ''] = (total === null ? text.t('print.page_n') : text.t('print.page_of', { pages: total })).split('{page}');
  return `@page { @bottom-right { content: ${cssString(before)} counter(page) ${cssString(after)}; } }\nhtml { counter-reset: page ${first - 1}; }`;
}

/** For pages whose number is drawn later, by stampPageNumbers. */
export const UNNUMBERED_CSS = '@page { @bottom-right { content: none; } }';

/**
 * The numbers layer of `count` pages: page CSS as the numbered pages' (pageCss), every margin
 * box but the number emptied, one blank block per page.
 */
export function pageNumbersBody(count: number): { css: string; body: string } {
  return {
    css: `@page { @top-left { content: none; } @top-right { content: none; } @bottom-left { content: none; } }
.numbered-page { height: 1px; }
.numbered-page + .numbered-page { break-before: page; }`,
    body: '<div class="numbered-page"></div>'.repeat(count),
  };
}

export type PageNumberLayer = {
  pages: number;
  /** Draws the layer's pages from `from` on over every page of `pages` (a PDF), one for one. */
  stamp(pages: Uint8Array, from: number, name: string): Promise<Uint8Array>;
};

/** The numbers layer, read once for the several PDFs whose pages it numbers. */
export async function pageNumberLayer(layer: Uint8Array): Promise<PageNumberLayer> {
  // Loaded when a sheet is numbered, not with the module: pdf-lib costs every process that
  // bundles this file ~0.2 s to load (each command line run, the case worker).
  const { ParseSpeeds, PDFDocument } = await import('pdf-lib');
  const numbers = await PDFDocument.load(layer, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  return {
    pages: numbers.getPageCount(),
    async stamp(pages, from, name) {
      const doc = await PDFDocument.load(pages, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
      const count = doc.getPageCount();
      if (from + count > numbers.getPageCount()) {
        throw new ZeroMileError('internal', `The page numbers of ${name} came out as ${numbers.getPageCount() - from} pages for its ${count}; nothing was written.`);
      }
      const stamps = await doc.embedPdf(numbers, Array.from({ length: count }, (_p, i) => from + i));
      doc.getPages().forEach((page, i) => page.drawPage(stamps[i]!));
      // Infinity: no pause every few objects to keep a UI responsive (pdf-lib's default), none here.
      return doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
    },
  };
}
