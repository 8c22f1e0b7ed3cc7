import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { VehicleChain } from '../../shared/contract/chain';
import { withCheckDigit } from '../../shared/vin';
import { CLI } from '../support/paths';
import { startApp, type App } from './support/app';
import { demoFiles, goto, prepareCase, screensShown } from './support/case-steps';

/*
 * The workbench end to end in browser mode: the demo case imported, rules run from the UI, the
 * queue filtered by rule, a flagged vehicle's chain graph checked against `zeromile chain`,
 * a flag dismissed with a reason and found again by status, search, Chinese, and a screenshot of
 * every screen in test/output/.
 */
const EVIL = '<img src=x onerror="window.__zmXss=1">';
// A sales file with a party whose name is markup: it must show as text.
const EVIL_SALES = `发票号码,开票日期,车架号,销货单位名称,购买方名称,价税合计\nEVIL0001,2024-05-01,${withCheckDigit('LGXCE4CB0R0999017')},"${EVIL.replace(/"/g, '""')}",Ordinary Buyer Co,100000\n`;
type PageGlobals = { location: { hash: string }; __zmXss?: number };

/** Rows with data in a grid (AG Grid renders a row element per pinned section; cells only where columns are). */
async function gridRows(page: Page, label: string): Promise<number> {
  return page.locator(`[role="region"][aria-label="${label}"] .ag-row:has(.ag-cell[col-id]:not(:empty))`).count();
}

