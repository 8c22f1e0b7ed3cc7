import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../shared/vin';
import { workbookZip } from '../fuzz/zip';
import { startApp, type App } from './support/app';
import { dropFiles } from './support/drop';

type PageGlobals = { location: { hash: string } };

// The Rejected screen named a rejected row by file and row number only: in a workbook each sheet
// counts its rows from 1, so "报关单.xlsx, row 2" could be either sheet's row 2. It names the sheet.
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const HEAD = ['报关单号', '申报日期', '车架号', '境内发货人', '运抵国(地区)'];
function sheet(declaration: string, vin: string): string {
  const row = (n: number, cells: string[]) => `<row r="${n}">${cells.map((c, i) => inline(`${String.fromCharCode(65 + i)}${n}`, c)).join('')}</row>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row(1, HEAD)}${row(2, [declaration, '2026-01-05', vin, '深圳测试贸易有限公司', 'KZ'])}</sheetData></worksheet>`;
}
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="一月" sheetId="1" r:id="rId1"/><sheet name="二月" sheetId="2" r:id="rId2"/></sheets></workbook>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`;

describe('rejected rows of a workbook', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('names the sheet of each rejected row, in English and Chinese', { timeout: 90_000 }, async () => {
    const { page } = app;
    const good = withCheckDigit('LGXCE4CB0R0000051');
    // Row 2 of sheet 二月 has a VIN that fails its check digit; row 2 of 一月 is read.
    const bytes = workbookZip([
      { name: 'xl/workbook.xml', data: WORKBOOK }, { name: 'xl/_rels/workbook.xml.rels', data: RELS },
      { name: 'xl/worksheets/sheet1.xml', data: sheet('530120260000000001', good) },
      { name: 'xl/worksheets/sheet2.xml', data: sheet('530120260000000002', 'LGXCE4CB0R0000052') },
    ]);
    const path = join(app.dir, '报关单.xlsx');
    writeFileSync(path, bytes);
    await dropFiles(page, [{ name: '报关单.xlsx', path }]);
    const panel = page.getByRole('region', { name: 'Import' });
    await expect.poll(() => panel.getAttribute('data-phase'), { timeout: 60_000 }).toBe('finished');
    await panel.getByRole('button', { name: 'Close' }).click();

    await page.evaluate(() => { (globalThis as unknown as PageGlobals).location.hash = '#/rejected'; });
    const row = page.locator('.ag-row').first();
    await row.locator('.ag-cell[col-id="row_no"]').waitFor({ timeout: 15_000 });
    expect((await page.locator('.ag-header-cell[col-id="sheet"]').textContent())?.trim()).toBe('Sheet');
    // The grid's first block may still be on its way when the row's cells are there.
    await expect.poll(() => row.locator('.ag-cell[col-id="sheet"]').textContent(), { timeout: 15_000 }).toBe('二月');
    expect(await row.locator('.ag-cell[col-id="row_no"]').textContent()).toBe('2');
    await page.getByRole('combobox', { name: 'Language / 语言' }).selectOption('zh');
    await expect.poll(async () => (await page.locator('.ag-header-cell[col-id="sheet"]').textContent())?.trim()).toBe('工作表');
    await app.screenshot('rejected-sheet-zh');
    await page.getByRole('combobox', { name: 'Language / 语言' }).selectOption('en');
  });
});
