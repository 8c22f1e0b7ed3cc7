import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeDemo } from '../../electron/backend/demo/write-demo';
import { startApp, type App } from './support/app';

/*
 * The Rule runs screen in the analyst's language (probe 56 items 10 and 11): the grid names each
 * run's parameters by their labels, not their code names (zero_mileage_max_km=500), and its times
 * as date and time, in English and Chinese.
 */
type Globals = { location: { hash: string } };

async function openRuns(page: Page): Promise<void> {
  await page.evaluate(() => { (globalThis as unknown as Globals).location.hash = '#/overview'; });
  await page.evaluate(() => { (globalThis as unknown as Globals).location.hash = '#/runs'; });
  await page.locator('.ag-row .ag-cell[col-id="params"]').first().waitFor({ timeout: 20_000 });
}

describe('Rule runs in the analyst\'s language (browser mode)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({
      setup: async (host, dir) => {
        const demo = await writeDemo(join(dir, 'demo'), { vehicles: 100 });
        const imported = await host.call('import:files', { files: demo.files.map((f) => ({ path: join(demo.dir, f.file), name: f.file })) });
        if (!imported.ok) throw new Error(imported.error.message);
        const ran = await host.call('rules:run', {});
        if (!ran.ok) throw new Error(ran.error.message);
      },
    });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`names the run's parameters by their labels and its times as date and time (${lang})`, async () => {
      const { page } = app;
      await page.getByLabel('Language / 语言').selectOption(lang);
      await openRuns(page);
      const row = page.locator('.ag-row').first();
      const label = lang === 'en' ? 'Zero mileage: most km on the declaration = 500' : '零公里出口：报关单上最多公里数 = 500';
      await expect.poll(() => row.locator('.ag-cell[col-id="params"]').textContent(), { timeout: 15_000 }).toContain(label);
      const params = (await row.locator('.ag-cell[col-id="params"]').textContent())!;
      expect(params).toContain(lang === 'en' ? 'Zero mileage: most km on the declaration = 500' : '零公里出口：报关单上最多公里数 = 500');
      expect(params).not.toContain('zero_mileage_max_km');
      const started = (await row.locator('.ag-cell[col-id="started"]').textContent())!;
      expect(started).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      if (lang === 'zh') expect(started).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}$/);
      await app.screenshot(`rule-runs-words-${lang}`);
    }, 60_000);
  }
});
