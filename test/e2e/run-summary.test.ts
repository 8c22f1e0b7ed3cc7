import Database from 'better-sqlite3';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCommand } from '../../electron/backend/cli/commands/analyze';
import { tempDir } from '../support/paths';
import { startApp, type App } from './support/app';

/*
 * The run summary in browser mode (issue 15): a summary thread that fails is said on the overview
 * with a button that sums again; a run whose summary was never stored (`zeromile analyze`, a
 * crash) gets it when the case is opened. The thread is made to fail while a file exists
 * (ZEROMILE_FAULT_SUMMARY, read by the thread; set before the server's workers start).
 */
describe('the run summary on the overview', () => {
  let app: App;
  const temp = tempDir('zeromile-e2e-summary-');
  const fault = join(temp.dir, 'summary.fault');
  beforeAll(async () => {
    writeFileSync(fault, '');
    process.env.ZEROMILE_FAULT_SUMMARY = fault;
    try {
      app = await startApp({ demo: { vehicles: 200 } });
    } finally {
      delete process.env.ZEROMILE_FAULT_SUMMARY;
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    temp.remove();
  });

  const goOverview = () => app.page.evaluate(() => { (globalThis as unknown as { location: { hash: string } }).location.hash = '#/overview'; });
  const failed = () => app.page.getByRole('alert').filter({ hasText: 'could not be summed' });
  const byMonth = () => app.page.getByText('Zero-mileage exports by month', { exact: true }).first();

  it('says the summary failed and why, and sums it again when asked', { timeout: 90_000 }, async () => {
    await goOverview();
    await failed().waitFor({ timeout: 30_000 });
    expect(await failed().textContent()).toContain(`fault injected (${fault} exists)`);
    expect(await byMonth().count()).toBe(0);
    // The flags by rule come from the run itself.
    await app.page.getByText('Flags by rule', { exact: true }).first().waitFor();
    await app.screenshot('overview-summary-failed');
    rmSync(fault);
    await app.page.getByRole('button', { name: 'Sum the charts again' }).click();
    await byMonth().waitFor({ timeout: 60_000 });
    expect(await failed().count()).toBe(0);
  });

  it('sums a summary never stored when the case is opened, the overview pending until then', { timeout: 90_000 }, async () => {
    const path = app.casePath!;
    expect((await app.host.call('case:close', {})).ok).toBe(true);
    const db = new Database(path);
    db.exec('DELETE FROM run_flag_orders; DELETE FROM run_summaries;');
    db.close();
    expect((await app.host.call('case:open', { path })).ok).toBe(true);
    await app.page.reload();
    await goOverview();
    await byMonth().waitFor({ timeout: 60_000 });
    const check = new Database(path, { readonly: true });
    try {
      expect(check.prepare('SELECT count(*) FROM run_summaries').pluck().get()).toBe(1);
    } finally {
      check.close();
    }
  });

  it('sums a run committed by `zeromile analyze` while the case is open, once the overview shows it pending', { timeout: 90_000 }, async () => {
    // Before, the overview said "summing on a background thread" for ten minutes with no thread at it.
    const path = app.casePath!;
    const err: string[] = [];
    expect(await analyzeCommand.run([path], { out: () => undefined, err: (t) => { err.push(t); } })).toBe(0);
    const runId = Number(/run (\d+) committed/.exec(err.join('\n'))?.[1]);
    await app.page.reload();
    await goOverview();
    await byMonth().waitFor({ timeout: 60_000 });
    const check = new Database(path, { readonly: true });
    try {
      expect(check.prepare('SELECT count(*) FROM run_summaries WHERE run_id = ?').pluck().get(runId)).toBe(1);
    } finally {
      check.close();
    }
  });
});
