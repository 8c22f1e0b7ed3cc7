import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { recordSource } from '../../../electron/backend/queries/record-source';
import { SELLER_USCC, count, vinNo, workspace, type Workspace } from './import-helpers';

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

async function writeWorkbook(path: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  const cover = book.addWorksheet('说明');
  cover.addRow(['本表由某海关提供']);
  cover.addRow(['no table here']);
  const exports = book.addWorksheet('出口报关');
  exports.addRow(['2024年出口报关单汇总']);
  exports.addRow(['报关单号', '申报日期', '车辆识别代号', '境内发货人', '境内发货人代码', '最终目的国(地区)', '申报金额', '行驶里程']);
  exports.addRow(['531620240001', new Date(Date.UTC(2024, 2, 12)), vinNo(1), '深圳市前海贸易有限公司', SELLER_USCC, 'KZ', 120000, 8]);
  exports.addRow(['531620240002', 45363, vinNo(2), '深圳市前海贸易有限公司', SELLER_USCC, '哈萨克斯坦', '98,000', null]);
  exports.addRow([]);
  exports.addRow(['531620240003', 'not a date', vinNo(3), '深圳市前海贸易有限公司', SELLER_USCC, 'KZ', 1, 1]);
  exports.getCell('B3').numFmt = 'yyyy-mm-dd';
  const vehicles = book.addWorksheet('车辆');
  vehicles.addRow(['VIN', '品牌', '车型', '燃料种类', '生产日期', '生产企业']);
  vehicles.addRow([vinNo(1), '比亚迪', '宋PLUS', '纯电动', new Date(Date.UTC(2024, 0, 20)), '比亚迪汽车工业有限公司']);
  await book.xlsx.writeFile(path);
}

describe('XLSX', () => {
  it('reads every sheet whose headers are recognised, with Excel row numbers and dates', async () => {
    const path = `${ws.dir}/customs.xlsx`;
    await writeWorkbook(path);
    const [result] = await importFiles(ws.caseFile, [{ path }]);
    expect(result).toMatchObject({ kind: 'exports', rows: 4, imported: 3, rejected: 1, refused: null });
    expect(result!.rejects).toEqual([expect.objectContaining({ row: 6, sheet: '出口报关', reason: 'bad_date' })]);
    const exports = ws.caseFile.db.prepare('SELECT sheet, row_no, declaration_date, destination_country, declared_value, odometer_km FROM exports ORDER BY row_no').all();
    expect(exports).toEqual([
      { sheet: '出口报关', row_no: 3, declaration_date: '2024-03-12', destination_country: 'KZ', declared_value: 120000, odometer_km: 8 },
      { sheet: '出口报关', row_no: 4, declaration_date: '2024-03-12', destination_country: 'KZ', declared_value: 98000, odometer_km: null },
    ]);
    const vehicle = ws.caseFile.db.prepare('SELECT v.make, v.model, v.fuel_type, v.production_date, v.maker, p.name AS manufacturer FROM vehicles v JOIN parties p ON p.id = v.manufacturer_party_id WHERE vin = ?').get(vinNo(1));
    expect(vehicle).toEqual({ make: '比亚迪', model: '宋PLUS', fuel_type: 'BEV', production_date: '2024-01-20', maker: 'BYD', manufacturer: '比亚迪汽车工业有限公司' });
    const info = JSON.parse(ws.caseFile.db.prepare('SELECT info FROM documents').pluck().get() as string);
    expect(info.sheets.map((s: { sheet: string; kind: string | null; header_row: number | null }) => [s.sheet, s.kind, s.header_row])).toEqual([['说明', null, null], ['出口报关', 'exports', 2], ['车辆', 'vehicles', 1]]);
    expect(info.sheets[0].skipped).toMatch(/no record kind matches/);
  });

  it('refuses a workbook with no recognised sheet, naming the sheets and headers', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Sheet1').addRow(['名称', '金额']);
    const path = `${ws.dir}/other.xlsx`;
    await book.xlsx.writeFile(path);
    const [result] = await importFiles(ws.caseFile, [{ path }]);
    expect(result!.refused?.code).toBe('file_refused');
    expect(result!.refused?.message).toMatch(/other\.xlsx was refused: sheet "Sheet1": no record kind matches its headers \(found: "名称", "金额"\)/);
    expect(count(ws.caseFile, 'documents')).toBe(0);
  });
});

describe('JSON lines', () => {
  it('takes keys as headers, line numbers as rows, and rejects lines that are not objects', async () => {
    const lines = [
      JSON.stringify({ 提单号: 'COSU123', 离港日期: '2024-03-15', vin: vinNo(1), 运输方式: '海运', 装货港: '上海', 卸货港: 'Poti', 收货人: 'TOO Astana Motors' }),
      JSON.stringify({ 提单号: 'COSU124', 离港日期: 20240316, vin: vinNo(2), 运输方式: '中欧班列', 箱号: 'TGHU1234567' }),
      '[1, 2, 3]',
      '',
      JSON.stringify({ 提单号: 'COSU125', 离港日期: '2024-03-17', vin: 'SHORT', 运输方式: 'sea' }),
    ].join('\n');
    const [result] = await importFiles(ws.caseFile, [{ path: ws.file('bl.jsonl', lines) }]);
    expect(result).toMatchObject({ kind: 'shipments', rows: 4, imported: 2, rejected: 2 });
    expect(result!.rejects.map((r) => [r.row, r.reason])).toEqual([[3, 'bad_row'], [5, 'invalid_vin']]);
    const rows = ws.caseFile.db.prepare('SELECT id, row_no, mode, departure_date, consignee FROM shipments ORDER BY row_no').all() as { id: number }[];
    expect(rows.map((r) => ({ ...r, raw: recordSource(ws.caseFile.db, 'shipments', r.id).raw }))).toEqual([
      expect.objectContaining({ row_no: 1, mode: 'sea', departure_date: '2024-03-15', consignee: 'TOO Astana Motors' }),
      expect.objectContaining({ row_no: 2, mode: 'rail', departure_date: '2024-03-16', raw: expect.objectContaining({ 箱号: 'TGHU1234567', 离港日期: '20240316' }) }),
    ]);
  });
});
