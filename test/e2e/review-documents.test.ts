import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProposedRecord } from '../../shared/document-fields';
import { EXPORT_DECLARATION, exportDeclarationHtml, NEW_INVOICE, newInvoiceHtml, renderFixtures, USED_INVOICE, usedInvoiceHtml } from '../support/document-fixtures';
import { startApp, type App } from './support/app';
import { dropFiles } from './support/drop';

// The review panel of issue 7 end to end: PDFs printed by Chromium are dropped on a new case, what
// is read from them is reviewed on the page image, corrected, accepted or rejected, and the text of
// the documents is found with Ctrl+K.

describe('document review panel', () => {
  let app: App;
  let fixtures: Awaited<ReturnType<typeof renderFixtures>>;

  beforeAll(async () => {
    fixtures = await renderFixtures({ new_invoice: newInvoiceHtml(), used_invoice: usedInvoiceHtml(), declaration: exportDeclarationHtml() }, { png: false });
    app = await startApp();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  const proposals = async (): Promise<ProposedRecord[]> => {
    const listed = await app.host.call('proposed:list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    return listed.value;
  };

  it('says what to do while nothing waits, then lists what dropped PDFs propose', { timeout: 120_000 }, async () => {
    const page = app.page;
    await page.getByRole('navigation').getByRole('link', { name: 'Documents to review' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Drop PDFs or scanned invoices' }).count(), { timeout: 10_000 }).toBe(1);

    await dropFiles(page, [{ name: 'new_invoice.pdf', path: fixtures.new_invoice!.pdf }, { name: 'used_invoice.pdf', path: fixtures.used_invoice!.pdf },
      { name: 'declaration.pdf', path: fixtures.declaration!.pdf }]);
    const panel = page.getByRole('region', { name: 'Import' });
    await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 90_000 }).toBe('finished');
    // Each PDF says its record waits for review, with a link there; never "0 imported".
    for (const name of ['new_invoice.pdf', 'used_invoice.pdf', 'declaration.pdf']) {
      const row = panel.locator(`li[data-file="${name}"]`);
      expect(await row.locator('.zm-drop-proposed a').textContent()).toBe('1 proposed record waits in Documents to review →');
      expect(await row.locator('.zm-drop-status').textContent()).toMatch(/^\d+ pages? read, \d+ VINs? found$/);
      expect(await row.locator('[data-count="imported"]').count()).toBe(0);
    }
    await panel.locator('.zm-drop-proposed a').first().click();
    await panel.getByRole('button', { name: 'Close' }).click();
    // The screen shown during the import reads the proposals in place (it was not blanked and rebuilt).
    const list = page.getByRole('table', { name: 'Proposed records' });
    await expect.poll(() => list.locator('tbody tr').count(), { timeout: 15_000 }).toBe(3);
    const rows = await list.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('new_invoice') && r.includes('Motor vehicle sales invoice'))).toBe(true);
    expect(rows.some((r) => r.includes('used_invoice') && r.includes('Used-car sales invoice'))).toBe(true);
    expect(rows.some((r) => r.includes('declaration') && r.includes('Export declaration'))).toBe(true);
    expect(await page.locator('.screen-head .count').textContent()).toBe('3 to review');

    // Arrows move the selection while no field has the focus.
    const selected = () => list.locator('tbody tr[aria-selected="true"]').textContent();
    const first = await list.locator('tbody tr').nth(0).textContent();
    const second = await list.locator('tbody tr').nth(1).textContent();
    await expect.poll(selected, { timeout: 10_000 }).toBe(first);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowDown');
    await expect.poll(selected).toBe(second);
    await page.keyboard.press('ArrowUp');
    await expect.poll(selected).toBe(first);
  });

  it('shows the page with the fields boxed, takes a correction and accepts it', { timeout: 60_000 }, async () => {
    const page = app.page;
    const row = page.getByRole('table', { name: 'Proposed records' }).locator('tbody tr', { hasText: 'new_invoice' });
    await row.click();
    expect(await row.getAttribute('aria-selected')).toBe('true');
    const figure = page.locator('figure.zm-page');
    const image = figure.locator('img');
    await image.waitFor({ timeout: 15_000 });
    // The PNG really decoded (a broken blob: URL has no natural size).
    await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), { timeout: 10_000 }).toBeGreaterThan(300);
    expect(Number(await figure.getAttribute('data-box-count'))).toBeGreaterThan(3);
    const vinBox = figure.locator('.zm-box[data-field="vin"]');
    expect(await vinBox.count()).toBe(1);
    // The box sits inside the page and has a size.
    const frame = await figure.locator('.zm-page-frame').boundingBox();
    const box = await vinBox.boundingBox();
    expect(frame && box).toBeTruthy();
    expect(box!.width).toBeGreaterThan(20);
    expect(box!.x).toBeGreaterThanOrEqual(frame!.x);
    expect(box!.y + box!.height).toBeLessThanOrEqual(frame!.y + frame!.height + 1);

    // The form shows what was read, under localised labels.
    const form = page.getByRole('form', { name: 'Fields read' });
    expect(await form.getByLabel('VIN', { exact: true }).inputValue()).toBe(NEW_INVOICE.vin);
    expect(await form.getByLabel('Invoice number', { exact: true }).inputValue()).toBe(NEW_INVOICE.invoice_no);
    expect(await form.getByLabel('Invoice code', { exact: true }).inputValue()).toBe(NEW_INVOICE.invoice_code);
    expect(await figure.locator('.zm-box[data-field="invoice_code"]').count()).toBe(1);
    const accepted = page.getByRole('button', { name: 'Accept with corrections' });
    expect(await accepted.isDisabled()).toBe(true);

    // Focusing a field lights its box.
    await form.getByLabel('VIN', { exact: true }).focus();
    expect(await vinBox.getAttribute('class')).toContain('active');

    const price = form.getByLabel('Total price', { exact: true });
    expect(await price.inputValue()).toBe(String(NEW_INVOICE.price));
    await price.fill('189900');
    expect(await accepted.isDisabled()).toBe(false);
    await app.screenshot('review-documents-correcting');
    await accepted.click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Accepted' }).count(), { timeout: 10_000 }).toBe(1);

    const all = await proposals();
    const done = all.find((p) => p.fields.invoice_no === NEW_INVOICE.invoice_no);
    expect(done).toMatchObject({ status: 'accepted', file_name: 'new_invoice.pdf' });
    expect(done!.fields.price).toBe(189900);
    expect(done!.record_id).not.toBeNull();
  });

  it('rejects one with a reason and accepts the last from the keyboard', { timeout: 60_000 }, async () => {
    const page = app.page;
    const list = page.getByRole('table', { name: 'Proposed records' });
    await expect.poll(() => list.locator('tbody tr').count(), { timeout: 10_000 }).toBe(2);
    expect(await list.locator('tbody tr[aria-selected="true"]').count()).toBe(1);
    await list.locator('tbody tr', { hasText: 'used_invoice' }).click();
    await page.locator('figure.zm-page img').waitFor({ timeout: 15_000 });
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    // The panel in Chinese: labels from the zh catalogue, the document's own text unchanged.
    const language = page.getByRole('combobox', { name: 'Language / 语言' });
    await language.selectOption('zh');
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('待审核文件');
    const zhForm = page.getByRole('form', { name: '读取的字段' });
    expect(await zhForm.getByLabel('车辆识别代号', { exact: true }).inputValue()).toBe(USED_INVOICE.vin);
    expect(await zhForm.getByLabel('发票代码', { exact: true }).inputValue()).toBe(USED_INVOICE.invoice_code);
    expect(await zhForm.getByLabel('价税合计', { exact: true }).inputValue()).toBe(String(USED_INVOICE.price));
    await app.screenshot('review-documents-zh');
    await language.selectOption('en');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('r');
    const reason = page.getByLabel('Reason for rejecting');
    await expect.poll(() => reason.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await reason.fill('duplicate of a registered sale');
    await reason.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Rejected.' }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => list.locator('tbody tr[aria-selected="true"]').textContent(), { timeout: 10_000 }).toContain('declaration');
    await page.locator('figure.zm-page img').waitFor({ timeout: 15_000 });
    // A vehicle edited with the sqlite3 shell meanwhile: the acceptance commits the register as it is, and says so.
    const raw = new Database(app.casePath!);
    raw.exec("UPDATE vehicles SET model = 'edited outside' WHERE id = (SELECT min(id) FROM vehicles)");
    raw.close();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Nothing to review' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('.zm-outside-changes li[data-register="vehicles"]').textContent())
      .toMatch(/^Changed outside ZeroMile before this record was accepted: the vehicle register no longer matched audit entry \d+, which last committed it\./);
    const declaration = (await proposals()).find((p) => p.fields.declaration_no === EXPORT_DECLARATION.declaration_no);
    expect(declaration).toMatchObject({ status: 'accepted', kind: 'exports' });
    await app.screenshot('review-documents-empty');
    const used = (await proposals()).find((p) => p.fields.invoice_no === USED_INVOICE.invoice_no);
    expect(used?.status).toBe('rejected');

    // Rejected by mistake: the rejected ones are listed, and one is reopened (o) back into the queue.
    const show = page.getByRole('combobox', { name: 'Show' });
    await show.selectOption('rejected');
    await expect.poll(() => list.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    expect(await list.locator('tbody tr').textContent()).toContain('used_invoice');
    await expect.poll(() => page.locator('.zm-review-actions').textContent(), { timeout: 10_000 }).toMatch(/^Rejected .*Reopen for review$/);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('o');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Reopened' }).count(), { timeout: 10_000 }).toBe(1);
    await show.selectOption('proposed');
    await expect.poll(() => list.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    expect((await proposals()).find((p) => p.id === used!.id)?.status).toBe('proposed');
  });

  it('puts the accepted record in the vehicle timeline, with the documents naming the VIN', { timeout: 60_000 }, async () => {
    const page = app.page;
    await page.goto(`${new URL(page.url()).origin}/#/vehicle/${NEW_INVOICE.vin}`);
    const timeline = page.getByRole('table', { name: 'Timeline of records' });
    await timeline.waitFor({ timeout: 15_000 });
    await expect.poll(() => timeline.textContent(), { timeout: 10_000 }).toContain(NEW_INVOICE.buyer);
    const docs = page.getByRole('region', { name: 'Documents naming this VIN' });
    const link = docs.getByRole('link', { name: 'new_invoice.pdf' });
    // The list loads on its own after the vehicle.
    await expect.poll(() => link.count(), { timeout: 10_000 }).toBe(1);
    await app.screenshot('review-documents-vehicle');
    await link.click();
    const figure = page.locator('figure.zm-page');
    await figure.locator('img').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('new_invoice.pdf, page 1');
    expect(await page.locator('.zm-doc-text').textContent()).toContain(NEW_INVOICE.vin);
  });

  it('moves through the rejected proposals by the arrow keys, as through those waiting', { timeout: 60_000 }, async () => {
    const page = app.page;
    // Two rejected: the invoice reopened above rejected again, and a second reading of its page.
    const used = (await proposals()).find((p) => p.fields.invoice_no === USED_INVOICE.invoice_no)!;
    const rejected = await app.host.call('proposed:reject', { id: used.id });
    if (!rejected.ok) throw new Error(rejected.error.message);
    const raw = new Database(app.casePath!);
    const columns = (raw.prepare("SELECT name FROM pragma_table_info('proposed_records') WHERE name <> 'id'").pluck().all() as string[]).join(', ');
    raw.prepare(`INSERT INTO proposed_records (${columns}) SELECT ${columns} FROM proposed_records WHERE id = ?`).run(used.id);
    raw.close();
    await page.goto(`${new URL(page.url()).origin}/#/review`);
    await page.getByRole('combobox', { name: 'Show' }).selectOption('rejected');
    const list = page.getByRole('table', { name: 'Proposed records' });
    await expect.poll(() => list.locator('tbody tr').count(), { timeout: 10_000 }).toBe(2);
    const selected = () => list.locator('tbody tr[aria-selected="true"]').getAttribute('data-proposed');
    const ids = await list.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-proposed')));
    await expect.poll(selected, { timeout: 10_000 }).toBe(ids[0]);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowDown');
    await expect.poll(selected).toBe(ids[1]);
    await page.keyboard.press('ArrowUp');
    await expect.poll(selected).toBe(ids[0]);
  });

  it('finds document text with Ctrl+K and opens the page', { timeout: 60_000 }, async () => {
    const page = app.page;
    await page.goto(`${new URL(page.url()).origin}/#/overview`);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Search' });
    await input.fill('壹拾伍万');
    const hit = page.getByRole('option').filter({ hasText: 'used_invoice.pdf' });
    await expect.poll(() => hit.count(), { timeout: 10_000 }).toBe(1);
    expect(await hit.textContent()).toContain('page 1');
    expect(await hit.locator('mark').textContent()).toBe('壹拾伍万');
    await app.screenshot('review-documents-search');
    await input.press('Enter');
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe('used_invoice.pdf, page 1');
    await page.locator('figure.zm-page img').waitFor({ timeout: 15_000 });
    await app.screenshot('review-documents-page');
  });
});
