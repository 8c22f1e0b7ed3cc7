import { refusal } from '../../../shared/refusal';
import type { DocumentWarning, PageSource } from '../../../shared/document-fields';
import { sniffMediaType } from './image-size';
import { OcrError, createOcrEngine, readUpright, type OcrEngine } from './ocr';
import { prepareImage } from './page-image';
import { pageFromLines, type PageReading } from './page-text';
import { hasMuchText, hasTextLayer, isScannedPage, MAX_PDF_PAGES, ocrRenderScale, openPdf, pageImages, readPdfPageText, renderPdfPagePng } from './pdf-reader';
import { renderWithPdftoppm, type PdftoppmOptions } from './pdftoppm-fallback';
import { describeWarning } from './document-warnings';
import { refusedImages, type RefusedImages } from './pdf-image-pages';
import { checkImageBounds } from './image-bounds';
import { ReadingCollector } from './reading-collector';
import { tiffPages } from './tiff-pages';

export type PageProgress = { page: number; pages: number; source: PageSource };

export type ReadOptions = {
  signal?: AbortSignal;
  /** Called after each page is read. */
  onPage?: (progress: PageProgress) => void;
  /** False skips OCR (pages without a text layer stay empty): for quick listings. */
  ocr?: boolean;
  /** The most pages of one document read (MAX_PDF_PAGES by default); the rest are named in a warning. */
  maxPages?: number;
};

export type DocumentReading = {
  media_type: string;
  pages: PageReading[];
  /** Things the analyst should know, e.g. a scanned page that could not be rendered for OCR. */
  notes: string[];
  /** The same for pages that could not be read, as codes the UI words in either language. */
  warnings: DocumentWarning[];
};

/** What opening a document found that a reader going on from a later page need not find again. */
export type OpenedFacts = { refused: RefusedImages | null };

/**
 * What reading a document says as it goes (document-thread.ts sends these from the reading thread):
 * the document opened (its pages, and what to know of the whole of it), a page started, a page's
 * text layer before the page goes to OCR (what is kept of it should OCR run out of time), a page read.
 */
export type ReadingEvent =
  | { type: 'opened'; media_type: string; pages: number; warnings: DocumentWarning[]; notes: string[]; facts: OpenedFacts }
  | { type: 'page_start'; page: number }
  | { type: 'text_layer'; page: PageReading }
  | { type: 'page'; page: PageReading; warnings: DocumentWarning[]; notes: string[] };

export type PageReadOptions = Omit<ReadOptions, 'onPage'> & {
  emit: (event: ReadingEvent) => void;
  /** The first page to read (1 by default): a reading thread started again after a page that stopped the last one. */
  from?: number;
  /** What the first thread found opening these very bytes: their bounds are not checked again. */
  opened?: OpenedFacts;
  /** Where pdftoppm, if it draws a page, works, and who starts it (a reading thread's starting side: reading-scratch.ts). */
  pdftoppm?: PdftoppmOptions;
  /** An OCR engine the caller keeps between documents (the warm reading thread's), instead of one started and ended for this one. */
  ocrEngine?: () => Promise<OcrEngine>;
};

/**
 * Reads a PDF or an image into page texts: the PDF text layer where there is one, OCR for scanned
 * pages and images. Throws `file_refused` for a corrupt or password-protected PDF and `cancelled`
 * when the signal fires; nothing is written anywhere. Runs on the calling thread with no time
 * bound: the importer reads on a thread of its own (readDocumentInThread), which bounds each page.
 */
export async function readDocument(bytes: Uint8Array, fileName: string, options: ReadOptions = {}): Promise<DocumentReading> {
  const collector = new ReadingCollector(options.onPage);
  await readDocumentPages(bytes, fileName, { ...options, emit: (event) => collector.take(event) });
  return collector.reading();
}

