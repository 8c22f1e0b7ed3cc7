import { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import { runInThread } from '../threads/in-thread';
import type { DocumentThreadMessage, DocumentThreadTask } from './document-thread';
import { readDocumentPages } from './read-document';

// The reading thread of PDFs and images (bundled as dist/document-worker.mjs, kept warm by
// warm-reading-thread.ts): pdfjs and the OCR engine's driver run here, one document after another,
// so a page that holds pdfjs for minutes holds this thread alone, which the starting side stops
// when the page's time is up. pdfjs is loaded once for all the documents the thread reads.
runInThread<null, DocumentThreadMessage, DocumentThreadTask>((job) => new Promise<void>(() => {
  let queue = Promise.resolve();
  job.onMessage((task) => {
    queue = queue.then(() => read(task));
  });
  async function read({ bytes, fileName, ocr, from, maxPages, opened }: DocumentThreadTask): Promise<void> {
    try {
      await readDocumentPages(bytes, fileName, { ocr, from, maxPages, ...(opened ? { opened } : {}), emit: (event) => job.send(event) });
      job.send({ type: 'done' });
    } catch (error) {
      const failure = error instanceof ZeroMileError ? error : refusal('internal', 'refusal.read_failed', { file: fileName, detail: (error as Error).message });
      job.send({ type: 'failed', code: failure.code, message: failure.message, ...(failure.msg ? { msg: failure.msg } : {}) });
    }
  }
}));
