import { refusal } from '../../../shared/refusal';
import type { DocumentWarning, PageSource } from '../../../shared/document-fields';
import { sniffMediaType } from './image-size';
import { OcrError, createOcrEngine, readUpright, type OcrEngine } from './ocr';
import { prepareImage } from './page-image';
import { pageFromLines, type PageReading } from './page-text';
import { hasMuchText, hasTextLayer, isScannedPage, ocrRenderScale, openPdf, pageImages, readPdfPageText, renderPdfPagePng } from './pdf-reader';
import { renderWithPdftoppm } from './pdftoppm-fallback';
import { describeWarning } from './document-warnings';
import { refusedImages } from './pdf-image-pages';
import { checkImageBounds } from './image-bounds';
import { tiffPages } from './tiff-pages';

export type PageProgress = { page: number; pages: number; source: PageSource };

export type ReadOptions = {
  signal?: AbortSignal;
  /** Called after each page is read. */
  onPage?: (progress: PageProgress) => void;
  /** False skips OCR (pages without a text layer stay empty): for quick listings. */
  ocr?: boolean;
};

export type DocumentReading = {
  media_type: string;
  pages: PageReading[];
  /** Things the analyst should know, e.g. a scanned page that could not be rendered for OCR. */
  notes: string[];
  /** The same for pages that could not be read, as codes the UI words in either language. */
  warnings: DocumentWarning[];
};

/**
 * Reads a PDF or an image into page texts: the PDF text layer where there is one, OCR for scanned
 * pages and images. Throws `file_refused` for a corrupt or password-protected PDF and `cancelled`
 * when the signal fires; nothing is written anywhere.
 */
export async function readDocument(bytes: Uint8Array, fileName: string, options: ReadOptions = {}): Promise<DocumentReading> {
  const mediaType = sniffMediaType(bytes);
  if (mediaType === null) throw refusal('file_refused', 'refusal.not_document', { file: fileName });
  const notes: string[] = [];
  const warnings: DocumentWarning[] = [];
  const failed = (page: number | null, detail: string) => {
    notes.push(page === null ? detail : `page ${page} ${detail}`);
    warnings.push({ code: 'read_failed', page, detail });
  };
  const pages: PageReading[] = [];
  let engine: OcrEngine | null = null;
  const ocr = async (image: Buffer, pageNo: number): Promise<PageReading> => {
    engine ??= await createOcrEngine(options.signal);
    return readUpright(engine, image, pageNo, options.signal);
  };
  try {
    if (mediaType === 'application/pdf') {
      const pdf = await openPdf(bytes, fileName);
      // Images past their bound are never decoded: the pages drawing them keep their text layer
      // and are not rendered (pdfjs decodes every image of a page it measures or renders).
      try {
        const refused = await refusedImages(bytes);
        for (const warning of refused.warnings) {
          warnings.push(warning);
          notes.push(describeWarning(warning));
        }
        for (let pageNo = 1; pageNo <= pdf.pages; pageNo++) {
          checkAbort(options.signal);
          let page: PageReading;
          try {
            page = await readPdfPageText(pdf, pageNo);
          } catch (error) {
            // One unreadable page does not cost the rest of the document.
            failed(pageNo, `could not be read: ${(error as Error).message}`);
            page = pageFromLines(pageNo, 'none', []);
            pages.push(page);
            options.onPage?.({ page: pageNo, pages: pdf.pages, source: page.source });
            continue;
          }
          const rendered = options.ocr !== false && refused.pages !== 'every' && !refused.pages.has(pageNo);
          // A scan whose image was refused: nothing of it was read.
          if (!rendered && options.ocr !== false && !hasTextLayer(page)) page = pageFromLines(pageNo, 'none', page.lines);
          const images = !rendered || hasMuchText(page) ? null : await pageImages(pdf, pageNo).catch(() => null);
          if (rendered && isScannedPage(page, images)) {
            const scale = ocrRenderScale(images ?? { coverage: 1, dpi: null });
            const image = (await renderPdfPagePng(pdf, pageNo, scale)) ?? (await renderWithPdftoppm(bytes, pageNo, Math.round(scale * 72)));
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
          pages.push(page);
          options.onPage?.({ page: pageNo, pages: pdf.pages, source: page.source });
        }
      } finally {
        await pdf.close();
      }
    } else if (options.ocr !== false) {
      checkImageBounds(bytes, mediaType, fileName);
      // A TIFF may hold many pages (faxes, scanner batches); other images are one page.
      let images = mediaType === 'image/tiff' ? tiffPages(bytes) : null;
      if (!images) {
        // Upright as its EXIF says, and no larger than OCR needs (a 1200-dpi scan is shrunk as it is decoded).
        const prepared = await prepareImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), mediaType)
          .catch(() => ({ image: Buffer.from(bytes), unturned: false }));
        if (prepared.unturned) failed(1, 'has an EXIF orientation that could not be applied on this machine; it was read as stored');
        images = { count: 1, page: () => prepared.image, skipped: 0 };
      }
      if (images.skipped > 0) failed(null, `the TIFF has ${images.count + images.skipped} pages; only the first ${images.count} were read`);
      for (let pageNo = 1; pageNo <= images.count; pageNo++) {
        checkAbort(options.signal);
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
        pages.push(page);
        options.onPage?.({ page: pageNo, pages: images.count, source: page.source });
      }
    } else {
      pages.push(pageFromLines(1, 'none', []));
    }
  } finally {
    if (engine) await (engine as OcrEngine).terminate();
  }
  return { media_type: mediaType, pages, notes, warnings };
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw refusal('cancelled', 'refusal.reading_cancelled');
}
