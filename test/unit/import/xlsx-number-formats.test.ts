import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { shownNumber } from '../../../electron/backend/import/xlsx-number-format';
import { recordSource } from '../../../electron/backend/queries/record-source';
import { workbookZip } from '../../fuzz/zip';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

// An invoice number typed into Excel is often the number 12345 shown as 00012345 by a format of
// zeros: read as the bare number it did not fold with 00012345 from a CSV (a false second sale).

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const HEADERS = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="00000000"/></numFmts>
<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="4" applyNumberFormat="1"/></cellXfs></styleSheet>`;

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
/** Row 2: the invoice number as a number cell of style 1 (00000000), the price of style 2 (#,##0.00). */
function sheet(invoiceNo: number): string {
  const header = HEADERS.map((h, i) => inline(`${String.fromCharCode(65 + i)}1`, h)).join('');
  const cells = [`<c r="A2" s="1"><v>${invoiceNo}</v></c>`, inline('B2', '2024-03-02'), inline('C2', vinNo(1)), inline('D2', '深圳市前海贸易有限公司'),
    inline('E2', SELLER_USCC), inline('F2', '重庆两江汽车贸易有限公司'), inline('G2', BUYER_USCC), '<c r="H2" s="2"><v>100000</v></c>'].join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${header}</row><row r="2">${cells}</row></sheetData></worksheet>`;
}

describe('XLSX number formats', () => {
  it('reads an invoice number cell as its format shows it, so it folds with the same invoice from a CSV', async () => {
    const path = join(ws.dir, 'numeric.xlsx');
    writeFileSync(path, workbookZip([{ name: 'xl/worksheets/sheet1.xml', data: sheet(12345) }, { name: 'xl/styles.xml', data: STYLES }]));
    const [x] = await importFiles(ws.caseFile, [{ path }]);
    const [c] = await importFiles(ws.caseFile, [{ path: ws.file('text.csv', csv([HEADERS, ['00012345', '2024-03-02', vinNo(1), '深圳市前海贸易有限公司', SELLER_USCC, '重庆两江汽车贸易有限公司', BUYER_USCC, '100000']])) }]);
    expect([x, c].map((r) => [r!.imported, r!.rejected])).toEqual([[1, 0], [1, 0]]);
    // One sale told by both files (two before: 12345 and 00012345).
    expect(ws.caseFile.db.prepare('SELECT invoice_no, price FROM sales').all()).toEqual([{ invoice_no: '00012345', price: 100000 }]);
    expect(ws.caseFile.db.prepare("SELECT count(*) FROM record_sources WHERE record_kind = 'sales'").pluck().get()).toBe(1);
    // The mark: the source row keeps the cell as the workbook holds it, beside the number read.
    expect(recordSource(ws.caseFile.db, 'sales', 1).raw).toMatchObject({ 发票号码: '12345', 价税合计: '100000' });
  });

  it('applies formats of digits only, and writes integral numbers out in full', () => {
    expect(shownNumber(12345, '00000000')).toBe('00012345');
    expect(shownNumber(12345, '"No."000000')).toBe('No.012345');
    expect(shownNumber(12345.6, '0')).toBe('12346');
    expect(shownNumber(12345, '#,##0.00')).toBeNull();
    expect(shownNumber(12345, null)).toBeNull();
    expect(shownNumber(1.2345e22, null)).toBe('12345000000000000000000');
  });
});
