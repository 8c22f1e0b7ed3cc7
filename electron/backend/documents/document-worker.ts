import { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import { runInThread } from '../threads/in-thread';
import type { DocumentThreadMessage, DocumentThreadSetup } from './document-thread';
import { readDocumentPages } from './read-document';

// The reading thread of a PDF or image (bundled as dist/document-worker.mjs, started by
// document-thread.ts): pdfjs and the OCR engine's driver run here, so a page that holds pdfjs for
// minutes holds this thread alone, which the starting side stops when the page's time is up.
runInThread<DocumentThreadSetup, DocumentThreadMessage>(async (job) => {
  const { bytes, fileName, ocr, from, maxPages, opened } = job.setup;
  try {
    await readDocumentPages(bytes, fileName, { ocr, from, maxPages, ...(opened ? { opened } : {}), emit: (event) => job.send(event) });
  } catch (error) {
    const failure = error instanceof ZeroMileError ? error : refusal('internal', 'refusal.read_failed', { file: fileName, detail: (error as Error).message });
    job.send({ type: 'failed', code: failure.code, message: failure.message, ...(failure.msg ? { msg: failure.msg } : {}) });
  }
});
