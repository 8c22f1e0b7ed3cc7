import type { DocumentWarning } from '../../../shared/document-fields';
import { describeWarning } from './document-warnings';
import { pageFromLines, type PageReading } from './page-text';
import type { DocumentReading, PageProgress, ReadingEvent } from './read-document';

/**
 * Puts a document's reading together from its events (read-document.ts), in process or as they
 * come from reading threads: the first thread's opening says what holds for the whole document, a
 * thread started again after a stopped page only goes on with the pages. A page that stopped its
 * thread is kept with what was read of it and a warning.
 */
export class ReadingCollector {
  mediaType = '';
  /** Pages of the document (0 until it is opened). */
  pageCount = 0;
  readonly #pages: PageReading[] = [];
  readonly #notes: string[] = [];
  readonly #warnings: DocumentWarning[] = [];
  #opened = false;
  /** The text layer of the page being read, sent before it went to OCR. */
  #textLayer: PageReading | null = null;

  constructor(private readonly onPage?: (progress: PageProgress) => void) {}

  take(event: ReadingEvent): void {
    switch (event.type) {
      case 'opened':
        if (this.#opened) return;
        this.#opened = true;
        this.mediaType = event.media_type;
        this.pageCount = event.pages;
        this.#add(event.warnings, event.notes);
        return;
      case 'page_start':
        this.#textLayer = null;
        return;
      case 'text_layer':
        this.#textLayer = event.page;
        return;
      case 'page':
        this.#textLayer = null;
        this.#add(event.warnings, event.notes);
        this.#push(event.page);
        return;
      default: {
        const never: never = event;
        throw new Error(`unknown reading event ${JSON.stringify(never)}`);
      }
    }
  }

  /** Pages read or kept so far: the next page to read is one past them. */
  get pagesDone(): number {
    return this.#pages.length;
  }

  /**
   * The page being read stopped its thread (`warning` says why): kept with the lines of its text
   * layer, if they came before it went to OCR, as a page without readable text ('none').
   */
  keepStopped(pageNo: number, warning: DocumentWarning): void {
    const lines = this.#textLayer?.page === pageNo ? this.#textLayer.lines : [];
    this.#textLayer = null;
    this.#add([warning], [describeWarning(warning)]);
    this.#push(pageFromLines(pageNo, 'none', lines));
  }

  /** The pages from `from` on are not read (`warning` says why, once for them all): kept without text. */
  keepUnread(from: number, warning: DocumentWarning): void {
    if (from > this.pageCount) return;
    this.#add([warning], [describeWarning(warning)]);
    for (let pageNo = from; pageNo <= this.pageCount; pageNo++) this.#pages.push(pageFromLines(pageNo, 'none', []));
  }

  reading(): DocumentReading {
    return { media_type: this.mediaType, pages: this.#pages, notes: this.#notes, warnings: this.#warnings };
  }

  #add(warnings: readonly DocumentWarning[], notes: readonly string[]): void {
    this.#warnings.push(...warnings);
    this.#notes.push(...notes);
  }

  #push(page: PageReading): void {
    this.#pages.push(page);
    this.onPage?.({ page: page.page, pages: this.pageCount, source: page.source });
  }
}
