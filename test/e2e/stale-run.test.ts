import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './support/app';
import { demoFiles, goto, prepareCase, screensShown } from './support/case-steps';

/*
 * Probe 56 item 2: after an import nothing said the flags were out of date. Records imported after
 * the latest rule run are named on the overview, the queue, the vehicle page (with the vehicle's own
 * files) and the party page, in English and Chinese, with a button that opens the run's form with
 * Start focused; nothing runs by itself, and the notice goes once the rules are run again.
 */
type Globals = { location: { hash: string }; document: { activeElement: { getAttribute(a: string): string | null } | null } };

const notice = (page: Page) => page.locator('.stale-run');

describe('flags out of date after an import (browser mode)', () => {
  let app: App;
  let vin = '';
  let party = 0;

  beforeAll(async () => {
    app = await startApp({ setup: async (host, dir) => prepareCase(host, { files: await demoFiles(dir, 100) }) });
    await screensShown(app.page);
    const vehicles = await app.host.call('grid:vehicles', { start: 0, end: 1 });
    const parties = await app.host.call('grid:parties', { start: 0, end: 1 });
    if (!vehicles.ok || !parties.ok) throw new Error('no vehicles or parties');
    vin = vehicles.value.rows[0]!.vin;
    party = parties.value.rows[0]!.id;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('says nothing while the run describes the case', async () => {
    const { page } = app;
    await goto(page, '#/overview');
    await page.locator('figure[aria-label="Flags by rule"]').waitFor();
    await goto(page, `#/vehicle/${vin}`);
    await page.getByRole('region', { name: 'Flags' }).or(page.locator('.flag-list')).first().waitFor();
    expect(await notice(page).count()).toBe(0);
  }, 60_000);

  it('names what was imported after the run on the overview, the queue, the vehicle and the party page, and runs nothing', async () => {
    const { page, host } = app;
    const file = join(app.dir, 'late-sales.csv');
    writeFileSync(file, `invoice_no,invoice_date,vin,seller,buyer,price\r\n99000001,2026-11-30,${vin},Late Trader Co,Export Co,150300\r\n`);
    const imported = await host.call('import:files', { files: [{ path: file, name: 'late-sales.csv' }] });
    expect(imported.ok && imported.value.files[0]!.imported).toBe(1);
    const runs = await host.call('grid:rule-runs', { start: 0, end: 10, count: true });
    expect(runs.ok && runs.value.count).toBe(1);
    const line = /^1 file imported after the latest rule run \(#1, .+\): flags may be out of date\. Run the rules again\. Run the rules again…$/;
    await goto(page, '#/overview');
    await expect.poll(() => notice(page).textContent(), { timeout: 15_000 }).toMatch(line);
    await app.screenshot('stale-run-overview');
    await goto(page, '#/flags');
    await expect.poll(() => notice(page).textContent(), { timeout: 15_000 }).toMatch(line);
    await goto(page, `#/vehicle/${vin}`);
    await expect.poll(() => notice(page).locator('strong').textContent(), { timeout: 15_000 })
      .toMatch(/^Records of this vehicle came after the latest rule run \(#1, .+\), from late-sales\.csv: its flags may be out of date\.$/);
    await app.screenshot('stale-run-vehicle');
    await goto(page, `#/party/${party}`);
    await expect.poll(() => notice(page).textContent(), { timeout: 15_000 }).toMatch(line);
    await page.getByLabel('Language / 语言').selectOption('zh');
    await expect.poll(() => notice(page).textContent(), { timeout: 15_000 }).toMatch(/^最近一次规则运行（#1，.+）之后导入了 1 个文件：预警可能已过时。请重新运行规则。 重新运行规则…$/);
    await goto(page, `#/vehicle/${vin}`);
    await expect.poll(() => notice(page).locator('strong').textContent(), { timeout: 15_000 }).toMatch(/^本车辆有记录晚于最近一次规则运行（#1，.+），来自 late-sales\.csv：其预警可能已过时。$/);
    await page.getByLabel('Language / 语言').selectOption('en');
    // Still one run: nothing started by itself.
    const still = await host.call('grid:rule-runs', { start: 0, end: 10, count: true });
    expect(still.ok && still.value.count).toBe(1);
  }, 90_000);

  it('opens the run form with Start focused from the notice; Enter runs, and the notice goes', async () => {
    const { page } = app;
    await goto(page, '#/overview');
    await notice(page).getByRole('button', { name: 'Run the rules again…' }).click();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as Globals).location.hash)).toBe('#/runs?start=1');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as Globals).document.activeElement?.getAttribute('aria-label') ?? null)).toBe('Start run');
    await page.keyboard.press('Enter');
    await page.getByText(/Run 2 finished: [\d,]+ flags/).waitFor({ timeout: 60_000 });
    await goto(page, '#/overview');
    await page.locator('figure[aria-label="Flags by rule"]').waitFor();
    await goto(page, `#/vehicle/${vin}`);
    await page.locator('.flag-list').waitFor();
    await expect.poll(() => notice(page).count(), { timeout: 10_000 }).toBe(0);
  }, 90_000);
});
