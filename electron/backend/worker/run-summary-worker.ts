import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { saveFlagOrders } from '../casefile/run-flag-orders';
import { loadRunSummary, saveRunSummary, type SummaryAnswer, type SummarySetup } from '../casefile/run-summaries';
import { writeWhenFree, WRITE_TRY_MS } from '../casefile/write-when-free';
import { savePartySums } from '../queries/party-sums';
import { computeRunSummary } from '../stats/run-summary';
import { JobCancelled, runInThread } from '../threads/in-thread';

// The run summary thread (bundled as dist/run-summary-worker.mjs, started by
// casefile/run-summaries.ts summarizeInBackground): sums a finished run's statistics on a
// connection of its own, reading one snapshot, and stores them in one short write; then sorts the
// run's flags each way the queue does and stores those orders (casefile/run-flag-orders.ts), and
// last sums the busy parties' pages (queries/party-sums.ts). It sits above the layers it draws on.
// What is already stored is skipped (a summary resumed at the next open after a close stopped it),
// and a close's cancel is obeyed between steps. Its connection is closed before the body ends:
// the case file's close() waits for that.
/** Page cache of the thread's connection, 128 MB (negative = KiB for SQLite); freed when the thread ends. */
const SUMMARY_CACHE_KIB = -131_072;

/** Page cache of the connection while the queue's orders are sorted and stored, 8 MB. */
const ORDERS_CACHE_KIB = -8_192;

runInThread<SummarySetup, SummaryAnswer>((job) => {
  const { casePath, runId, nativeBinding, busyTimeoutMs, busyRecords } = job.setup;
  const step = () => {
    if (job.cancelled()) throw new JobCancelled();
  };
  try {
    // Fault injection for the tests: the thread fails while this file exists (the e2e test removes it, then tries again).
    const fault = process.env.ZEROMILE_FAULT_SUMMARY;
    if (fault && existsSync(fault)) throw new Error(`fault injected (${fault} exists)`);
    // Each write waits for the lock a second at a time, the cancel looked at in between (write-when-free.ts).
    const db = new Database(casePath, { fileMustExist: true, timeout: Math.min(busyTimeoutMs, WRITE_TRY_MS), ...(nativeBinding ? { nativeBinding } : {}) });
    const write = writeWhenFree(step, busyTimeoutMs);
    try {
      // The sums walk indexes of the whole case: with SQLite's 2 MB page cache they read the same
      // pages again and again (at a million vehicles 74.6 s, 25 s of it system time; with this, 28.3 s).
      db.pragma(`cache_size = ${SUMMARY_CACHE_KIB}`);
      if (!loadRunSummary(db, runId)) {
        const started = performance.now();
        // One read transaction: every figure from the same snapshot, whatever commits meanwhile.
        const summary = db.transaction(() => computeRunSummary(db, runId, step)).deferred();
        write(() => saveRunSummary(db, runId, summary, performance.now() - started));
      }
      // Then the queue's sort orders (deep blocks by slice), after the overview's figures are in.
      step();
      // Their sort is JavaScript's arrays and strings (~150 MB at a million flags) and reads the
      // flags once, along an index: the sums' pages are let go first, not held beside it.
      db.pragma(`cache_size = ${ORDERS_CACHE_KIB}`);
      db.pragma('shrink_memory');
      saveFlagOrders(db, runId, step, write);
      // Then the busy parties' figures and networks, read party by party (a few pages of cache each).
      step();
      savePartySums(db, runId, { step, write, ...(busyRecords !== undefined ? { busyRecords } : {}) });
    } finally {
      db.close();
    }
    job.send({ ok: true });
  } catch (error) {
    job.send(error instanceof JobCancelled ? { ok: false, stopped: true, message: 'stopped by the case being closed' } : { ok: false, message: (error as Error).message });
  }
});
