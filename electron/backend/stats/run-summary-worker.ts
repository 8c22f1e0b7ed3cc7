import Database from 'better-sqlite3';
import { saveFlagOrders } from '../casefile/run-flag-orders';
import { saveRunSummary, type SummaryAnswer, type SummarySetup } from '../casefile/run-summaries';
import { runInThread } from '../threads/in-thread';
import { computeRunSummary } from './run-summary';

// The run summary thread (bundled as dist/run-summary-worker.mjs, started by
// casefile/run-summaries.ts summarizeInBackground): sums a finished run's statistics on a
// connection of its own, reading one snapshot, and stores them in one short write; then sorts the
// run's flags each way the queue does and stores those orders (casefile/run-flag-orders.ts).
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
      // Then the queue's sort orders (deep blocks by slice), after the overview's figures are in.
      saveFlagOrders(db, runId);
    } finally {
      db.close();
    }
    job.send({ ok: true });
  } catch (error) {
    job.send({ ok: false, message: (error as Error).message });
  }
});
