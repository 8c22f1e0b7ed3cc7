import type { Worker } from 'tesseract.js';
import { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import { imageSize } from './image-size';
import { OCR_LANGS, ocrModelsDir } from './ocr-models';
import { ocrPage, type OcrBlock } from './ocr-lines';
import { turnImage } from './page-image';
import type { PageReading } from './page-text';

/**
 * OCR with tesseract.js, offline: the English and Simplified Chinese models come from the
 * @tesseract.js-data packages, through the checked copy of ocr-models.ts.
 */
const LANGS = OCR_LANGS;

/** One tesseract worker for a document's pages; terminate it when done (or on cancel). */
export type OcrEngine = {
  /** `turned180` reads the image turned half a turn; the reading's boxes are in the image's own frame either way. */
  recognize(image: Buffer, pageNo: number, signal?: AbortSignal, turned180?: boolean): Promise<PageReading>;
  terminate(): Promise<void>;
};

/**
 * Below this mean confidence a page may be upside down (an upright 200-dpi scan reads at about 90,
 * the same page upside down or turned 270° at 36-40): it is read again half a turn round and the
 * reading at least RETURN_MARGIN more confident is kept. A page on its side (90°) the engine
 * already reads in its own direction (ocr-lines.ts); a page at 270° reads upside down, then at 90°.
 * Upright pages cost nothing more; only a poor first reading costs a second one.
 */
export const RETRY_TURNED_BELOW = 65;
const RETURN_MARGIN = 10;

export async function readUpright(engine: OcrEngine, image: Buffer, pageNo: number, signal?: AbortSignal): Promise<PageReading> {
  const first = await engine.recognize(image, pageNo, signal);
  let best = first;
  if ((first.confidence ?? 100) < RETRY_TURNED_BELOW && first.text.trim() !== '') {
    const turned = await engine.recognize(image, pageNo, signal, true);
    if ((turned.confidence ?? 0) >= (first.confidence ?? 0) + RETURN_MARGIN) best = turned;
  }
  // A page on its side the engine reads line by line but loses a form's grid: read it again turned upright.
  const rotation = best.rotation;
  if (rotation !== 90 && rotation !== 270) return best;
  const upright = await turnImage(image, rotation === 90 ? 270 : 90);
  if (!upright) return best;
  const again = await engine.recognize(upright, pageNo, signal);
  if (again.rotation || (again.confidence ?? 0) < (best.confidence ?? 0) - RETURN_MARGIN) return best;
  return { ...again, rotation };
}

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
    throw refusal('internal', 'refusal.ocr_start', { detail: (error as Error).message });
  }
  let terminated = false;
  const terminate = async () => {
    if (terminated) return;
    terminated = true;
    await worker.terminate().catch(() => undefined);
  };
  return {
    async recognize(image, pageNo, signal, turned180 = false) {
      if (signal?.aborted) throw cancelled();
      // Cancelling stops the worker mid-page: the only way to interrupt tesseract.
      const onAbort = () => void terminate();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await worker.recognize(image, turned180 ? { rotateRadians: Math.PI } : { rotateAuto: true }, { text: true, blocks: true });
        if (signal?.aborted) throw cancelled();
        const blocks = (result.data.blocks ?? []) as unknown as OcrBlock[];
        return { ...ocrPage(blocks, pageNo, imageSize(image), turned180), confidence: Math.round(result.data.confidence) };
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
  return refusal('cancelled', 'refusal.reading_cancelled');
}
