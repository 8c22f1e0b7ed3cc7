import type { Worker } from 'tesseract.js';
import { ZeroMileError } from '../../../shared/errors';
import { imageSize } from './image-size';
import { OCR_LANGS, ocrModelsDir } from './ocr-models';
import { ocrPage, type OcrBlock } from './ocr-lines';
import type { PageReading } from './page-text';

/**
 * OCR with tesseract.js, offline: the English and Simplified Chinese models come from the
 * @tesseract.js-data packages, through the checked copy of ocr-models.ts.
 */
const LANGS = OCR_LANGS;

/** One tesseract worker for a document's pages; terminate it when done (or on cancel). */
export type OcrEngine = {
  recognize(image: Buffer, pageNo: number, signal?: AbortSignal): Promise<PageReading>;
  terminate(): Promise<void>;
};

export async function createOcrEngine(signal?: AbortSignal): Promise<OcrEngine> {
  const { createWorker, OEM, PSM } = await import('tesseract.js');
  let worker: Worker;
  try {
    const starting = createWorker([...LANGS], OEM.LSTM_ONLY, {
      langPath: await ocrModelsDir(), gzip: true, cacheMethod: 'none',
      // Without a handler tesseract.js rethrows a job's failure (an image it cannot decode) outside
      // any promise, which ends the process; with one, the job's promise rejects and is handled here.
      errorHandler: () => undefined,
    });
    // Loading the models takes a while: a cancel during it must not wait for the end.
    const aborted = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(cancelled());
      signal?.addEventListener('abort', () => reject(cancelled()), { once: true });
    });
    aborted.catch(() => undefined);
    try {
      worker = await Promise.race([starting, aborted]);
    } catch (error) {
      void starting.then((w) => w.terminate()).catch(() => undefined);
      throw error;
    }
    // tesseract.js defaults to one uniform block, which loses forms with ruled cells; automatic layout reads them.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, debug_file: '/dev/null' });
  } catch (error) {
    if (error instanceof ZeroMileError) throw error;
    throw new ZeroMileError('internal', `OCR could not start: ${(error as Error).message}`);
  }
  let terminated = false;
  const terminate = async () => {
    if (terminated) return;
    terminated = true;
    await worker.terminate().catch(() => undefined);
  };
  return {
    async recognize(image, pageNo, signal) {
      if (signal?.aborted) throw cancelled();
      // Cancelling stops the worker mid-page: the only way to interrupt tesseract.
      const onAbort = () => void terminate();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await worker.recognize(image, {}, { text: true, blocks: true });
        if (signal?.aborted) throw cancelled();
        return { ...ocrPage((result.data.blocks ?? []) as unknown as OcrBlock[], pageNo, imageSize(image)), confidence: Math.round(result.data.confidence) };
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        if (error instanceof ZeroMileError) throw error;
        // tesseract.js rejects with a bare string.
        throw new OcrError(error instanceof Error ? error.message : String(error));
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    terminate,
  };
}

/** OCR failed on one image (it could not be decoded, usually); the caller says which file. */
export class OcrError extends Error {}

function cancelled(): ZeroMileError {
  return new ZeroMileError('cancelled', 'Reading the document was cancelled; nothing of it was kept.');
}
