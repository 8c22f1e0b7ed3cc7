import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FlagRow } from '../../shared/contract/flags';
import { PRINT_ZH } from '../../shared/i18n/print-zh';
import { RULES, type RuleId } from '../../shared/rules';
import { OUTPUT_DIR, startApp, type App } from './support/app';
import { goto, replaceOnlyWhenAsked, screensShown } from './support/case-steps';

/*
 * Printing and exports from the workbench in browser mode: the demo case, rules run from the UI,
 * a flagged vehicle's evidence saved as PDF by the server (pdftotext holds the VIN), printed
 * through the hidden frame, its graph downloaded as SVG, the case report saved, and a CSV
 * export of flagged vehicles made from the Export dialog.
 */
describe('printing and exports (browser mode)', () => {
  let app: App;
  let vin = '';

  beforeAll(async () => {
    app = await startApp({ demo: { vehicles: 150, seed: 6 } });
    await screensShown(app.page);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('runs the rules and finds a flagged vehicle', async () => {
    const { page } = app;
    await goto(page, '#/runs');
    await page.getByRole('button', { name: 'Run rules' }).click();
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.getByText(/Run \d+ finished: [\d,]+ flags/).waitFor({ timeout: 60_000 });
    const flags = await app.host.call('flags:list', { start: 0, end: 20, filter: { rule: 'zero_mileage_export' } });
    if (!flags.ok) throw new Error(flags.error.message);
    const row = (flags.value as { rows: FlagRow[] }).rows.find((r) => r.vin);
    expect(row?.vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
    vin = row!.vin!;
  }, 90_000);

  it('asks where to save the evidence sheet as PDF, in the export\'s dialog, offered in the case folder, and says where', async () => {
    const { page } = app;
    await goto(page, `#/vehicle/${vin}`);
    const actions = page.getByRole('region', { name: 'Print and save' });
    await actions.waitFor();
    // Paper and orientation wait behind the disclosure that names the page's layout.
    await actions.getByText('Page: A4, Portrait').click();
    await actions.getByLabel('Paper').selectOption('letter');
    await actions.getByLabel('Orientation').selectOption('landscape');
    const out = join(app.casePath!, '..', `evidence ${vin}.pdf`);
    const pdfsBeside = () => readdirSync(join(app.casePath!, '..')).filter((name) => name.endsWith('.pdf'));
    expect(pdfsBeside()).toEqual([]);
    await actions.getByRole('button', { name: 'Save evidence as PDF…' }).click();
    // Nothing written before the analyst says where: the dialog asks, as Export… does.
    const dialog = page.getByRole('dialog', { name: `Save the evidence sheet of ${vin} as PDF` });
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.textContent()).toContain('Page: Letter, Landscape');
    const pathField = dialog.getByLabel(/^Save to/);
    // Offered beside the case file, named after the case and the VIN; the path field has the focus.
    await expect.poll(() => pathField.inputValue()).toMatch(new RegExp(`^${join(app.casePath!, '..').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/.*evidence ${vin}\\.pdf$`));
    expect(await pathField.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
    await page.waitForTimeout(300);
    expect(pdfsBeside()).toEqual([]);
    // Browser mode writes only inside the folders it was given: the case's folder is one.
    await pathField.fill(out);
    await dialog.getByRole('button', { name: 'Save PDF', exact: true }).click();
    await dialog.getByText(`Saved to ${out}`).waitFor({ timeout: 60_000 });
    expect(existsSync(out)).toBe(true);
    await app.screenshot('print-evidence-saved');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Ctrl+Shift+S (the desktop menu's Save as PDF…) asks in the same dialog, and Escape leaves it.
    await page.locator('h1').first().click();
    await page.keyboard.press('Control+Shift+S');
    const again = page.getByRole('dialog', { name: `Save the evidence sheet of ${vin} as PDF` });
    await again.waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await again.waitFor({ state: 'detached' });
    expect(pdfsBeside()).toEqual([`evidence ${vin}.pdf`]);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text).toContain(vin);
    // Letter landscape: 792 x 612 points.
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+792 x 612 pts/);
    // The first printed page beside the screenshots, to be looked at.
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', out, join(OUTPUT_DIR, 'print-evidence-page1')]);
  }, 90_000);

  it('prints the evidence sheet through a hidden frame that runs no script', async () => {
    const { page } = app;
    const actions = page.getByRole('region', { name: 'Print and save' });
    await actions.getByRole('button', { name: 'Print evidence' }).click();
    const frame = page.locator('iframe[data-zm-print]');
    await frame.waitFor({ state: 'attached', timeout: 30_000 });
    expect(await frame.getAttribute('sandbox')).toBe('allow-same-origin allow-modals');
    const srcdoc = await frame.getAttribute('srcdoc');
    expect(srcdoc).toContain(vin);
    expect(srcdoc).not.toMatch(/<script/i);
    const body = await page.frameLocator('iframe[data-zm-print]').locator('body').innerText();
    expect(body).toContain(vin);
    // The frame goes once the print is handed over.
    await frame.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
  }, 60_000);

  it('downloads the chain graph as SVG', async () => {
    const { page } = app;
    const actions = page.getByRole('region', { name: 'Print and save' });
    const download = page.waitForEvent('download');
    await actions.getByRole('button', { name: 'Save graph as SVG' }).click();
    const file = join(app.dir, 'chain.svg');
    await (await download).saveAs(file);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/<svg[\s>]/);
    expect(svg).toContain('</svg>');
    expect(svg).toContain(`Ownership chain of ${vin}`);
  }, 60_000);

  it('downloads the chain graph in the screen\'s language', async () => {
    const { page } = app;
    await page.getByLabel('Language / 语言').selectOption('zh');
    try {
      const actions = page.getByRole('region', { name: '打印与保存' });
      const download = page.waitForEvent('download');
      await actions.getByRole('button', { name: '图形另存为 SVG' }).click();
      const file = join(app.dir, 'chain-zh.svg');
      await (await download).saveAs(file);
      const svg = readFileSync(file, 'utf8');
      // It came out in English whatever the screen's language (the language was not sent).
      expect(svg).toContain(`${vin} 的所有权链`);
      expect(svg).not.toContain('Ownership chain of');
    } finally {
      await page.getByLabel('Language / 语言').selectOption('en');
    }
  }, 60_000);

  it('saves the case report as PDF from the overview', async () => {
    const { page } = app;
    await goto(page, '#/overview');
    const actions = page.getByRole('region', { name: 'Print and save' });
    await actions.waitFor();
    const out = join(app.casePath!, '..', 'report.pdf');
    await actions.getByRole('button', { name: 'Save report as PDF…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the case report as PDF' });
    await dialog.getByLabel(/^Save to/).fill(out);
    await dialog.getByRole('button', { name: 'Save PDF', exact: true }).click();
    // Saved, or an error the page shows: a refusal fails at once, naming its reason.
    const failed = page.getByRole('alert');
    await dialog.getByText(`Saved to ${out}`).or(failed).first().waitFor({ timeout: 90_000 });
    expect(await failed.allTextContents()).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(statSync(out).size).toBeGreaterThan(1000);
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain(vin);
  }, 120_000);

  it('exports the flagged vehicles as CSV, and as a workbook of that table alone, from the Export dialog', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the case' });
    await dialog.getByLabel('Format', { exact: true }).selectOption('csv');
    await dialog.getByLabel('Table', { exact: true }).selectOption('vehicles');
    await dialog.getByLabel('Flagged vehicles only').check();
    const path = dialog.getByLabel(/Save to/);
    expect(await path.inputValue()).toMatch(/vehicles flagged\.csv$/);
    const out = join(app.casePath!, '..', 'flagged-vehicles.csv');
    await path.fill(out);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.getByText(`Exported to ${out}`).waitFor({ timeout: 60_000 });
    await app.screenshot('print-export-dialog');
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.some((l) => l.includes(vin))).toBe(true);
    // A workbook holds every table unless one is chosen; then that one alone.
    await dialog.getByLabel('Format', { exact: true }).selectOption('xlsx');
    expect(await dialog.getByLabel('Table', { exact: true }).inputValue()).toBe('all');
    await dialog.getByLabel('Table', { exact: true }).selectOption('vehicles');
    expect(await path.inputValue()).toMatch(/vehicles flagged\.xlsx$/);
    const book = join(app.casePath!, '..', 'flagged-vehicles.xlsx');
    await path.fill(book);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.getByText(`Exported to ${book}`).waitFor({ timeout: 60_000 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(book);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['vehicles']);
    expect(workbook.getWorksheet('vehicles')!.rowCount).toBe(lines.length);
    // A file already at the path is replaced only once the analyst says so (probe 56 item 5).
    await dialog.getByLabel('Format', { exact: true }).selectOption('csv');
    await path.fill(out);
    await replaceOnlyWhenAsked(dialog, dialog.getByRole('button', { name: 'Export', exact: true }), out);
    await dialog.getByText(`Exported to ${out}`).waitFor({ timeout: 60_000 });
    expect(readFileSync(out, 'utf8').trim().split(/\r?\n/)).toEqual(lines);
    // An export cannot overwrite the case file: the server refuses, the dialog says so.
    await path.fill(app.casePath!);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').innerText()).toMatch(/Could not finish/);
  }, 90_000);

  it('switches the print and export controls to Chinese', async () => {
    const { page } = app;
    await page.getByLabel('Language / 语言').selectOption('zh');
    await goto(page, `#/vehicle/${vin}`);
    const actions = page.getByRole('region', { name: '打印与保存' });
    await actions.getByRole('button', { name: '打印证据' }).waitFor();
    await actions.getByRole('button', { name: '证据另存为 PDF' }).waitFor();
    expect(await actions.getByLabel('纸张').inputValue()).toBe('a4');
    await app.screenshot('print-actions-zh');
    await goto(page, '#/overview');
    await page.getByRole('button', { name: '导出…' }).click();
    await page.getByRole('dialog', { name: '导出案件' }).waitFor();
    await page.getByLabel('Language / 语言').selectOption('en');
  }, 60_000);

  it('prints the Chinese evidence sheet with rule names, severities, statuses, roles, events and headings unbroken', async () => {
    const { page } = app;
    // The zero-mileage vehicle with the most flags: their long reasons squeeze the rule column most.
    const listed = await app.host.call('flags:list', { start: 0, end: 200, filter: { rule: 'zero_mileage_export' } });
    if (!listed.ok) throw new Error(listed.error.message);
    let vin = '';
    let most = 0;
    for (const row of (listed.value as { rows: FlagRow[] }).rows) {
      const own = row.vin ? await app.host.call('flags:for-subject', { vin: row.vin }) : null;
      if (own?.ok && own.value.length > most) [vin, most] = [row.vin!, own.value.length];
    }
    expect(most).toBeGreaterThan(1);
    await page.getByLabel('Language / 语言').selectOption('zh');
    await goto(page, `#/vehicle/${vin}`);
    const actions = page.getByRole('region', { name: '打印与保存' });
    await actions.getByRole('button', { name: '证据另存为 PDF…' }).click();
    const dialog = page.getByRole('dialog', { name: `将 ${vin} 的证据页另存为 PDF` });
    const out = join(app.casePath!, '..', `证据 ${vin}.pdf`);
    await dialog.getByLabel(/^保存位置/).fill(out);
    await dialog.getByRole('button', { name: '保存 PDF', exact: true }).click();
    await dialog.getByText(`已保存到 ${out}`).waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: '关闭' }).click();
    await page.getByLabel('Language / 语言').selectOption('en');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', out, join(OUTPUT_DIR, 'print-evidence-zh-page1')]);

    // A4 portrait, the narrowest page: each of the page's own terms on one line of the printed text
    // (they broke a character or two a line beside a long reason: 零公/里出/口, 待/处/理, 严重/程度).
    const lines = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', out, '-'], { encoding: 'utf8' }).split('\n');
    const flags = await app.host.call('flags:for-subject', { vin });
    const detail = await app.host.call('vehicle:get', { vin });
    if (!flags.ok || !detail.ok) throw new Error('the vehicle could not be read');
    const terms = new Set<string>(['严重程度', '持有天数', '记录与文档', '取得日期']);
    for (const f of flags.value) {
      terms.add(RULES[f.rule as RuleId].title.zh);
      terms.add(PRINT_ZH[`print.status.${f.status}` as keyof typeof PRINT_ZH]);
      terms.add(PRINT_ZH[`print.severity.${f.severity}` as keyof typeof PRINT_ZH]);
    }
    for (const h of detail.value.chain.holders) terms.add(PRINT_ZH[`print.role.${h.role}` as keyof typeof PRINT_ZH]);
    for (const e of detail.value.chain.timeline) terms.add(PRINT_ZH[`print.event.${e.kind}` as keyof typeof PRINT_ZH]);
    expect(terms).toContain('零公里出口');
    const broken = [...terms].filter((term) => !lines.some((line) => line.includes(term)));
    expect(broken).toEqual([]);
  }, 90_000);
});
