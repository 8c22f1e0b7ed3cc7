import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFixtures } from '../support/document-fixtures';
import { invoiceForm } from '../support/invoice-scans';
import { startApp, type App } from './support/app';
import { dropFiles } from './support/drop';

// An invoice whose code is printed a digit short: the review screen leaves the code empty and says
// why beside it, with what the page holds, in English and Chinese; the analyst types the code from
// the page and the sale is written with it, with the price and the rest as read.
describe('an invoice value left empty for its format, on the review screen', () => {
  const form = invoiceForm(47, 8, { broken: 'short_code' });
  const printed = /发票代码 (\d+)/.exec(form.html)![1]!;
  const code = `${printed}7`;
  let app: App;
  let pdf: string;

  beforeAll(async () => {
    pdf = (await renderFixtures({ [form.name]: form.html }, { png: false }))[form.name]!.pdf;
    app = await startApp();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('shows the mark in both languages and writes the code the analyst types into the sale', { timeout: 90_000 }, async () => {
    const page = app.page;
    await page.getByRole('navigation').getByRole('link', { name: 'Documents to review' }).click();
    await dropFiles(page, [{ name: 'short-code.pdf', path: pdf }]);
    const panel = page.getByRole('region', { name: 'Import' });
    await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 60_000 }).toBe('finished');
    await panel.getByRole('button', { name: 'Close' }).click();
    const row = page.getByRole('table', { name: 'Proposed records' }).locator('tbody tr', { hasText: 'short-code' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.locator('.zm-review-mark').textContent()).toContain('1 value to check');
    await row.click();

    const form_ = page.getByRole('form', { name: 'Fields read' });
    const field = form_.locator('label[data-field="invoice_code"]');
    expect(await field.getAttribute('class')).toContain('marked');
    // Listed with the values read (after them), not among the empty columns at the end.
    const order = await form_.locator('label[data-field]').evaluateAll((labels) => labels.map((l) => (l as unknown as { dataset: { field: string } }).dataset.field));
    expect(order.indexOf('invoice_code')).toBe(Object.keys(form.truth).length);
    expect(await field.locator('[data-mark="format_failed"]').textContent())
      .toBe(`Left empty: the page reads ${printed}, which is not an invoice code (10 or 12 digits). Read it on the page and type it, or accept without it`);
    expect(await form_.getByLabel('Invoice code', { exact: true }).inputValue()).toBe('');
    expect(await form_.getByLabel('Total price', { exact: true }).inputValue()).toBe(String(form.truth.price));

    const language = page.getByRole('combobox', { name: 'Language / 语言' });
    await language.selectOption('zh');
    const zhField = page.getByRole('form', { name: '读取的字段' }).locator('label[data-field="invoice_code"]');
    await expect.poll(() => zhField.locator('[data-mark="format_failed"]').textContent())
      .toBe(`未填入：原页识别为 ${printed}，不是发票代码（10 位或 12 位数字）。请对照原页填写，或不填此项接受`);
    await app.screenshot('invoice-marks-zh');
    await language.selectOption('en');

    await form_.getByLabel('Invoice code', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Accept with corrections' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Accepted' }).count(), { timeout: 10_000 }).toBe(1);
    const db = new Database(app.casePath!, { readonly: true });
    try {
      expect(db.prepare('SELECT invoice_code, invoice_no, invoice_date, price, currency, page FROM sales').all()).toEqual([{
        invoice_code: code, invoice_no: form.truth.invoice_no, invoice_date: form.truth.invoice_date, price: form.truth.price, currency: 'CNY', page: 1,
      }]);
    } finally {
      db.close();
    }
  });
});
