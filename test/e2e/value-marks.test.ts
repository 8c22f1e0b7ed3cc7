import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../shared/vin';
import { startApp, type App } from './support/app';
import { dropFiles } from './support/drop';

type PageGlobals = { location: { hash: string } };

const VIN = withCheckDigit('LGXCE4CB0R0000041');
const PLAIN = withCheckDigit('LGXCE4CB0R0000042');

// A CSV cell 45663 was shown as "6 Jan 2025" and 14.5万元 as CNY 145000 with no word that the file
// wrote otherwise: the vehicle's timeline marks each such value where it shows, with the text as
// written and why in its title, in English and Chinese; the import panel counts them.
describe('values read differently from how the file wrote them, on the vehicle page', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('marks the date and the price of the line, and not a plain line', { timeout: 90_000 }, async () => {
    const page = app.page;
    const text = ['发票号码,开票日期,车架号,销售方名称,购货单位,车价合计',
      `20000001,45663,${VIN},比亚迪汽车工业有限公司,李娜,14.5万元`,
      `20000002,2025-01-07,${PLAIN},比亚迪汽车工业有限公司,李娜,99000`].join('\r\n');
    await dropFiles(page, [{ name: 'marks.csv', text }]);
    const panel = page.getByRole('region', { name: 'Import' });
    await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 60_000 }).toBe('finished');
    expect(await panel.locator('[data-note="read-differently"] summary').textContent())
      .toBe('2 values read differently from how they were written, each marked where the record shows it: 1 date read from an Excel day number, 1 amount in 万元 multiplied out');
    await panel.getByRole('button', { name: 'Close' }).click();

    await page.evaluate((v) => { (globalThis as unknown as PageGlobals).location.hash = `#/vehicle/${v}`; }, VIN);
    const timeline = page.getByRole('table', { name: 'Timeline' });
    const row = timeline.locator('tbody tr').first();
    await row.waitFor({ timeout: 15_000 });
    const marks = row.locator('.value-mark');
    expect(await marks.count()).toBe(2);
    // The date's mark sits in the date cell, the price's by the line that shows it.
    expect(await row.locator('td').nth(1).locator('.value-mark').getAttribute('title'))
      .toBe('Read differently from how the file wrote it\ninvoice date: written "45663", read as an Excel day number, 2025-01-06 (a guess: the file does not say the cell is a date)');
    expect(await row.locator('td').nth(5).locator('.value-mark').getAttribute('title'))
      .toBe('Read differently from how the file wrote it\nprice: written "14.5万元", read as 145000 (万元 is ten thousand yuan)');
    await app.screenshot('value-marks-vehicle');

    await page.getByRole('combobox', { name: 'Language / 语言' }).selectOption('zh');
    await expect.poll(() => page.getByRole('table', { name: '记录时间线' }).locator('tbody tr').first().locator('td').nth(5).locator('.value-mark').getAttribute('title'))
      .toBe('读法与文件原文不同\n价格：原文为 "14.5万元"，读作 145000（万元即一万元）');
    await page.getByRole('combobox', { name: 'Language / 语言' }).selectOption('en');

    await page.evaluate((v) => { (globalThis as unknown as PageGlobals).location.hash = `#/vehicle/${v}`; }, PLAIN);
    const plain = page.getByRole('table', { name: 'Timeline' }).locator('tbody tr').first();
    await expect.poll(() => plain.locator('td').nth(1).textContent(), { timeout: 15_000 }).toContain('2025');
    expect(await page.locator('.value-mark').count()).toBe(0);
  });
});
