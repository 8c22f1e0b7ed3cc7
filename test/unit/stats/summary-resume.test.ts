import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Overview } from '../../../shared/contract/overview';
import { analyzeCommand } from '../../../electron/backend/cli/commands/analyze';
import { loadFlagOrder, STORED_FLAG_SORTS } from '../../../electron/backend/casefile/run-flag-orders';
import { loadRunSummary, resumeRunSummary, runMissingSummary } from '../../../electron/backend/casefile/run-summaries';
import { summaryBoard } from '../../../electron/backend/casefile/summary-status';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import type { CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { runRules } from '../../../electron/backend/rules/runner';
import { CaseSession } from '../../../electron/backend/session/case-session';
import { overview, SUMMARY_WAIT_MS } from '../../../electron/backend/stats/overview-charts';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

// Issue 15: a run whose summary was never stored (`zeromile analyze` exits without it; a crash or
// a close stops its thread) is summed again when the case is next opened for writing, and a
// summary thread that fails is said on the overview, not left "pending".

let f: Fixture;
let session: CaseSession | null = null;
const overdue = () => Date.now() + SUMMARY_WAIT_MS + 1;

beforeEach(() => {
  f = createFixture();
  for (let n = 1; n <= 6; n++) {
    const vin = fixtureVin(n);
    f.vehicle(vin, { manufacturer: 'BYD Auto' });
    f.sale({ vin, date: '2024-01-01', seller: 'BYD Auto', buyer: n % 2 ? 'T1' : 'T2', price: 100_000 });
    f.registration({ vin, date: '2024-01-02', owner: 'T1', city: n < 4 ? 'Chengdu' : 'Xi\'an' });
    f.export({ vin, date: `2024-01-${10 + n}`, exporter: 'T1', km: 5, country: n % 2 ? 'RU' : 'KZ' });
  }
});
afterEach(() => {
  session?.close();
  session = null;
  f.remove();
});

/** The case opened through the real handlers on a session of their own (the case host's writer, without its thread). */
async function openWriter(path: string): Promise<{ caseFile: CaseFile; call: (name: string) => Promise<unknown> }> {
  const s = (session = new CaseSession());
  const ctx: HandlerContext = { session: s, caseFile: () => s.require(), emit: () => {}, signal: new AbortController().signal };
  const call = async (name: string, args: unknown = {}) => {
    const result = await dispatch(HANDLERS, ctx, name, args);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value;
  };
  await call('case:open', { path });
  return { caseFile: s.require(), call: (name) => call(name) };
}

const storedOrders = (db: Database.Database, runId: number) => STORED_FLAG_SORTS.filter((sort) => loadFlagOrder(db, runId, sort) !== null);

describe('a run summary never stored', () => {
  it('`zeromile analyze` exits without it and says so; opening the case sums and stores it in the background, the overview pending until then', async () => {
    const path = f.caseFile.path;
    f.caseFile.close();
    let err = '';
    let out = '';
    expect(await analyzeCommand.run([path, '--json'], { out: (t) => { out += t; }, err: (t) => { err += `${t}\n`; } })).toBe(0);
    const runId = (JSON.parse(out) as { run: { id: number } }).run.id;
    expect(err).toContain(`run ${runId} committed. Its statistics and queue orders`);
    expect(err).toContain('sums them in the background when it next opens the case');

    const { caseFile, call } = await openWriter(path);
    const db = caseFile.db;
    // Opened: the thread is at it; the overview says pending, past the time it waits for a run of another process too.
    expect(summaryBoard().of(path, runId)).toEqual({ state: 'running' });
    const pending = overview(db, overdue(), (id) => summaryBoard().of(path, id));
    expect(pending).toMatchObject({ run_id: runId, charts_pending: true, exports_by_month: [] });
    expect(pending.charts_failed).toBeUndefined();

    // The thread's answer is in once the board no longer says it runs.
    await vi.waitFor(() => expect(summaryBoard().of(path, runId)).toBeNull(), { timeout: 30_000, interval: 50 });
    expect(runMissingSummary(db)).toBeNull();
    expect(loadRunSummary(db, runId)).not.toBeNull();
    expect(storedOrders(db, runId)).toEqual([...STORED_FLAG_SORTS]);
    const done = await call('overview:get') as Overview;
    expect(done.charts_pending).toBeUndefined();
    expect(done.exports_by_month.reduce((sum, b) => sum + b.value, 0)).toBeGreaterThan(0);
    // Nothing is missing any more: opening again starts nothing.
    expect(resumeRunSummary(caseFile)).toBeNull();
  });

  it('resumes only what is missing: a summary stored without its queue orders gets the orders', async () => {
    const caseFile = f.caseFile;
    const result = runRules(caseFile, {}, { summarize: false });
    expect(runMissingSummary(caseFile.db)).toBe(result.run.id);
    await resumeRunSummary(caseFile)!.outcome;
    // Three orders taken away, as a close halfway through the orders leaves it.
    const computed = caseFile.db.prepare('SELECT computed FROM run_summaries WHERE run_id = ?').pluck().get(result.run.id);
    caseFile.db.prepare("DELETE FROM run_flag_orders WHERE run_id = ? AND sort IN ('vin', 'km', 'days')").run(result.run.id);
    expect(runMissingSummary(caseFile.db)).toBe(result.run.id);
    expect(await resumeRunSummary(caseFile)!.outcome).toMatchObject({ ok: true });
    expect(storedOrders(caseFile.db, result.run.id)).toEqual([...STORED_FLAG_SORTS]);
    // The summary itself was kept, not summed again.
    expect(caseFile.db.prepare('SELECT computed FROM run_summaries WHERE run_id = ?').pluck().get(result.run.id)).toBe(computed);
  });
});

describe('a summary thread that fails', () => {
  it('is said on the overview with its reason, not pending forever, and "try again" sums it once the case is free', async () => {
    const path = f.caseFile.path;
    f.caseFile.close();
    const { caseFile, call } = await openWriter(path);
    // No run yet: opening started nothing.
    expect(summaryBoard().of(path, 1)).toBeNull();
    const { run } = runRules(caseFile, {}, { summarize: false });
    // Another process holds the case's write lock (an import from the command line): the thread cannot store what it summed.
    const other = new Database(caseFile.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const outcome = await resumeRunSummary(caseFile, { busyTimeoutMs: 100 })!.outcome;
      expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/locked|busy/i) });
      expect(summaryBoard().of(caseFile.path, run.id)).toEqual({ state: 'failed', message: outcome.message });
      const failed = await call('overview:get') as Overview;
      expect(failed).toMatchObject({ run_id: run.id, charts_failed: outcome.message, exports_by_month: [] });
      expect(failed.charts_pending).toBeUndefined();
      expect(failed.flags_by_rule.length).toBeGreaterThan(0);
      // Not pending, and not summed on the reader either, however long after the run.
      expect(overview(caseFile.db, overdue(), (id) => summaryBoard().of(caseFile.path, id)).charts_failed).toBe(outcome.message);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await call('overview:summarize')).toEqual({ started: true });
    expect(summaryBoard().of(caseFile.path, run.id)).toEqual({ state: 'running' });
    expect(overview(caseFile.db, overdue(), (id) => summaryBoard().of(caseFile.path, id)).charts_pending).toBe(true);
    // Pressed again while it runs: not a second thread.
    expect(await call('overview:summarize')).toEqual({ started: false });
    await vi.waitFor(() => expect(runMissingSummary(caseFile.db)).toBeNull(), { timeout: 30_000, interval: 50 });
    const summed = await call('overview:get') as Overview;
    expect(summed.charts_failed).toBeUndefined();
    expect(summed.charts_pending).toBeUndefined();
  });

  it('a thread that dies is reported like one that failed', async () => {
    const caseFile = f.caseFile;
    const { run } = runRules(caseFile, {}, { summarize: false });
    const fault = `${caseFile.path}.fault`;
    writeFileSync(fault, '');
    process.env.ZEROMILE_FAULT_SUMMARY = fault;
    const message = `fault injected (${fault} exists)`;
    try {
      expect(await resumeRunSummary(caseFile)!.outcome).toMatchObject({ ok: false, message });
    } finally {
      delete process.env.ZEROMILE_FAULT_SUMMARY;
    }
    expect(overview(caseFile.db, overdue(), (id) => summaryBoard().of(caseFile.path, id))).toMatchObject({ charts_failed: message });
    expect(run.id).toBe(runMissingSummary(caseFile.db));
  });

  it('a close stops it between steps without calling it failed; the next open resumes it', async () => {
    const caseFile = f.caseFile;
    const { run, summary } = runRules(caseFile, {});
    caseFile.close();
    const outcome = (await summary)!;
    // On this small case it may have finished before the close asked it to stop; either way nothing is reported failed.
    expect(outcome.ok || outcome.stopped).toBe(true);
    expect(summaryBoard().of(caseFile.path, run.id)).toBeNull();
    const reopened = await openWriter(caseFile.path);
    await vi.waitFor(() => expect(runMissingSummary(reopened.caseFile.db)).toBeNull(), { timeout: 30_000, interval: 50 });
  });

  it('closed and opened again before the stopped thread\'s answer is in: the new connection still resumes it', async () => {
    const caseFile = f.caseFile;
    const { run } = runRules(caseFile, {}, { summarize: false });
    const first = await openWriter(caseFile.path);
    expect(summaryBoard().of(caseFile.path, run.id)).toEqual({ state: 'running' });
    // Closed (the thread told to stop) and opened again in one go, with no turn of the event loop between.
    session!.close();
    const again = new CaseSession();
    session = again;
    const reopened = again.open(caseFile.path);
    expect(reopened).not.toBe(first.caseFile);
    expect(resumeRunSummary(reopened)).not.toBeNull();
    await vi.waitFor(() => expect(summaryBoard().of(caseFile.path, run.id)).toBeNull(), { timeout: 30_000, interval: 50 });
    expect(runMissingSummary(reopened.db)).toBeNull();
  });
});
