import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './support/app';
import { dropFiles } from './support/drop';
import { caseDataValues, untranslatedWords } from './support/latin-text';

/*
 * Every screen of a demo case in Chinese: the text a user reads (visible text, placeholders,
 * tooltips on screen) holds no Latin word but the case's own values (names, files, VINs, plates,
 * numbers, codes) and a few technical names. Flag reasons, timeline lines, reject reasons, run
 * status, document kinds, fuel and maker names included. One browser, one demo case.
 */
type Found = { screen: string; text: string; words: string[] };

async function shownTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const visible = (el: Element | null) => !!el && (el as HTMLElement).getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const parent = n.parentElement;
      if (!text || !parent || parent.closest('script, style, svg title, option:not(:checked)')) continue;
      if (visible(parent)) texts.push(text);
    }
    for (const el of Array.from(document.querySelectorAll('input[placeholder], textarea[placeholder]'))) if (visible(el)) texts.push((el as HTMLInputElement).placeholder);
    return texts;
  });
}

describe('every screen in Chinese (browser mode, demo case)', () => {
  let app: App;
  let data: string[] = [];
  const found: Found[] = [];

  async function walk(screen: string, hash: string, ready: string): Promise<void> {
    const { page } = app;
    await page.evaluate((h) => { (globalThis as unknown as { location: { hash: string } }).location.hash = h; }, hash);
    await page.locator(ready).first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(400); // grids fill their first block
    await page.locator('text=加载中').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    for (const text of await shownTexts(page)) {
      const words = untranslatedWords(text, data);
      if (words.length > 0) found.push({ screen, text: text.slice(0, 160), words });
    }
    await app.screenshot(`zh-walk-${screen}`);
  }

  beforeAll(async () => {
    app = await startApp({ demo: { vehicles: 200, seed: 3 } });
    data = caseDataValues(app.casePath!);
    await app.page.getByLabel('Language / 语言').selectOption('zh');
    await app.page.locator('nav[aria-label="页面"]').waitFor();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows no untranslated text on any screen', async () => {
    const { host } = app;
    const flags = await host.call('flags:list', { start: 0, end: 1, filter: { rule: 'zero_mileage_export' }, count: false });
    if (!flags.ok) throw new Error(flags.error.message);
    const vin = flags.value.rows[0]!.vin!;
    const party = await host.call('flags:list', { start: 0, end: 1, filter: { rule: 'trade_intermediary' }, count: false });
    if (!party.ok) throw new Error(party.error.message);
    const partyId = party.value.rows[0]!.party_id!;

    await walk('overview', '#/overview', 'figure');
    await walk('flags', '#/flags', '.ag-row .ag-cell[col-id="reason"]');
    await walk('flags-rule', '#/flags?rule=timeline_conflict', '.ag-row .ag-cell[col-id="reason"]');
    await walk('vehicles', '#/vehicles', '.ag-row .ag-cell[col-id="vin"]');
    await walk('vehicle', `#/vehicle/${vin}`, '.flag-line');
    await walk('parties', '#/parties', '.ag-row .ag-cell[col-id="name"]');
    await walk('party', `#/party/${partyId}`, 'h1');
    await walk('documents', '#/documents', '.ag-row .ag-cell[col-id="id"]');
    await walk('review', '#/review', 'h1');
    await walk('rejected', '#/rejected', '.ag-row .ag-cell[col-id="id"]');
    await walk('runs', '#/runs', '.ag-row .ag-cell');
    await walk('packs', '#/packs', 'h1');

    // Refused files: the import panel says why in Chinese (message keys, not the backend's English).
    await dropFiles(app.page, [
      { name: 'binary.csv', text: 'PK\u0000\u0000\u0000\u0001binary' },
      { name: 'headers.csv', text: 'colour,weight\nred,1\n' },
      { name: 'empty.csv', text: '' },
    ]);
    const refused = app.page.locator('.zm-drop-file[data-status="refused"]');
    await expect.poll(() => refused.count(), { timeout: 30_000 }).toBe(3);
    for (const text of await refused.locator('.zm-drop-status').allTextContents()) {
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      // Quoted: the file's own headers, data.
      const words = untranslatedWords(text.replace(/"[^"]*"/g, ' '), data);
      if (words.length > 0) found.push({ screen: 'import-refused', text, words });
    }
    await app.page.locator('.zm-drop-panel').getByRole('button', { name: '关闭' }).click();
    // The days histogram counts apart the exported vehicles it cannot place.
    await walk('overview-days', '#/overview', 'figure');
    expect(await app.page.getByText(/^未计入图表的已出口车辆：无登记记录 [\d,]+ 辆，登记前已出口 [\d,]+ 辆$/).count()).toBe(1);

    const report = found.map((f) => `${f.screen}: ${f.words.join(' ')} ← ${f.text}`);
    process.stderr.write(`zh walk: ${found.length} untranslated texts\n${[...new Set(report)].slice(0, 80).join('\n')}\n`);
    expect([...new Set(report)]).toEqual([]);
  }, 180_000);
});
