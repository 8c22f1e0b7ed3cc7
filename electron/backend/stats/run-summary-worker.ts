import Database from 'better-sqlite3';
import { saveRunSummary, type SummaryAnswer, type SummarySetup } from '../casefile/run-summaries';
import { runInThread } from '../threads/in-thread';
import { computeRunSummary } from './run-summary';

// The run summary thread (bundled as dist/run-summary-worker.mjs, started by
// casefile/run-summaries.ts summarizeInBackground): sums a finished run's statistics on a
// connection of its own, reading one snapshot, and stores them in one short write.
// Its connection is closed before the body ends: the case file's close() waits for that.
runInThread<SummarySetup, SummaryAnswer>((job) => {
  const { casePath, runId, nativeBinding, busyTimeoutMs } = job.setup;
  try {
    const db = new Database(casePath, { fileMustExist: true, timeout: busyTimeoutMs, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      const started = performance.now();
      // One read transaction: every figure from the same snapshot, whatever commits meanwhile.
      const summary = db.transaction(() => computeRunSummary(db, runId)).deferred();
      saveRunSummary(db, runId, summary, performance.now() - started);
    } finally {
      db.close();
    }
    job.send({ ok: true });
  } catch (error) {
    job.send({ ok: false, message: (error as Error).message });
  }
});
