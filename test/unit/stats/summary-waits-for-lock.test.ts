import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFlagOrder, STORED_FLAG_SORTS } from '../../../electron/backend/casefile/run-flag-orders';
import { loadRunSummary, resumeRunSummary, runMissingSummary, summarizeInBackground } from '../../../electron/backend/casefile/run-summaries';
import { partySumsStored } from '../../../electron/backend/casefile/party-sums';
import { summaryBoard } from '../../../electron/backend/casefile/summary-status';
import { WRITE_TRY_MS } from '../../../electron/backend/casefile/write-when-free';
import { runRules } from '../../../electron/backend/rules/runner';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

// The summary thread's writes (the run's summary, the queue's orders, the busy parties' sums) wait
// for another writer's lock instead of failing: an import of a province's files holds it for
// minutes, and the overview then said the charts had failed. A close meanwhile still stops it.

let f: Fixture;

beforeEach(() => {
  f = createFixture();
  for (let n = 1; n <= 6; n++) {
    const vin = fixtureVin(n);
    f.vehicle(vin, { manufacturer: 'BYD Auto' });
    f.sale({ vin, date: '2024-01-01', seller: 'BYD Auto', buyer: 'T1', price: 100_000 });
    f.registration({ vin, date: '2024-01-02', owner: 'T1', city: 'Chengdu' });
    f.export({ vin, date: `2024-01-${10 + n}`, exporter: 'T1', km: 5, country: 'RU' });
  }
});
afterEach(() => f.remove());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a summary thread that finds the case locked by another writer', () => {
  it('waits for the lock, a try at a time, and stores its summary, orders and party sums once it is free', async () => {
    const caseFile = f.caseFile;
    const { run } = runRules(caseFile, {}, { summarize: false });
    // Another connection holds the write lock (an import), for longer than one try of the thread.
    const other = new Database(caseFile.path);
    other.exec('BEGIN IMMEDIATE');
    let outcome: Promise<{ ok: boolean }>;
    try {
      outcome = summarizeInBackground(caseFile, run.id, { busyTimeoutMs: 60_000, busyRecords: 1 });
      await sleep(WRITE_TRY_MS * 2.5);
      // Still at it, not failed, and nothing half-stored.
      expect(summaryBoard().of(caseFile.path, run.id)).toEqual({ state: 'running' });
      expect(loadRunSummary(caseFile.db, run.id)).toBeNull();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await outcome).toMatchObject({ ok: true });
    expect(loadRunSummary(caseFile.db, run.id)).not.toBeNull();
    expect(STORED_FLAG_SORTS.filter((sort) => loadFlagOrder(caseFile.db, run.id, sort) === null)).toEqual([]);
    expect(partySumsStored(caseFile.db, run.id)).toBe(true);
    expect(runMissingSummary(caseFile.db)).toBeNull();
  });

  it('is stopped by a close while it waits: the close does not wait out the lock', async () => {
    const path = f.caseFile.path;
    const { run } = runRules(f.caseFile, {}, { summarize: false });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const outcome = resumeRunSummary(f.caseFile, { busyTimeoutMs: 60_000 })!.outcome;
      await sleep(WRITE_TRY_MS * 1.5);
      const closing = performance.now();
      f.caseFile.close();
      // One try and a pause at most, not the minute the thread may wait for the lock.
      expect(performance.now() - closing).toBeLessThan(WRITE_TRY_MS * 5);
      expect(await outcome).toMatchObject({ ok: false, stopped: true });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // Nothing stored: summed at the next open, as after any close.
    const reopened = new Database(path, { readonly: true });
    try {
      expect(reopened.prepare('SELECT count(*) FROM run_summaries WHERE run_id = ?').pluck().get(run.id)).toBe(0);
    } finally {
      reopened.close();
    }
  });
});
