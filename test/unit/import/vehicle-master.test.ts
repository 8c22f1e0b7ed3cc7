import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { withUsccCheck } from '../../../shared/party-id';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

// The vehicle register's master data (make, model, fuel, production date, manufacturer) comes from
// vehicles-kind records: a master row's values replace the vehicle's, and an empty field never
// erases what an earlier record gave. The manufacturer is written by a statement of its own
// (vehicles.ts: a foreign key in the upsert's update journalled every page it touched).

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const MASTER_HEADER = ['VIN', '品牌', '车型', '燃料种类', '生产日期', '生产企业', '生产企业统一社会信用代码'];
const SALES_HEADER = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
const VEHICLES = 30;
const MAKER_USCC = withUsccCheck('91440300192203821');
const OTHER_MAKER_USCC = withUsccCheck('91500000202802315');
const sale = (n: number) => [`2003${String(n).padStart(4, '0')}`, '2024-03-02', vinNo(n), '深圳市前海贸易有限公司', SELLER_USCC, '重庆两江汽车贸易有限公司', BUYER_USCC, '120000'];

type Master = { vin: string; make: string | null; model: string | null; fuel_type: string | null; production_date: string | null; manufacturer: string | null };
const register = (w: Workspace) => w.caseFile.db.prepare(`SELECT v.vin, v.make, v.model, v.fuel_type, v.production_date, p.name AS manufacturer
  FROM vehicles v LEFT JOIN parties p ON p.id = v.manufacturer_party_id ORDER BY v.vin`).all() as Master[];
const byVin = (rows: Master[], n: number) => rows.find((v) => v.vin === vinNo(n));

