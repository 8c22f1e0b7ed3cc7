import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { afterAll, expect, it } from 'vitest';
import { importFile } from '../../../electron/backend/import/import-file';
import { CLI } from '../../support/paths';
import { vinNo, workspace } from './import-helpers';

const ws = workspace();
afterAll(() => ws.done());

// A column no field takes was kept in the raw row and never mentioned: an export sheet's 申报价格
// (declared price) vanished from the declared values without a word.
it('names the columns read into no field, each sheet\'s kind, and the sheets passed over', async () => {
  const csv = ws.file('sales.csv', [
    '机器编号,发票号码,开票日期,VIN,销货单位名称,购买方名称,价税合计,备注,VIN',
    `1440,20000001,2025-02-01,${vinNo(1)},比亚迪汽车工业有限公司,林敏,138000,急售,${vinNo(1)}`,
  ].join('\n'));
  const result = await importFile(ws.caseFile.db, { path: csv });
  // The second VIN column is read beside the first (value-marks.test.ts: a row where they differ is rejected).
  expect(result.sheets).toEqual([{ sheet: null, kind: 'sales', rows: 1, unread: ['机器编号', '备注'], unread_more: 0 }]);
  expect(result.twin_columns).toEqual([{ sheet: null, field: 'vin', columns: [{ header: 'VIN', column: 4 }, { header: 'VIN', column: 9 }], rows: [], rows_total: 0 }]);

  const book = new ExcelJS.Workbook();
  book.addWorksheet('出口报关单').addRows([
    ['报关单号', '出口日期', '车辆识别代号', '境内发货人', '发货人统一社会信用代码', '运抵国（地区）', '申报价格', '商品编号'],
    ['530120250000001', '2025-03-20', vinNo(1), '李四', '', '哈萨克斯坦', 20000, '8703'],
  ]);
  book.addWorksheet('说明').addRows([['这是一张说明页'], ['没有表头']]);
  const path = ws.file('book.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
  const workbook = await importFile(ws.caseFile.db, { path });
  expect(workbook.sheets).toEqual([
    { sheet: '出口报关单', kind: 'exports', rows: 1, unread: ['商品编号'], unread_more: 0 },
    { sheet: '说明', kind: null, rows: 0, unread: [], unread_more: 0, skipped: expect.objectContaining({ key: expect.any(String) }) },
  ]);
  // 申报价格 is a declared value now.
  expect(ws.caseFile.db.prepare('SELECT declared_value FROM exports').pluck().get()).toBe(20000);

  const again = ws.file('sales-2.csv', `发票号码,开票日期,VIN,销货单位名称,购买方名称,${Array.from({ length: 35 }, (_, i) => `附注${i}`).join(',')}\n`
    + `20000002,2025-02-02,${vinNo(2)},比亚迪汽车工业有限公司,林敏${',x'.repeat(35)}\n`);
  const out = execFileSync(process.execPath, [CLI, 'import', ws.caseFile.path, again, path], { encoding: 'utf8' });
  expect(out).toContain('sales-2.csv: sales, 1 row: 1 imported, 0 rejected\n  columns read into no field (kept with each row as written): "附注0", ');
  expect(out).toContain('"附注29" and 5 more\n');
  expect(out).toContain('book.xlsx: already in the case');
});
