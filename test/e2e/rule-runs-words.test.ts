import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type App } from './support/app';
import { demoFiles, goto, prepareCase } from './support/case-steps';

/*
 * The Rule runs screen in the analyst's language (probe 56 items 10 and 11): the grid names each
 * run's parameters by their labels, not their code names (zero_mileage_max_km=500), and its times
 * as date and time; AG Grid's own labels (pagination, checkbox states) are in the screen's
 * language; a bad parameter is refused by the form in the app's words, not by the browser's
 * native bubble in the browser's language. In English and Chinese.
 */
async function openRuns(page: Page): Promise<void> {
  await goto(page, '#/overview');
  await goto(page, '#/runs');
  await page.locator('.ag-row .ag-cell[col-id="params"]').first().waitFor({ timeout: 20_000 });
}

describe('Rule runs in the analyst\'s language (browser mode)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ setup: async (host, dir) => prepareCase(host, { files: await demoFiles(dir, 100) }) });
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

  for (const lang of ['en', 'zh'] as const) {
    it(`labels AG Grid's pagination and checkboxes in the screen's language (${lang})`, async () => {
      const { page } = app;
      await page.getByLabel('Language / 语言').selectOption(lang);
      await openRuns(page);
      const labels = await page.locator('.ag-root-wrapper [aria-label]').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
      const paging = ['.ag-paging-panel .ag-picker-field-wrapper', '.ag-paging-button >> nth=0', '.ag-paging-page-summary-panel input'];
      const shown = await Promise.all(paging.map((sel) => page.locator(sel).first().getAttribute('aria-label')));
      expect(shown).toEqual(lang === 'en' ? ['Page Size', 'First Page', 'Page number, 1 of 1'] : ['每页行数', '第一页', '页 码, 1 / 1']);
      if (lang === 'zh') expect(labels.filter((l) => /[A-Za-z]{2,}/.test(l.replace(/ZeroMile/g, '')))).toEqual([]);
      // The flag queue's row checkboxes say their state in the same language.
      await goto(page, '#/flags');
      const box = page.locator('.ag-root-wrapper .ag-row input[type=checkbox]').first();
      await box.waitFor({ timeout: 20_000 });
      expect(await box.getAttribute('aria-label')).toBe(lang === 'en' ? 'Press Space to toggle row selection (unchecked)' : '按空格键切换此行的选中状态 (未选中)');
    }, 60_000);

    it(`refuses a bad parameter in the app's words and starts no run (${lang})`, async () => {
      const { page, host } = app;
      await page.getByLabel('Language / 语言').selectOption(lang);
      await openRuns(page);
      const before = await host.call('grid:rule-runs', { start: 0, end: 10, count: true });
      await page.getByRole('button', { name: lang === 'en' ? 'Run rules' : '运行规则' }).click();
      const field = page.locator('input[name="zero_mileage_max_km"]');
      await field.fill('-1');
      await page.locator('input[name="rapid_resale_days"]').fill('2.5');
      await page.getByRole('button', { name: lang === 'en' ? 'Start run' : '开始运行' }).click();
      const problem = page.locator('[data-param-problem="zero_mileage_max_km"]');
      await expect.poll(() => problem.textContent()).toBe(lang === 'en' ? 'Write a number from 0 to 1,000,000.' : '请填写 0 到 1,000,000 之间的数。');
      expect(await page.locator('[data-param-problem="rapid_resale_days"]').textContent()).toBe(lang === 'en' ? 'Write a whole number.' : '请填写整数。');
      expect(await page.locator('form.params [role="alert"]').textContent())
        .toBe(lang === 'en' ? 'The run was not started: 2 parameters need correcting.' : '未开始运行：有 2 个参数需要更正。');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      // The form checks the values itself: the browser's own check (and its bubble) is off, and the focus is on the first bad field.
      expect(await page.locator('form.params').evaluate((f) => (f as unknown as { noValidate: boolean }).noValidate)).toBe(true);
      expect(await field.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
      await app.screenshot(`rule-runs-bad-param-${lang}`);
      const after = await host.call('grid:rule-runs', { start: 0, end: 10, count: true });
      expect(after.ok && after.value.count).toBe(before.ok && before.value.count);
      // Corrected, the message goes and the run starts.
      await field.fill('500');
      await page.locator('input[name="rapid_resale_days"]').fill('30');
      expect(await problem.count()).toBe(0);
      await page.getByRole('button', { name: lang === 'en' ? 'Start run' : '开始运行' }).click();
      await page.getByText(lang === 'en' ? /^Run \d+ finished/ : /^第 \d+ 次运行完成/).waitFor({ timeout: 60_000 });
    }, 90_000);
  }
});