describe('vehicle master data', () => {
  it('fills vehicles first met in sales; a later row replaces values, an empty field erases nothing', async () => {
    const masterRows = Array.from({ length: VEHICLES }, (_, i) => [vinNo(i + 1), '比亚迪', `秦PLUS-${i}`, '纯电动', '2023-11-0' + (1 + (i % 9)), '比亚迪汽车工业有限公司', MAKER_USCC]);
    // Even rows of a second master file leave every field empty; odd rows name other values.
    const laterRows = Array.from({ length: VEHICLES }, (_, i) => (i % 2 === 0
      ? [vinNo(i + 1), '', '', '', '', '', '']
      : [vinNo(i + 1), '长安', '逸动', '汽油', '2020-01-01', '重庆长安汽车股份有限公司', OTHER_MAKER_USCC]));
    const results = await importFiles(ws.caseFile, [
      { path: ws.file('sales.csv', csv([SALES_HEADER, ...Array.from({ length: VEHICLES }, (_, i) => sale(i + 1))])) },
      { path: ws.file('master.csv', csv([MASTER_HEADER, ...masterRows])) },
    ]);
    expect(results.map((r) => r.refused)).toEqual([null, null]);
    const filled = register(ws);
    expect(filled).toHaveLength(VEHICLES);
    expect(filled.filter((v) => !(v.make === '比亚迪' && v.fuel_type !== null && v.manufacturer === '比亚迪汽车工业有限公司'))).toEqual([]);
    expect(byVin(filled, 2)).toMatchObject({ model: '秦PLUS-1', production_date: '2023-11-02' });

    await importFiles(ws.caseFile, [{ path: ws.file('later.csv', csv([MASTER_HEADER, ...laterRows])) }]);
    const after = register(ws);
    expect(byVin(after, 1)).toEqual(byVin(filled, 1));
    expect(byVin(after, 2)).toMatchObject({ make: '长安', model: '逸动', production_date: '2020-01-01', manufacturer: '重庆长安汽车股份有限公司' });
    expect(after.filter((v) => v.manufacturer === '比亚迪汽车工业有限公司')).toHaveLength(VEHICLES / 2);
  });

  it('gives a vehicle registered without a manufacturer the one a later row names', async () => {
    const rows = Array.from({ length: VEHICLES }, (_, i) => [vinNo(i + 1), '', '', '', '', i < 10 ? '' : '奇瑞汽车股份有限公司', '']);
    await importFiles(ws.caseFile, [{ path: ws.file('first.csv', csv([MASTER_HEADER, ...rows])) }]);
    expect(register(ws).filter((v) => v.manufacturer !== null)).toHaveLength(VEHICLES - 10);
    const second = rows.map((r, i) => [r[0]!, '', '', '', '', i < 10 ? '比亚迪汽车工业有限公司' : '', '']);
    await importFiles(ws.caseFile, [{ path: ws.file('second.csv', csv([MASTER_HEADER, ...second])) }]);
    const after = register(ws);
    expect(after.filter((v) => v.manufacturer === '比亚迪汽车工业有限公司')).toHaveLength(10);
    expect(after.filter((v) => v.manufacturer === '奇瑞汽车股份有限公司')).toHaveLength(VEHICLES - 10);
  });

  // Master rows are applied after the file's rows are in, VIN by VIN (vehicles.ts registerMaster):
  // the result must be the one of applying each row in file order, bulk load or not.
  for (const bulk of [false, true]) {
    it(`applies a VIN told several times in one file in file order (${bulk ? 'bulk load' : 'row by row'})`, async () => {
      const rows = [
        [vinNo(3), '比亚迪', '秦', '', '2023-01-01', '比亚迪汽车工业有限公司', MAKER_USCC],
        [vinNo(1), '长安', '', '汽油', '', '', ''],
        [vinNo(3), '', '汉', '纯电动', '', '', ''],
        [vinNo(2), '奇瑞', '瑞虎', '', '', '奇瑞汽车股份有限公司', ''],
        [vinNo(3), '', '', '', '2023-02-02', '重庆长安汽车股份有限公司', OTHER_MAKER_USCC],
        [vinNo(1), '', '逸动', '', '', '', ''],
      ];
      // The first VIN is known before (a sale): its master rows update it, in order, too.
      await importFiles(ws.caseFile, [{ path: ws.file('sales.csv', csv([SALES_HEADER, sale(1)])) }]);
      const [result] = await importFiles(ws.caseFile, [{ path: ws.file('master.csv', csv([MASTER_HEADER, ...rows])) }], bulk ? { bulkLoadBytes: 0 } : {});
      expect(result!.refused?.message ?? null).toBeNull();
      expect(register(ws).sort((a, b) => a.vin.localeCompare(b.vin))).toEqual([
        { vin: vinNo(1), make: '长安', model: '逸动', fuel_type: 'ICE', production_date: null, manufacturer: null },
        { vin: vinNo(2), make: '奇瑞', model: '瑞虎', fuel_type: null, production_date: null, manufacturer: '奇瑞汽车股份有限公司' },
        { vin: vinNo(3), make: '比亚迪', model: '汉', fuel_type: 'BEV', production_date: '2023-02-02', manufacturer: '重庆长安汽车股份有限公司' },
      ].sort((a, b) => a.vin.localeCompare(b.vin)));
    });
  }

  it('keeps the master data of a workbook whose sales sheet comes before its vehicles sheet', async () => {
    const book = new ExcelJS.Workbook();
    const sales = book.addWorksheet('发票');
    sales.addRow(SALES_HEADER);
    for (let n = 1; n <= 3; n++) sales.addRow(sale(n));
    const master = book.addWorksheet('车辆');
    master.addRow(MASTER_HEADER);
    for (let n = 1; n <= 3; n++) master.addRow([vinNo(n), '比亚迪', `唐-${n}`, '纯电动', '2023-11-01', '比亚迪汽车工业有限公司', MAKER_USCC]);
    const path = ws.file('book.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    const [result] = await importFiles(ws.caseFile, [{ path }]);
    expect(result!.refused).toBeNull();
    const byNo = (n: number) => [vinNo(n), `唐-${n}`, '比亚迪汽车工业有限公司'];
    expect(register(ws).map((v) => [v.vin, v.model, v.manufacturer])).toEqual([byNo(1), byNo(2), byNo(3)].sort((a, b) => a[0]!.localeCompare(b[0]!)));
  });
});
