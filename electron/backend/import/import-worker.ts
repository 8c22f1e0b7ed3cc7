import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ZeroMileError } from '../../../shared/errors';
import { BATCHES_AHEAD, type ReadingMessage, type ReadingSetup } from './reading-thread';
import { readTableRows } from './table-reading';

// The reading thread of a big import (bundled as dist/import-worker.mjs, started by
// reading-thread.ts): reads, decodes, parses and validates the table while the case worker writes.
if (isMainThread) throw new Error('import-worker must run in a worker thread');
const { file, ahead: aheadBuffer } = workerData as ReadingSetup;
const ahead = new Int32Array(aheadBuffer);
const send = (message: ReadingMessage) => parentPort!.postMessage(message);

try {
  for await (const batch of readTableRows(file)) {
    if (batch.type !== 'rows') { send(batch); continue; }
    // Blocking here is fine: this thread has nothing else to do until the writer catches up.
    for (let n = Atomics.load(ahead, 0); n >= BATCHES_AHEAD; n = Atomics.load(ahead, 0)) Atomics.wait(ahead, 0, n);
    Atomics.add(ahead, 0, 1);
    send(batch);
  }
} catch (error) {
  send(error instanceof ZeroMileError
    ? { type: 'failed', code: error.code, message: error.message }
    : { type: 'failed', code: 'internal', message: `Reading ${file.name} failed: ${(error as Error).message}` });
}
