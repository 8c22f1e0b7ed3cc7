import Database from 'better-sqlite3';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { CheckpointSetup } from './background-checkpoint';
import { markCloseWaitDone } from './close-waits';

// The checkpoint thread (bundled as dist/checkpoint-worker.mjs, started by background-checkpoint.ts):
// copies the WAL's pages into the case file on a connection of its own, after a big write committed.
if (isMainThread) throw new Error('checkpoint-worker must run in a worker thread');
const { casePath, done, nativeBinding } = workerData as CheckpointSetup;
try {
  const db = new Database(casePath, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    db.close();
  }
  parentPort?.postMessage({ ok: true });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: (error as Error).message });
} finally {
  // Its connection is closed: a close() of the case file waiting for it may go on.
  markCloseWaitDone(new Int32Array(done));
}
