import { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import { sharedBytes } from '../threads/shared-bytes';
import { failureError } from '../threads/thread-failure';
import { openPdf, renderPdfPagePng } from './pdf-reader';
import { renderWithPdftoppm, type PdftoppmOptions } from './pdftoppm-fallback';
import { ReadingTask } from './warm-reading-thread';

/**
 * The longest the review panel's page image may take to draw. A page draws in well under a second
 * here; one that holds pdfjs (forms nested 40 deep: the import has warned of that page already)
 * held a reader of the case for ever. Half the import's minute a page: someone waits on this one.
 */
export const PAGE_IMAGE_TIME_LIMIT_MS = 30_000;
/** The review panel's resolution: 108 dpi, the page's text readable beside the fields read from it. */
const REVIEW_SCALE = 1.5;

/** A PDF page to draw as PNG on a reading thread (document-worker.ts). */
export type PageImageTask = { type: 'page_image'; bytes: Uint8Array; fileName: string; page: number; scratch: string; pdftoppm: boolean };

/** On the reading thread: the page drawn by pdfjs, else by pdftoppm (working in the task's scratch). */
export async function drawPdfPage(task: PageImageTask, pdftoppm: PdftoppmOptions): Promise<Buffer> {
  const { bytes, fileName, page } = task;
  const pdf = await openPdf(bytes, fileName);
  try {
    if (!Number.isInteger(page) || page < 1 || page > pdf.pages) throw new ZeroMileError('not_found', `${fileName} has no page ${page}.`);
    const png = (task.pdftoppm ? null : await renderPdfPagePng(pdf, page, REVIEW_SCALE)) ?? (await renderWithPdftoppm(bytes, page, Math.round(REVIEW_SCALE * 72), pdftoppm));
    if (!png) throw new ZeroMileError('internal', `Page ${page} of ${fileName} cannot be rendered on this machine.`);
    return png;
  } finally {
    await pdf.close();
  }
}

export type PageImageOptions = {
  /** Tuning and tests: the time bound (PAGE_IMAGE_TIME_LIMIT_MS by default). */
  timeMs?: number;
  signal?: AbortSignal;
  /** Tests: drawn by pdftoppm, as on a machine where pdfjs has no canvas. */
  pdftoppm?: boolean;
};

/**
 * A PDF page drawn for the review panel on the calling thread's warm reading thread, within
 * `timeMs`: past it the thread is stopped (and pdftoppm with it, its folder removed) and the call
 * fails with a message the panel shows in the reader's language. The calling thread (a reader of
 * the case) goes on answering meanwhile.
 */
export function pdfPageImageOnThread(bytes: Uint8Array, fileName: string, page: number, options: PageImageOptions = {}): Promise<Buffer> {
  const timeMs = options.timeMs ?? PAGE_IMAGE_TIME_LIMIT_MS;
  if (options.signal?.aborted) return Promise.reject(refusal('cancelled', 'refusal.page_image_cancelled', { file: fileName, page }));
  return new Promise((resolve, reject) => {
    const drawing: ReadingTask = new ReadingTask(options.signal, {
      aborted: () => drawing.finish(false, () => reject(refusal('cancelled', 'refusal.page_image_cancelled', { file: fileName, page }))),
      ended: (end) => drawing.finish(false, () => reject(refusal('internal', 'refusal.page_image_failed', { file: fileName, page, detail: end.failure ?? 'it ended' }))),
    });
    drawing.bound(timeMs, () => drawing.finish(false, () => reject(refusal('internal', 'refusal.page_image_timed_out', {
      file: fileName, page, seconds: Math.round(timeMs / 1000),
    }))));
    drawing.onMessage((message) => {
      if (message.type === 'image') drawing.finish(true, () => resolve(Buffer.from(message.png.buffer, message.png.byteOffset, message.png.byteLength)));
      else if (message.type === 'failed') drawing.finish(true, () => reject(failureError(message)));
    });
    drawing.thread.post({ type: 'page_image', bytes: sharedBytes(bytes), fileName, page, scratch: drawing.scratch.dir, pdftoppm: options.pdftoppm === true });
  });
}
