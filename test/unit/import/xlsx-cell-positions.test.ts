import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { workbookZip } from '../../fuzz/zip';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

// The cell reference (r="C2") is optional in a sheet: a writer that leaves it out puts each cell
// right after the one before it, and writes an empty cell as <c/>. Counting only the cells that held
// text moved every cell after an empty one a column to the left: a person's sale with no ID number
// read its price as the buyer's ID and its remark as the price.

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const HEADERS = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计', '备注'];
const ROWS = [
  ['00000001', '2026-01-31', vinNo(1), '深圳市前海贸易有限公司', SELLER_USCC, '王伟', '', '100000', '个人，无证件号'],
  ['00000002', '2026-02-01', vinNo(2), '深圳市前海贸易有限公司', SELLER_USCC, '重庆两江汽车贸易有限公司', BUYER_USCC, '', '价格空'],
];

const inline = (text: string) => (text === '' ? '<c/>' : `<c t="inlineStr"><is><t>${text}</t></is></c>`);
const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${
  [HEADERS, ...ROWS].map((row) => `<row>${row.map(inline).join('')}</row>`).join('')}</sheetData></worksheet>`;

describe('XLSX cells without a reference', () => {
  it('keeps each cell in its column after an empty cell, as the CSV of the same rows', async () => {
    const path = join(ws.dir, 'no-refs.xlsx');
    writeFileSync(path, workbookZip([{ name: 'xl/worksheets/sheet1.xml', data: sheet }]));
    const [x] = await importFiles(ws.caseFile, [{ path }]);
    expect(x).toMatchObject({ kind: 'sales', imported: 2, rejected: 0 });
    const read = () => ws.caseFile.db.prepare('SELECT invoice_no, buyer, buyer_id, price, raw FROM sales ORDER BY invoice_no').all();
    const fromXlsx = read();
    expect(fromXlsx).toMatchObject([{ buyer: '王伟', buyer_id: null, price: 100000 }, { buyer_id: BUYER_USCC, price: null }]);

    ws.caseFile.db.exec('DELETE FROM record_sources; DELETE FROM sales');
    await importFiles(ws.caseFile, [{ path: ws.file('same.csv', csv([HEADERS, ...ROWS])) }]);
    expect(read()).toEqual(fromXlsx);
  });
});
