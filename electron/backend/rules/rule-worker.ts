import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { checkpointCaseFile, findRules, type FinderSetup } from './rule-finder';

// A rule finder thread (bundled as dist/rule-worker.mjs): runs rules on its own connection while
// the runner writes the flags of the rules found before (rule-finders.ts starts two). Started
// with `checkpoint`, it checkpoints a case file after a run instead.
if (isMainThread) throw new Error('rule-worker must run in a worker thread');
const data = workerData as FinderSetup | { checkpoint: { casePath: string; done: SharedArrayBuffer; nativeBinding?: string } };
if ('checkpoint' in data) {
  try {
    checkpointCaseFile(data.checkpoint.casePath, data.checkpoint.nativeBinding);
    parentPort?.postMessage({ ok: true });
  } catch (error) {
    parentPort?.postMessage({ ok: false, message: (error as Error).message });
  } finally {
    // Its connection is closed: a close() of the case file waiting for it may go on.
    const done = new Int32Array(data.checkpoint.done);
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  }
} else {
  findRules(data);
}