/** readDocument as events, from a given page on. */
export async function readDocumentPages(bytes: Uint8Array, fileName: string, options: PageReadOptions): Promise<void> {
  const mediaType = sniffMediaType(bytes);
  if (mediaType === null) throw refusal('file_refused', 'refusal.not_document', { file: fileName });
  const { emit } = options;
  const from = options.from ?? 1;
  const doOcr = options.ocr !== false;
  let engine: OcrEngine | null = null;
  const ocr = async (image: Buffer, pageNo: number): Promise<PageReading> => {
    engine ??= await (options.ocrEngine ?? (() => createOcrEngine(options.signal)))();
    return readUpright(engine, image, pageNo, options.signal);
  };
  /** One page's warnings and notes, emitted with it. */
  const pageNotes = () => {
    const notes: string[] = [];
    const warnings: DocumentWarning[] = [];
    const failed = (page: number | null, detail: string) => {
      notes.push(page === null ? detail : `page ${page} ${detail}`);
      warnings.push({ code: 'read_failed', page, detail });
    };
    return { notes, warnings, failed };
  };
  try {
    if (mediaType === 'application/pdf') {
      // The first thread checked the streams' bounds; a thread going on from a later page reads the same bytes.
      const pdf = await openPdf(bytes, fileName, { checked: options.opened === undefined });
      // Images past their bound are never decoded: the pages drawing them keep their text layer
      // and are not rendered (pdfjs decodes every image of a page it measures or renders).
      try {
        const refused = options.opened?.refused ?? await refusedImages(bytes);
        // A PDF of more pages than are read is kept with the pages read and a warning naming the rest.
        const pages = Math.min(pdf.pages, options.maxPages ?? MAX_PDF_PAGES);
        const warnings = [...refused.warnings, ...pagesNotRead(pages, pdf.pages)];
        emit({ type: 'opened', media_type: mediaType, pages, warnings, notes: warnings.map(describeWarning), facts: { refused } });
        for (let pageNo = from; pageNo <= pages; pageNo++) {
          checkAbort(options.signal);
          emit({ type: 'page_start', page: pageNo });
          const { notes, warnings, failed } = pageNotes();
          let page: PageReading;
          try {
            page = await readPdfPageText(pdf, pageNo);
          } catch (error) {
            // One unreadable page does not cost the rest of the document.
            failed(pageNo, `could not be read: ${(error as Error).message}`);
            emit({ type: 'page', page: pageFromLines(pageNo, 'none', []), warnings, notes });
            continue;
          }
          const rendered = doOcr && refused.pages !== 'every' && !refused.pages.has(pageNo);
          // A scan whose image was refused: nothing of it was read.
          if (!rendered && doOcr && !hasTextLayer(page)) page = pageFromLines(pageNo, 'none', page.lines);
          if (rendered && !hasMuchText(page)) emit({ type: 'text_layer', page });
          const images = !rendered || hasMuchText(page) ? null : await pageImages(pdf, pageNo).catch(() => null);
          if (rendered && isScannedPage(page, images)) {
            const scale = ocrRenderScale(images ?? { dpi: null });
            const image = (await renderPdfPagePng(pdf, pageNo, scale)) ?? (await renderWithPdftoppm(bytes, pageNo, Math.round(scale * 72), options.pdftoppm));
            if (image) {
              try {
                page = await ocr(image, pageNo);
              } catch (error) {
                if (!(error instanceof OcrError)) throw error;
                failed(pageNo, `has no text layer and OCR failed on it: ${error.message}`);
                page = pageFromLines(pageNo, 'none', page.lines);
              }
            } else {
              failed(pageNo, 'has no text layer and could not be rendered for OCR on this machine');
              page = pageFromLines(pageNo, 'none', page.lines);
            }
          }
          emit({ type: 'page', page, warnings, notes });
        }
      } finally {
        await pdf.close();
      }
    } else if (doOcr) {
      checkImageBounds(bytes, mediaType, fileName);
      const opening = pageNotes();
      // A TIFF may hold many pages (faxes, scanner batches); other images are one page.
      let images = mediaType === 'image/tiff' ? tiffPages(bytes) : null;
      if (!images) {
        // Upright as its EXIF says, and no larger than OCR needs (a 1200-dpi scan is shrunk as it is decoded).
        const prepared = await prepareImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), mediaType)
          .catch(() => ({ image: Buffer.from(bytes), unturned: false }));
        if (prepared.unturned) opening.failed(1, 'has an EXIF orientation that could not be applied on this machine; it was read as stored');
        images = { count: 1, page: () => prepared.image, skipped: 0 };
      }
      const unread = pagesNotRead(images.count, images.count + images.skipped);
      const warnings = [...opening.warnings, ...unread];
      emit({ type: 'opened', media_type: mediaType, pages: images.count, warnings, notes: [...opening.notes, ...unread.map(describeWarning)], facts: { refused: null } });
      for (let pageNo = from; pageNo <= images.count; pageNo++) {
        checkAbort(options.signal);
        emit({ type: 'page_start', page: pageNo });
        const { notes, warnings, failed } = pageNotes();
        let page: PageReading;
        try {
          page = await ocr(images.page(pageNo - 1), pageNo);
        } catch (error) {
          if (!(error instanceof OcrError)) throw error;
          const why = error.message.replace(/^Error:\s*/, '');
          if (pageNo === 1) throw refusal('file_refused', 'refusal.image_unreadable', { file: fileName, detail: why });
          failed(pageNo, `could not be read: ${why}`);
          page = pageFromLines(pageNo, 'none', []);
        }
        emit({ type: 'page', page, warnings, notes });
      }
    } else {
      emit({ type: 'opened', media_type: mediaType, pages: 1, warnings: [], notes: [], facts: { refused: null } });
      emit({ type: 'page', page: pageFromLines(1, 'none', []), warnings: [], notes: [] });
    }
  } finally {
    if (engine && !options.ocrEngine) await (engine as OcrEngine).terminate();
  }
}

/** The warning for a document of `total` pages of which the first `read` are read, if it has more. */
function pagesNotRead(read: number, total: number): DocumentWarning[] {
  return total > read ? [{ code: 'too_many_pages', page: null, skipped: { from: read + 1, to: total } }] : [];
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw refusal('cancelled', 'refusal.reading_cancelled');
}
