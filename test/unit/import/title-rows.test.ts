import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { textWorkbook } from '../../support/xlsx-text';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

// A sheet with a title line above its header ("2026年1月机动车销售统一发票明细") was read, and the
// CSV saved from the same sheet was refused ("no record kind matches its headers (found:
// "2026年1月…")"): the header was looked for below title lines in a workbook only.

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const TITLE = ['2026年1月机动车销售统一发票明细', '', '', '', '', '', '', ''];
const HEAD = ['发票号码', '开票日期', '车架号', '销售方名称', '销售方纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
const ROWS = [1, 2, 3].map((n) => [`0000000${n}`, '2026-01-0' + n, vinNo(n), '深圳市前海贸易有限公司', SELLER_USCC, '重庆两江汽车贸易有限公司', BUYER_USCC, '100000']);
const sales = () => ws.caseFile.db.prepare('SELECT invoice_no, invoice_date, vin, row_no FROM sales ORDER BY invoice_no').all();

describe('title lines above the header', () => {
  it('reads a CSV with a title line as the workbook of the same rows', async () => {
    const [c] = await importFiles(ws.caseFile, [{ path: ws.file('titled.csv', csv([TITLE, [], HEAD, ...ROWS])) }]);
    expect(c).toMatchObject({ kind: 'sales', rows: 3, imported: 3, rejected: 0, refused: null });
    const fromCsv = sales();
    expect(fromCsv).toHaveLength(3);
    expect(fromCsv[0]).toMatchObject({ invoice_no: '00000001', row_no: 4 });

    ws.caseFile.db.exec('DELETE FROM record_sources; DELETE FROM sales');
    const path = join(ws.dir, 'titled.xlsx');
    writeFileSync(path, textWorkbook('发票', [TITLE, [], HEAD, ...ROWS].map((row) => row.map((text) => ({ text }))), 'inline'));
    const [x] = await importFiles(ws.caseFile, [{ path }]);
    expect(x).toMatchObject({ kind: 'sales', rows: 3, imported: 3, rejected: 0 });
    expect(sales()).toEqual(fromCsv);
  });

  it('still refuses a CSV whose rows hold no header, naming its first row', async () => {
    const [c] = await importFiles(ws.caseFile, [{ path: ws.file('notes.csv', csv([['备忘'], ['第一行'], ['第二行']])) }]);
    expect(c!.refused!.message).toMatch(/no record kind matches its headers \(found: "备忘"\)/);
  });
});
