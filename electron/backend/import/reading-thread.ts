import { Worker } from 'node:worker_threads';
import { ZeroMileError, type ErrorCode } from '../../../shared/errors';
import { threadBundlePath } from '../worker/bundle-path';
import type { RowBatch, TableToRead } from './table-reading';

/**
 * Batches of rows the reading thread may have sent ahead of the writer. It waits beyond that, so a
 * file read faster than it is written does not pile up in memory (a batch is one read piece, ~1,300
 * invoice rows).
 */
export const BATCHES_AHEAD = 8;

/** What the reading thread sends: batches, or why it stopped. */
export type ReadingMessage = RowBatch | { type: 'failed'; code: ErrorCode; message: string };

export type ReadingSetup = { file: TableToRead; ahead: SharedArrayBuffer };

/**
 * Reads a table on a thread of its own (dist/import-worker.mjs running readTableRows), so that
 * decoding, parsing and validating the rows of a big file go on while this thread writes them. The
 * batches come out as readTableRows gives them; a refusal is thrown here as it was there. Ending
 * the iteration early (a failure or cancel while writing) stops the thread.
 */
export async function* readTableInThread(file: TableToRead): AsyncGenerator<RowBatch> {
  const ahead = new Int32Array(new SharedArrayBuffer(4));
  const setup: ReadingSetup = { file, ahead: ahead.buffer as SharedArrayBuffer };
  const worker = new Worker(threadBundlePath('import-worker.mjs'), { workerData: setup });
  const queue: ReadingMessage[] = [];
  let exited = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const woken = () => { const w = wake; wake = null; w?.(); };
  worker.on('message', (message: ReadingMessage) => { queue.push(message); woken(); });
  worker.on('error', (error) => { failure = error; woken(); });
  worker.on('exit', () => { exited = true; woken(); });
  try {
    for (;;) {
      while (queue.length === 0) {
        if (failure) throw new ZeroMileError('internal', `Reading ${file.name} failed: ${(failure as Error).message}`);
        if (exited) throw new ZeroMileError('internal', `Reading ${file.name} stopped before its end.`);
        await new Promise<void>((resolve) => { wake = resolve; });
      }
      const message = queue.shift()!;
      if (message.type === 'failed') throw new ZeroMileError(message.code, message.message);
      yield message;
      if (message.type === 'end') return;
      if (message.type !== 'rows') continue;
      // Written: the thread may read one batch further.
      Atomics.sub(ahead, 0, 1);
      Atomics.notify(ahead, 0);
    }
  } finally {
    // No native module runs on that thread, so stopping it mid-read is safe.
    await worker.terminate();
  }
}
