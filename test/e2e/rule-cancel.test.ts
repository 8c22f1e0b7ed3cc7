import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { writeRulesBenchCase } from '../bench/rules-bench-case';
import { tempDir } from '../support/paths';
import { startApp, type App } from './support/app';

/*
 * A rule run long enough to stop: 100,000 vehicles (built by bulk SQL, as the rules bench does),
 * the run started from the Rule runs screen and cancelled from its progress bar.
 */
describe('cancelling a rule run', () => {
  let app: App;
  const temp = tempDir();
  beforeAll(async () => {
    const casePath = join(temp.dir, 'long-run.zmcase');
    const caseFile = openCaseFile(casePath, { create: { title: 'Long run' } });
    writeRulesBenchCase(caseFile.db, 100_000);
    caseFile.close();
    app = await startApp({ casePath });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    temp.remove();
  });

  it('stops the run from its progress bar and saves nothing; the next run completes', async () => {
    const { page } = app;
    await page.evaluate(() => { (globalThis as unknown as { location: { hash: string } }).location.hash = '#/runs'; });
    await page.getByRole('button', { name: 'Run rules' }).click();
    await page.getByRole('button', { name: 'Start run' }).click();
    const cancel = page.getByRole('button', { name: 'Cancel run' });
    await cancel.waitFor();
    await app.screenshot('rule-run-in-progress');
    await cancel.click();
    await page.getByText('Run cancelled: nothing was saved.').waitFor({ timeout: 60_000 });
    await page.locator('.ag-overlay-no-rows-center', { hasText: 'No rule runs yet. Use Run rules to start one.' }).waitFor();
    await app.screenshot('rule-run-cancelled');
    expect(await app.host.call('grid:rule-runs', { start: 0, end: 10, count: true })).toEqual({ ok: true, value: { rows: [], count: 0 } });
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.getByText(/Run 1 finished: [\d,]+ flags/).waitFor({ timeout: 60_000 });
  }, 120_000);
});
