import { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import { runInThread } from '../threads/in-thread';
import type { DocumentThreadMessage, DocumentThreadTask } from './document-thread';
import { drawPdfPage } from './page-image-thread';
import { readDocumentPages } from './read-document';

// The reading thread of PDFs and images (bundled as dist/document-worker.mjs, kept warm by
// warm-reading-thread.ts): pdfjs and the OCR engine's driver run here, one task after another (a
// document to read, a page to draw for review), so a page that holds pdfjs for minutes holds this
// thread alone, which the starting side stops when the page's time is up. pdfjs is loaded once
// for all the work the thread does.
runInThread<null, DocumentThreadMessage, DocumentThreadTask>((job) => new Promise<void>(() => {
  let queue = Promise.resolve();
  job.onMessage((task) => {
    queue = queue.then(() => perform(task));
  });
  /** pdftoppm, where pdfjs has no canvas, works in the task's scratch and is named to the starting side. */
  const pdftoppm = (scratch: string) => ({ scratch, onChild: (pid: number | null) => job.send({ type: 'child', pid }) });
  async function perform(task: DocumentThreadTask): Promise<void> {
    try {
      if (task.type === 'page_image') {
        job.send({ type: 'image', png: await drawPdfPage(task, pdftoppm(task.scratch)) });
        return;
      }
      const { bytes, fileName, ocr, from, maxPages, opened, scratch } = task;
      await readDocumentPages(bytes, fileName, { ocr, from, maxPages, ...(opened ? { opened } : {}), pdftoppm: pdftoppm(scratch), emit: (event) => job.send(event) });
      job.send({ type: 'done' });
    } catch (error) {
      const failure = error instanceof ZeroMileError ? error : refusal('internal', 'refusal.read_failed', { file: task.fileName, detail: (error as Error).message });
      job.send({ type: 'failed', code: failure.code, message: failure.message, ...(failure.msg ? { msg: failure.msg } : {}) });
    }
  }
}));
