import type { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import { sharedBytes } from '../threads/shared-bytes';
import { failureError, type ThreadFailure } from '../threads/thread-failure';
import { MAX_PDF_PAGES } from './pdf-reader';
import type { DocumentReading, OpenedFacts, ReadingEvent, ReadOptions } from './read-document';
import type { PageImageTask } from './page-image-thread';
import { ReadingCollector } from './reading-collector';
import { ReadingTask } from './warm-reading-thread';

/**
 * The longest one page may take, text layer, rendering and OCR together. An upright scan reads in
 * 7.5 s on this 2-core machine (documents bench); a page read badly is read again turned (up to
 * three readings), and the first OCR page also loads the models: about 30 s under the load of a
 * shared build machine. Twice that leaves room for a slower one; a page past it is not a page that
 * more time would read (pdfjs on a PDF of forms nested 16 deep takes 40 s, 20 deep 10 minutes).
 */
export const PAGE_TIME_LIMIT_MS = 60_000;
/**
 * The longest opening a document may take (on a fresh thread, loading pdfjs too: about a second),
 * checking the streams' bounds (each inflated once) and the images', and parsing the file's
 * objects. The same minute: a 512 MB PDF is checked in well under it.
 */
export const OPEN_TIME_LIMIT_MS = 60_000;
/**
 * The longest one document may take: 240 scanned pages at the rate above. The pages past it are
 * kept without text, with a warning that names them.
 */
export const DOCUMENT_TIME_LIMIT_MS = 30 * 60_000;
/**
 * After this many pages have each stopped their thread (out of time, or out of memory), the rest
 * of the document is not read: a file made so that every page spins would otherwise hold the
 * import, and the case's other writes behind it, for DOCUMENT_TIME_LIMIT_MS.
 */
export const MAX_STOPPED_PAGES = 3;
/** `pages`: the most pages of one document that are read (a longer one is kept with a warning naming the rest). */
export type ReadingLimits = { openMs: number; pageMs: number; documentMs: number; stoppedPages: number; pages: number };
export const READING_LIMITS: ReadingLimits = {
  openMs: OPEN_TIME_LIMIT_MS, pageMs: PAGE_TIME_LIMIT_MS, documentMs: DOCUMENT_TIME_LIMIT_MS, stoppedPages: MAX_STOPPED_PAGES, pages: MAX_PDF_PAGES,
};

export type ThreadReadOptions = ReadOptions & {
  /** Tuning and tests: the bounds above (READING_LIMITS by default). */
  limits?: Partial<ReadingLimits>;
};

/**
 * Work for a reading thread, the bytes in shared memory (never copied to it), `scratch` a folder the
 * starting side made and removes (reading-scratch.ts): a document to read from a given page, or a
 * page to draw for the review panel (page-image-thread.ts); or the answer to its `pdftoppm` ask
 * (whether the starting side's child drew the page), which is no task of its own.
 */
export type DocumentThreadTask =
  | { type: 'read'; bytes: Uint8Array; fileName: string; ocr: boolean; from: number; maxPages: number; opened?: OpenedFacts; scratch: string }
  | PageImageTask
  | { type: 'pdftoppm_done'; id: number; ok: boolean };
/**
 * What the thread says: the reading's events, then `done` once the document is closed; a page's
 * `image`; `failed` (the file refused); `pdftoppm`, an ask that the starting side run pdftoppm with
 * these arguments in the scratch folder (reading-scratch.ts), answered by `pdftoppm_done`.
 */
export type DocumentThreadMessage = ReadingEvent | { type: 'done' } | { type: 'image'; png: Uint8Array }
  | { type: 'pdftoppm'; id: number; args: string[] } | ThreadFailure;

/** How one reading thread ended: it read to the end, or it was stopped reading `page` (null: while it opened the document). */
type ThreadOutcome =
  | { type: 'done' }
  | { type: 'page_timed_out' | 'document_timed_out'; page: number | null }
  | { type: 'thread_failed'; page: number | null; detail: string };

/**
 * Reads a PDF or image as readDocument does, on a reading thread (dist/document-worker.mjs, kept
 * warm between documents: warm-reading-thread.ts), so that the calling thread (the case's writer)
 * goes on answering while pdfjs and OCR work, and a page can be stopped. A page that takes longer
 * than `pageMs`, or that ends its thread (out of memory), is kept with what its text layer gave and
 * a warning, and the reading goes on from the next page on a fresh thread, on the same shared
 * bytes. Past `documentMs` in all, or once `stoppedPages` pages have stopped, the remaining pages
 * are kept without text and one warning names them. The signal stops the thread at once (`cancelled`). A document that cannot be opened
 * within `openMs` is refused.
 */
export async function readDocumentInThread(bytes: Uint8Array, fileName: string, options: ThreadReadOptions = {}): Promise<DocumentReading> {
  const limits = { ...READING_LIMITS, ...options.limits };
  const shared = sharedBytes(bytes);
  const collector = new ReadingCollector(options.onPage);
  const deadline = performance.now() + limits.documentMs;
  let opened: OpenedFacts | undefined;
  let stopped = 0;
  for (;;) {
    const from = collector.pagesDone + 1;
    const task = { type: 'read', bytes: shared, fileName, ocr: options.ocr !== false, from, maxPages: limits.pages, ...(opened ? { opened } : {}) } as const;
    const outcome = await readOnThread(task, collector, { ...limits, deadline, signal: options.signal }, (facts) => { opened ??= facts; });
    if (outcome.type === 'done') {
      if (collector.pagesDone < collector.pageCount) throw refusal('internal', 'refusal.stopped', { file: fileName });
      return collector.reading();
    }
    const { page } = outcome;
    if (page === null) {
      // Nothing of the document could be opened in its time: there is nothing to keep.
      if (outcome.type === 'thread_failed') throw refusal('file_refused', 'refusal.read_failed', { file: fileName, detail: outcome.detail });
      throw refusal('file_refused', 'refusal.open_timed_out', { file: fileName, seconds: Math.round(Math.min(limits.openMs, limits.documentMs) / 1000) });
    }
    const rest = (first: number) => ({ from: first, to: collector.pageCount });
    if (outcome.type === 'document_timed_out') {
      collector.keepUnread(page, { code: 'document_timed_out', page: null, seconds: Math.round(limits.documentMs / 1000), skipped: rest(page) });
      return collector.reading();
    }
    collector.keepStopped(page, outcome.type === 'thread_failed'
      ? { code: 'read_failed', page, detail: `stopped its reading thread (${outcome.detail})` }
      : { code: 'page_timed_out', page, seconds: Math.round(limits.pageMs / 1000) });
    stopped++;
    if (collector.pagesDone >= collector.pageCount) return collector.reading();
    if (stopped >= limits.stoppedPages) {
      collector.keepUnread(page + 1, { code: 'pages_stopped', page: null, count: stopped, skipped: rest(page + 1) });
      return collector.reading();
    }
  }
}

type Bounds = { openMs: number; pageMs: number; deadline: number; signal: AbortSignal | undefined };

/**
 * One reading on the warm thread (or a fresh one) from `task.from` on, until it ends, is stopped by
 * a bound, or is cancelled. A thread that read to the end, or refused the file, is given back warm;
 * one stopped mid-page is stopped for good.
 */
function readOnThread(task: Omit<DocumentThreadTask & { type: 'read' }, 'scratch'>, collector: ReadingCollector, bounds: Bounds, onOpened: (facts: OpenedFacts) => void): Promise<ThreadOutcome> {
  if (bounds.signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    let opening = true;
    /** The page being read: null while the document opens, or between pages (a page is kept before the next starts). */
    let page: number | null = null;
    /** Where a bound or a failure stopped the thread: the page being read, the next one when between pages, or the end. */
    const stoppedAt = (): number | null | 'end' => {
      if (opening) return null;
      if (page !== null) return page;
      return collector.pagesDone >= collector.pageCount ? 'end' : collector.pagesDone + 1;
    };
    // No native module holds state across a thread's end (pdfjs and the OCR driver are
    // JavaScript; the engine runs on a thread of its own, which ends with it): stopping it anywhere is safe.
    const reading: ReadingTask = new ReadingTask(bounds.signal, {
      aborted: () => reading.finish(false, () => reject(cancelled())),
      ended: (end) => {
        const at = stoppedAt();
        // The thread ended under the reading (out of memory): it is not given back.
        reading.finish(false, () => resolve(at === 'end' ? { type: 'done' } : { type: 'thread_failed', page: at, detail: end.failure ?? 'it ended' }));
      },
    });
    /** The opening has openMs, each page pageMs, within what is left of the document's time. */
    const arm = () => {
      const left = bounds.deadline - performance.now();
      const bound = opening ? bounds.openMs : bounds.pageMs;
      const documentFirst = left <= bound;
      reading.bound(Math.min(left, bound), () => {
        const at = stoppedAt();
        // The last page was read and the thread is closing the document: that is the end.
        reading.finish(false, () => resolve(at === 'end' ? { type: 'done' } : { type: documentFirst ? 'document_timed_out' : 'page_timed_out', page: at }));
      });
    };
    arm();
    reading.onMessage((message) => {
      if (message.type === 'done') {
        reading.finish(true, () => resolve({ type: 'done' }));
        return;
      }
      if (message.type === 'failed') {
        // The file was refused (unreadable, a password): the thread itself is sound.
        reading.finish(true, () => reject(failureError(message)));
        return;
      }
      if (message.type === 'image') return;
      if (message.type === 'opened') {
        opening = false;
        onOpened(message.facts);
      }
      collector.take(message);
      if (message.type === 'page_start') {
        page = message.page;
        arm();
      } else if (message.type === 'page') {
        page = null;
      }
    });
    reading.thread.post({ ...task, scratch: reading.scratch.dir });
  });
}

function cancelled(): ZeroMileError {
  return refusal('cancelled', 'refusal.reading_cancelled');
}
