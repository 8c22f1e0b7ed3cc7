import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withCheckDigit } from '../../shared/vin';
import { startApp, type App } from './support/app';
import { dropFiles } from './support/drop';

/*
 * Probe 56 item 9: at 1024 x 700 in Chinese, a workbook refused for a 40,000-character cell quoted
 * the cell's first 200 characters with no break, which ran past the import panel's right edge and
 * was clipped; the panel's counts printed 31440 beside a line saying 31,440. Now the refusal wraps
 * inside the panel and every figure in it has the app's thousands separator, in English and Chinese.
 */
type Geometry = { panelRight: number; panelScroll: number; panelWidth: number; statusRight: number };

async function geometry(page: Page, file: string): Promise<Geometry> {
  return page.evaluate((name) => {
    type El = { getBoundingClientRect(): { right: number }; scrollWidth: number; clientWidth: number; querySelector(s: string): El | null };
    const doc = (globalThis as unknown as { document: { querySelector(s: string): El | null } }).document;
    const panel = doc.querySelector('.zm-drop-panel')!;
    const status = panel.querySelector(`li[data-file="${name}"] .zm-drop-status`)!;
    return { panelRight: panel.getBoundingClientRect().right, panelScroll: panel.scrollWidth, panelWidth: panel.clientWidth, statusRight: status.getBoundingClientRect().right };
  }, file);
}

describe('import panel: long refusals wrap, figures grouped (browser mode)', () => {
  let app: App;
  let workbook = '';
  const rows = 1500;
  let sales = '';
  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1024, height: 700 } });
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('报关单');
    sheet.addRow(['海关编号', '出口日期', 'VIN', '经营单位', '境外收货人', '最终目的国(地区)']);
    sheet.addRow(['531620260000000009', '2026-01-21', withCheckDigit('LGXCE4CB0TA900004'), 'x'.repeat(40_000), 'TOO Test', 'KZ']);
    workbook = join(app.dir, 'huge-cell.xlsx');
    writeFileSync(workbook, Buffer.from(await book.xlsx.writeBuffer()));
    sales = ['invoice_no,invoice_date,vin,seller,buyer,price',
      ...Array.from({ length: rows }, (_, i) => `${30000000 + i},2026-01-05,${withCheckDigit(`LGXCE4CB0TB${String(i).padStart(6, '0')}`)},比亚迪汽车工业有限公司,深圳测试贸易有限公司,168000`)].join('\r\n');
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('wraps the refusal inside the panel and groups the counts, in Chinese and English', { timeout: 120_000 }, async () => {
    const { page } = app;
    await page.getByLabel('Language / 语言').selectOption('zh');
    await dropFiles(page, [{ name: 'huge-cell.xlsx', path: workbook }, { name: 'sales.csv', text: sales }]);
    await page.getByRole('region', { name: '导入' }).waitFor();
    const panel = page.locator('.zm-drop-panel');
    await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 90_000 }).toBe('finished');
    const refused = panel.locator('li[data-file="huge-cell.xlsx"]');
    expect(await refused.getAttribute('data-status')).toBe('refused');
    const reason = await refused.locator('.zm-drop-status').textContent();
    expect(reason).toContain('x'.repeat(150));
    await app.screenshot('import-panel-wrap-zh');
    for (const lang of ['zh', 'en'] as const) {
      if (lang === 'en') await page.getByLabel('Language / 语言').selectOption('en');
      const g = await geometry(page, 'huge-cell.xlsx');
      // The quoted cell wraps: nothing runs past the panel's edge, and the panel does not scroll sideways.
      expect(g.statusRight).toBeLessThanOrEqual(g.panelRight);
      expect(g.panelScroll).toBeLessThanOrEqual(g.panelWidth);
      const done = panel.locator('li[data-file="sales.csv"]');
      expect(await done.locator('[data-count="imported"]').textContent()).toBe('1,500');
      expect(await done.locator('.zm-drop-status').textContent()).toBe(lang === 'zh' ? '已导入 1,500 行，拒绝 0 行' : '1,500 imported, 0 rejected');
      expect(await panel.locator('.zm-drop-totals').textContent()).toBe(lang === 'zh'
        ? '2 个文件：导入 1,500 行，拒绝 0 行，1 个文件被拒绝'
        : '2 files: 1,500 rows imported, 0 rejected, 1 refused');
    }
    await app.screenshot('import-panel-wrap-en');
  });
});
