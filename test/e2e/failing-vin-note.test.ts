import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFixtures } from '../support/document-fixtures';
import { invoiceForm } from '../support/invoice-scans';
import { startApp, type App } from './support/app';
import { dropFiles } from './support/drop';

// helper-65's probe, defect 16: an invoice whose VIN fails its check digit was summed up as "0 VINs found"
// though its proposed sale carries the mark; the import panel now says what the page prints, in English and Chinese.
describe('a dropped invoice whose VIN fails its check digit', () => {
  const form = invoiceForm(48, 3);
  const vin = String(form.truth.vin);
  // One character changed, so the check digit no longer holds: what the page prints.
  const printed = `${vin.slice(0, 10)}${vin[10] === 'A' ? 'B' : 'A'}${vin.slice(11)}`;
  let app: App;
  let pdf: string;

  beforeAll(async () => {
    pdf = (await renderFixtures({ 'bad-vin': form.html.replaceAll(vin, printed) }, { png: false }))['bad-vin']!.pdf;
    app = await startApp();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('names the VIN as printed and that it fails its check digit', { timeout: 90_000 }, async () => {
    const page = app.page;
    await page.getByLabel('Language / 语言').selectOption('zh');
    await dropFiles(page, [{ name: 'single-bad.pdf', path: pdf }]);
    const panel = page.locator('.zm-drop-panel');
    await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 60_000 }).toBe('finished');
    const note = panel.locator('li[data-file="single-bad.pdf"] [data-note="vin-check-failed"]');
    expect(await note.textContent()).toBe(`校验位不符的车辆识别代号（印作 ${printed}）：在提议记录中留空，已标记待审核。`);
    await page.getByLabel('Language / 语言').selectOption('en');
    await expect.poll(() => note.textContent({ timeout: 5_000 }), { timeout: 10_000 })
      .toBe(`A VIN that fails its check digit (printed ${printed}): left empty on the proposed record, marked for review.`);
    await app.screenshot('failing-vin-note');
  });
});