describe('workbench UI (browser mode)', () => {
  let app: App;
  let vin = '';

  beforeAll(async () => {
    app = await startApp({
      setup: async (host, dir) => {
        const evil = join(dir, 'evil-sales.csv');
        writeFileSync(evil, EVIL_SALES);
        // The rules are run from the UI below.
        await prepareCase(host, { files: [...await demoFiles(dir, 300), { path: evil, name: 'evil-sales.csv' }], run: false });
      },
    });
    await screensShown(app.page);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows the overview of the imported case with an empty-state hint to run the rules', async () => {
    const { page } = app;
    await goto(page, '#/overview');
    await expect.poll(() => page.getByRole('button', { name: /^Vehicles: \d+/ }).count()).toBe(1);
    await expect.poll(() => page.getByText('No flags yet').count()).toBeGreaterThan(0);
    await app.screenshot('workbench-overview-before-rules');
  });

  it('runs the rules from the Rule runs screen with parameters and progress', async () => {
    const { page } = app;
    await goto(page, '#/runs');
    await page.getByRole('button', { name: 'Run rules' }).click();
    await expect.poll(() => page.getByLabel('zero_mileage_max_km').inputValue()).toBe('500');
    await app.screenshot('workbench-rule-params');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.getByText(/Run 1 finished: [\d,]+ flags/).waitFor({ timeout: 60_000 });
    await expect.poll(() => gridRows(page, 'Rule runs')).toBe(1);
    await app.screenshot('workbench-rule-runs');
  }, 90_000);

  it('filters the flag queue by rule (sort and filter in SQL) and shows the exact count', async () => {
    const { page } = app;
    await goto(page, '#/overview');
    await page.locator('figure[aria-label="Flags by rule"]').waitFor();
    await app.screenshot('workbench-overview');
    await goto(page, '#/flags');
    await page.getByLabel('Rule', { exact: true }).selectOption('zero_mileage_export');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).location.hash)).toBe('#/flags?rule=zero_mileage_export');
    const expected = await app.host.call('flags:list', { start: 0, end: 1, count: true, filter: { rule: 'zero_mileage_export' } });
    if (!expected.ok) throw new Error(expected.error.message);
    expect(expected.value.count).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.count[data-count]').getAttribute('data-count')).toBe(String(expected.value.count));
    await expect.poll(() => gridRows(page, 'Flag queue')).toBeGreaterThan(0);
    const rules = await page.locator('[role="region"][aria-label="Flag queue"] .ag-row [col-id="rule"]').allTextContents();
    expect(new Set(rules)).toEqual(new Set(['Zero-mileage export']));
    // Sorting by days descending reorders the rows from SQL.
    await page.locator('[role="region"][aria-label="Flag queue"] .ag-header-cell[col-id="days"] .ag-header-cell-label').click();
    await page.locator('[role="region"][aria-label="Flag queue"] .ag-header-cell[col-id="days"] .ag-header-cell-label').click();
    await expect.poll(async () => {
      const days = (await page.locator('[role="region"][aria-label="Flag queue"] .ag-row[row-index="0"] [col-id="days"]').textContent()) ?? '';
      return Number(days.replace(/[^\d]/g, ''));
    }).toBeGreaterThan(0);
    await app.screenshot('workbench-flag-queue');
  }, 60_000);

  it('opens the flags of a city and of a month from the overview bars', async () => {
    const { page } = app;
    const hash = () => page.evaluate(() => decodeURIComponent((globalThis as unknown as PageGlobals).location.hash));
    const shownCount = () => page.locator('.count[data-count]').getAttribute('data-count');
    const countOf = async (filter: Record<string, string>) => {
      const answer = await app.host.call('flags:list', { start: 0, end: 1, count: true, filter });
      if (!answer.ok) throw new Error(answer.error.message);
      return String(answer.value.count);
    };
    await goto(page, '#/overview');
    const city = page.locator('figure[aria-label^="Regional inflation"] button').first();
    await city.waitFor();
    const cityName = (await city.locator('.chart-label').textContent()) ?? '';
    // The caption reads as the numbers do: zero-mileage exports out of first registrations, with the share.
    expect(await page.locator('figure[aria-label^="Regional inflation"] figcaption').textContent()).toBe('Regional inflation by city: zero-mileage exports / first registrations');
    const [zero, registered, pct] = /^([\d,]+) \/ ([\d,]+) \((\d+\.\d)%\)$/.exec((await city.locator('.chart-value').textContent()) ?? '')!.slice(1).map((v) => Number(v.replace(/,/g, '')));
    expect(zero).toBeLessThanOrEqual(registered!);
    expect(pct).toBeCloseTo((zero! / registered!) * 100, 1);
    await city.click();
    await expect.poll(hash).toBe(`#/flags?rule=zero_mileage_export&city=${cityName}`);
    const cityCount = await countOf({ rule: 'zero_mileage_export', city: cityName });
    expect(Number(cityCount)).toBeGreaterThan(0);
    await expect.poll(shownCount).toBe(cityCount);
    await expect.poll(() => page.locator('.toolbar .chip').textContent()).toBe(`Filtered by first registered in ${cityName}`);
    // The days bars (probe 56 item 3): each says "flags / exported vehicles" and opens those flags, the queue counting as many.
    await goto(page, '#/overview');
    const days = page.locator('figure[aria-label="Days from first registration to export"] button');
    await days.first().waitFor();
    const bars = await days.count();
    let opened = 0;
    for (let i = 0; i < bars; i++) {
      const bar = days.nth(i);
      const [flagged] = /^([\d,]+) \/ ([\d,]+)$/.exec((await bar.locator('.chart-value').textContent()) ?? '')!.slice(1).map((v) => Number(v.replace(/,/g, '')));
      if (flagged === 0) {
        expect(await bar.isDisabled()).toBe(true);
        continue;
      }
      const label = ((await bar.locator('.chart-label').textContent()) ?? '').trim();
      await bar.click();
      await expect.poll(hash).toMatch(/^#\/flags\?rule=zero_mileage_export&days_min=\d+(&days_max=\d+)?$/);
      await expect.poll(shownCount).toBe(String(flagged));
      const [min, max] = label.replace('+', '-').split('-');
      const answer = await app.host.call('flags:list', { start: 0, end: 1, count: true, filter: { rule: 'zero_mileage_export', days_min: Number(min), ...(max ? { days_max: Number(max) } : {}) } });
      expect(answer.ok && answer.value.count).toBe(flagged);
      opened++;
      await goto(page, '#/overview');
      await days.first().waitFor();
    }
    expect(opened).toBeGreaterThan(1);
    await goto(page, '#/overview');
    const month = page.locator('figure[aria-label="Zero-mileage exports by month"] button').first();
    await month.waitFor();
    await month.click();
    await expect.poll(hash).toMatch(/^#\/flags\?rule=zero_mileage_export&export_month=\d{4}-\d{2}$/);
    const monthKey = /export_month=(\d{4}-\d{2})/.exec(await hash())![1]!;
    const monthCount = await countOf({ rule: 'zero_mileage_export', export_month: monthKey });
    expect(Number(monthCount)).toBeGreaterThan(0);
    await expect.poll(shownCount).toBe(monthCount);
    await expect.poll(() => page.locator('.toolbar .chip').textContent()).toBe(`Filtered by exported in ${monthKey}`);
  }, 90_000);

  it('opens a flagged vehicle with Enter; its graph has one node per holder of `zeromile chain`', async () => {
    const { page } = app;
    const firstVin = page.locator('[role="region"][aria-label="Flag queue"] .ag-row[row-index="0"] [col-id="vin"]');
    vin = ((await firstVin.textContent()) ?? '').trim();
    expect(vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
    await firstVin.click();
    await page.keyboard.press('Enter');
    // The vehicle keeps its place in the queue (row 0 of the filtered queue) for j/k and Esc.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).location.hash)).toMatch(new RegExp(`^#/vehicle/${vin}\\?at=0&`));
    const graph = page.locator('[data-testid="chain-graph"]');
    await graph.waitFor();
    const chain = JSON.parse(execFileSync(process.execPath, [CLI, 'chain', app.casePath!, vin, '--json'], { encoding: 'utf8' })) as VehicleChain;
    expect(chain.holders.length).toBeGreaterThan(1);
    expect(await graph.getAttribute('data-node-count')).toBe(String(chain.holders.length));
    expect(await graph.getAttribute('data-edge-count')).toBe(String(chain.links.length));
    // The graph is drawn (a canvas in the container).
    expect(await graph.locator('canvas').count()).toBeGreaterThan(0);
    // Every record of the timeline opens its source: document, SHA-256 and row.
    await page.getByRole('button', { name: 'Source 1' }).click();
    const source = page.getByRole('dialog', { name: 'Source of this record' });
    await expect.poll(() => source.locator('dd.mono').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await app.screenshot('workbench-record-source');
    await source.getByRole('button', { name: 'Close' }).click();
    await app.screenshot('workbench-vehicle');
  }, 60_000);

  it('dismisses a flag only with a reason, and finds it again by status', async () => {
    const { page } = app;
    const line = page.locator('.flag-line').filter({ hasText: 'Zero-mileage export' }).first();
    const flagKey = await line.getAttribute('data-flag-key');
    await line.getByRole('button', { name: 'Dismiss' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dismiss' });
    await dialog.getByRole('button', { name: 'Dismiss' }).click();
    await dialog.getByText('A reason is required to dismiss.').waitFor();
    await dialog.getByLabel('Why is this flag not a finding?').fill('Demonstration vehicle returned to the maker; export was cancelled.');
    await dialog.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByText('Verdict saved: Dismissed').waitFor();
    await expect.poll(() => line.locator('.status').textContent()).toBe('Dismissed');

    await goto(page, '#/flags');
    await page.getByLabel('Review status').selectOption('dismissed');
    await expect.poll(() => page.locator('.count[data-count]').getAttribute('data-count')).toBe('1');
    await expect.poll(() => page.locator('[role="region"][aria-label="Flag queue"] .ag-row [col-id="vin"]').allTextContents()).toEqual([vin]);
    const stored = await app.host.call('flags:list', { start: 0, end: 10, count: true, filter: { status: 'dismissed' } });
    expect(stored.ok && stored.value.rows.map((r) => r.flag_key)).toEqual([flagKey]);
    await app.screenshot('workbench-flag-queue-dismissed');
  }, 60_000);

  it('records a verdict from the keyboard in the queue (c confirms the focused flag)', async () => {
    const { page } = app;
    await goto(page, '#/flags?status=open');
    const cell = page.locator('[role="region"][aria-label="Flag queue"] .ag-row[row-index="0"] [col-id="status"]');
    await expect.poll(() => cell.textContent()).toBe('Open');
    await cell.click();
    await page.keyboard.press('c');
    await expect.poll(() => cell.textContent()).toBe('Confirmed');
  }, 60_000);

  it('searches with Ctrl+K by part of a VIN and opens the match with Enter', async () => {
    const { page } = app;
    await goto(page, '#/overview');
    await page.keyboard.press('Control+k');
    const box = page.getByRole('combobox', { name: 'Search' });
    await box.fill(vin.slice(-8));
    await page.getByRole('listbox', { name: 'Search' }).getByRole('option').first().waitFor();
    await app.screenshot('workbench-search');
    await box.press('Enter');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as PageGlobals).location.hash)).toBe(`#/vehicle/${vin}`);
  }, 60_000);

  it('shows a party named with markup as text, and the party screen with its network', async () => {
    const { page } = app;
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Search' }).fill('<img src');
    const option = page.getByRole('listbox', { name: 'Search' }).getByRole('option').first();
    await expect.poll(() => option.textContent()).toContain(EVIL);
    await page.getByRole('combobox', { name: 'Search' }).press('Enter');
    await page.getByRole('heading', { name: EVIL }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__zmXss)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    // A real intermediary's party screen: figures and the network graph.
    await goto(page, `#/vehicle/${vin}`);
    await page.locator('[data-testid="chain-graph"]').waitFor();
    const chain = JSON.parse(execFileSync(process.execPath, [CLI, 'chain', app.casePath!, vin, '--json'], { encoding: 'utf8' })) as VehicleChain;
    const trader = chain.holders.find((h) => h.role === 'trader' || h.role === 'exporter');
    expect(trader?.party_id).toBeTruthy();
    await goto(page, `#/party/${trader!.party_id}`);
    const network = page.locator('[data-testid="party-network"]');
    await network.waitFor();
    await expect.poll(async () => Number(await network.getAttribute('data-node-count'))).toBeGreaterThan(1);
    await app.screenshot('workbench-party');
  }, 60_000);

  it("masks a person's ID number in the search palette, found by name or by the number's beginning, and shows a hit's detail in Chinese", async () => {
    const { page } = app;
    const db = new Database(app.casePath!, { readonly: true });
    const person = db.prepare("SELECT name, party_id FROM parties WHERE is_person = 1 AND length(party_id) = 18 ORDER BY id LIMIT 1").get() as { name: string; party_id: string };
    db.close();
    const masked = `${person.party_id.slice(0, 6)}${'*'.repeat(11)}${person.party_id.slice(-1)}`;
    const box = page.getByRole('combobox', { name: 'Search' });
    const options = page.getByRole('listbox', { name: 'Search' }).getByRole('option');
    await goto(page, '#/overview');
    for (const q of [person.name, person.party_id.slice(0, 10), person.party_id]) {
      await page.keyboard.press('Control+k');
      await box.fill(q);
      await expect.poll(() => options.allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringContaining(`${person.name}${masked}`));
      expect((await options.allTextContents()).join(' '), q).not.toContain(person.party_id);
      await box.press('Escape');
    }
    await page.getByLabel('Language / 语言').selectOption('zh');
    await page.keyboard.press('Control+k');
    const zhBox = page.getByRole('combobox', { name: '搜索' });
    await zhBox.fill('EVIL0001');
    await expect.poll(() => page.getByRole('listbox', { name: '搜索' }).getByRole('option').first().textContent(), { timeout: 15_000 }).toContain('发票 EVIL0001');
    await app.screenshot('workbench-search-zh');
    await zhBox.press('Escape');
    await page.getByLabel('Language / 语言').selectOption('en');
  }, 60_000);

  it('shows the vehicles, parties, documents and rejected rows grids', async () => {
    const { page } = app;
    for (const [hash, label] of [['#/vehicles', 'Vehicles'], ['#/parties', 'Parties'], ['#/documents', 'Documents'], ['#/rejected', 'Rejected rows']] as const) {
      await goto(page, hash);
      await expect.poll(() => gridRows(page, label), { timeout: 15_000 }).toBeGreaterThan(0);
      await app.screenshot(`workbench-${label.toLowerCase().replace(/ /g, '-')}`);
    }
    // Persons apart from companies, their ID masked; a foreign buyer with the country of its declarations.
    await goto(page, '#/parties');
    const grid = page.locator('[role="region"][aria-label="Parties"]');
    const filter = page.getByLabel('Name starts with');
    await filter.fill('王');
    await filter.press('Enter');
    await expect.poll(() => grid.locator('.ag-cell[col-id="is_person"]').allTextContents(), { timeout: 15_000 }).toContain('Person');
    // The grid draws its cells a row at a time: wait until a person's ID cell has drawn.
    const personIdCells = () => grid.locator('.ag-row:has(.ag-cell[col-id="is_person"]:text-is("Person")) .ag-cell[col-id="party_id"]').allTextContents();
    await expect.poll(async () => (await personIdCells()).filter(Boolean).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const personIds = (await personIdCells()).filter(Boolean);
    for (const id of personIds) expect(id).toMatch(/^\d{6}\*{11}[\dX]$/);
    await filter.fill('OOO');
    await filter.press('Enter');
    await expect.poll(() => grid.locator('.ag-cell[col-id="country"]').allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringMatching(/\((RU|UZ)\)$/));
    expect(await grid.locator('.ag-cell[col-id="is_person"]').allTextContents()).not.toContain('Person');
    await app.screenshot('workbench-parties-kinds');
  }, 90_000);

  it('switches every screen to Chinese, with dates and numbers for the locale', async () => {
    const { page } = app;
    await page.getByLabel('Language / 语言').selectOption('zh');
    await expect.poll(() => page.locator('nav[aria-label="页面"] a').allTextContents()).toEqual(['概览', '预警队列', '车辆', '主体', '文件', '待审核文件', '被拒行', '规则运行', '规则包']);
    await goto(page, '#/overview');
    await page.locator('figure[aria-label="按规则统计预警"]').waitFor();
    await expect.poll(() => page.getByText('零公里出口').count()).toBeGreaterThan(0);
    await app.screenshot('workbench-overview-zh');
    await goto(page, '#/flags');
    await expect.poll(() => page.locator('.count').textContent()).toMatch(/条预警$/);
    await app.screenshot('workbench-flag-queue-zh');
    await goto(page, `#/vehicle/${vin}`);
    await page.locator('[data-testid="chain-graph"]').waitFor();
    await expect.poll(() => page.locator('table[aria-label="记录时间线"] tbody tr td').nth(1).textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    await app.screenshot('workbench-vehicle-zh');
    await page.getByLabel('Language / 语言').selectOption('en');
  }, 60_000);
});
