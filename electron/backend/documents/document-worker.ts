import { runInThread } from '../threads/in-thread';
import { threadFailure } from '../threads/thread-failure';
import type { DocumentThreadMessage, DocumentThreadTask } from './document-thread';
import { createOcrEngine, type OcrEngine } from './ocr';
import { drawPdfPage } from './page-image-thread';
import { readDocumentPages } from './read-document';

// The reading thread of PDFs and images (bundled as dist/document-worker.mjs, kept warm by
// warm-reading-thread.ts): pdfjs and the OCR engine's driver run here, one task after another (a
// document to read, a page to draw for review), so a page that holds pdfjs for minutes holds this
// thread alone, which the starting side stops when the page's time is up. pdfjs is loaded once
// for all the work the thread does.
runInThread<null, DocumentThreadMessage, DocumentThreadTask>((job) => new Promise<void>(() => {
  let queue = Promise.resolve();
  /** pdftoppm asks waiting for the starting side's answer, by id. */
  const asked = new Map<number, (ok: boolean) => void>();
  let lastAsk = 0;
  job.onMessage((task) => {
    if (task.type === 'pdftoppm_done') {
      asked.get(task.id)?.(task.ok);
      asked.delete(task.id);
      return;
    }
    queue = queue.then(() => perform(task));
  });
  /**
   * The OCR engine, started with the first scanned page and kept for the documents after it: its
   * start (models loaded from disk) costs 1-3 s a document here. It ends with the thread. One that
   * fails a page serves the rest of its document, as before, and is ended after it: the next
   * document starts another.
   */
  let engine: Promise<OcrEngine> | null = null;
  const retired: OcrEngine[] = [];
  const keptEngine = (): Promise<OcrEngine> => {
    if (engine) return engine;
    const started = createOcrEngine().then((ready): OcrEngine => ({
      recognize: (...args) => ready.recognize(...args).catch((error: unknown) => {
        if (engine === started) {
          engine = null;
          retired.push(ready);
        }
        throw error;
      }),
      terminate: () => ready.terminate(),
    }));
    started.catch(() => { if (engine === started) engine = null; });
    engine = started;
    return started;
  };
  /**
   * pdftoppm, where pdfjs has no canvas, works in the task's scratch and is started by the starting
   * side (reading-scratch.ts), which waits for it however this thread ends.
   */
  const pdftoppm = (scratch: string) => ({
    scratch,
    run: (args: string[]) => new Promise<boolean>((resolve) => {
      const id = ++lastAsk;
      asked.set(id, resolve);
      job.send({ type: 'pdftoppm', id, args });
    }),
  });
  async function perform(task: Exclude<DocumentThreadTask, { type: 'pdftoppm_done' }>): Promise<void> {
    try {
      if (task.type === 'page_image') {
        job.send({ type: 'image', png: await drawPdfPage(task, pdftoppm(task.scratch)) });
        return;
      }
      const { bytes, fileName, ocr, from, maxPages, opened, scratch } = task;
      await readDocumentPages(bytes, fileName, {
        ocr, from, maxPages, ...(opened ? { opened } : {}), pdftoppm: pdftoppm(scratch), ocrEngine: keptEngine, emit: (event) => job.send(event),
      });
      job.send({ type: 'done' });
    } catch (error) {
      job.send(threadFailure(error, task.fileName));
    } finally {
      for (const done of retired.splice(0)) await done.terminate();
    }
  }
}));
