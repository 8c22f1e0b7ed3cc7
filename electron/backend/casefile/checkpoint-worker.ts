import Database from 'better-sqlite3';
import { runInThread } from '../threads/in-thread';
import type { CheckpointAnswer, CheckpointSetup } from './background-checkpoint';

// The checkpoint thread (bundled as dist/checkpoint-worker.mjs, started by background-checkpoint.ts):
// copies the WAL's pages into the case file on a connection of its own, after a big write committed.
// Its connection is closed before the body ends: the case file's close() waits for that.
runInThread<CheckpointSetup, CheckpointAnswer>((job) => {
  const { casePath, nativeBinding } = job.setup;
  try {
    const db = new Database(casePath, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } finally {
      db.close();
    }
    job.send({ ok: true });
  } catch (error) {
    job.send({ ok: false, message: (error as Error).message });
  }
});
