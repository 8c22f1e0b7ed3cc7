import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { recordSource } from '../../../electron/backend/queries/record-source';
import { SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

// A record keeps its source row as written: stored as the array of its cells, read back through the
// sheet's headers (blank and repeated headers made unique, short rows padded, extra cells numbered).
const HEADER = ['发票号码', '开票日期', '车辆识别代号', '销售方名称', '销售方纳税人识别号', '购买方名称', '价税合计', '', '备注', '备注'];

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

function rawOf(invoice: string): Record<string, unknown> {
  const id = ws.caseFile.db.prepare('SELECT id FROM sales WHERE invoice_no = ?').pluck().get(invoice) as number;
  return recordSource(ws.caseFile.db, 'sales', id).raw;
}

describe('the raw row of a record', () => {
  it('gives back every cell as written under its header', async () => {
    const rows = [
      HEADER,
      ['R1', '2024年3月5日', vinNo(1), '比亚迪汽车销售有限公司', SELLER_USCC, '张三', '１２３，４５６．００', 'x', 'first "quoted"\nline', 'second'],
      ['R2', '2024-03-05', vinNo(2), 'Dealer', SELLER_USCC, 'Buyer', '100', '', '', ''],
      ['R3', '2024-03-05', vinNo(3), 'Dealer', SELLER_USCC, 'Buyer', '100', '', '', '', ''],
    ];
    const [result] = await importFiles(ws.caseFile, [{ path: ws.file('raw.csv', csv(rows)) }]);
    expect(result).toMatchObject({ kind: 'sales', imported: 3, rejected: 0 });
    expect(rawOf('R1')).toEqual({
      发票号码: 'R1', 开票日期: '2024年3月5日', 车辆识别代号: vinNo(1), 销售方名称: '比亚迪汽车销售有限公司', 销售方纳税人识别号: SELLER_USCC,
      购买方名称: '张三', 价税合计: '１２３，４５６．００', '(column 8)': 'x', 备注: 'first "quoted"\nline', '备注 (2)': 'second',
    });
    expect(rawOf('R2')).toEqual({
      发票号码: 'R2', 开票日期: '2024-03-05', 车辆识别代号: vinNo(2), 销售方名称: 'Dealer', 销售方纳税人识别号: SELLER_USCC,
      购买方名称: 'Buyer', 价税合计: '100', '(column 8)': '', 备注: '', '备注 (2)': '',
    });
    expect(rawOf('R3')).toMatchObject({ '备注 (2)': '', '(column 11)': '' });
    // Stored without the headers (the document's info holds them once), and without the cells their
    // canonical columns hold exactly as written (null); the price as written differs from the number.
    const stored = (invoice: string) => JSON.parse(ws.caseFile.db.prepare('SELECT raw FROM sales WHERE invoice_no = ?').pluck().get(invoice) as string) as unknown[];
    expect(stored('R2')).toEqual([null, null, null, null, null, null, '100', '', '', '']);
    expect(stored('R1').slice(0, 7)).toEqual([null, '2024年3月5日', null, null, null, null, '１２３，４５６．００']);
  });

  it('keeps a cell or a line longer than many read pieces whole, with the rows around it', async () => {
    // Text tables are read 32 KB at a time; a row that spans dozens of pieces is parsed once its
    // text has doubled, not again with each piece.
    const long = `${'很长的备注，'.repeat(60_000)}\n"quoted" line`;
    const rows = [HEADER, ['L1', '2024-03-05', vinNo(1), 'Dealer', SELLER_USCC, 'Buyer', '100', '', long, 'after'], ['L2', '2024-03-06', vinNo(2), 'Dealer', SELLER_USCC, 'Buyer', '200', '', '', '']];
    const [table] = await importFiles(ws.caseFile, [{ path: ws.file('long.csv', csv(rows)) }]);
    expect(table).toMatchObject({ kind: 'sales', rows: 2, imported: 2, rejected: 0 });
    expect(rawOf('L1')).toMatchObject({ 备注: long, '备注 (2)': 'after' });
    expect(rawOf('L2')).toMatchObject({ 价税合计: '200' });

    const lines = [{ 提单号: 'B0', 离港日期: '2024-03-14', vin: vinNo(3), 备注: long }, { 提单号: 'B1', 离港日期: '2024-03-15', vin: vinNo(4) }]
      .map((line) => JSON.stringify(line)).join('\n');
    const [jsonl] = await importFiles(ws.caseFile, [{ path: ws.file('long.jsonl', lines) }]);
    expect(jsonl).toMatchObject({ kind: 'shipments', rows: 2, imported: 2, rejected: 0 });
    const id = ws.caseFile.db.prepare("SELECT id FROM shipments WHERE bl_no = 'B0'").pluck().get() as number;
    expect(recordSource(ws.caseFile.db, 'shipments', id).raw).toMatchObject({ 备注: long });
  });

  it('lists a JSON key first met on a later line for the earlier records too', async () => {
    const lines = [
      { 提单号: 'B1', 离港日期: '2024-03-15', vin: vinNo(1), 运输方式: '海运' },
      { 提单号: 'B2', 离港日期: '2024-03-16', vin: vinNo(2), 运输方式: 'rail', 箱号: 'TGHU1234567' },
    ].map((line) => JSON.stringify(line)).join('\n');
    await importFiles(ws.caseFile, [{ path: ws.file('bl.jsonl', lines) }]);
    const ids = ws.caseFile.db.prepare('SELECT id FROM shipments ORDER BY row_no').pluck().all() as number[];
    expect(ids.map((id) => recordSource(ws.caseFile.db, 'shipments', id).raw)).toEqual([
      { 提单号: 'B1', 离港日期: '2024-03-15', vin: vinNo(1), 运输方式: '海运', 箱号: '' },
      { 提单号: 'B2', 离港日期: '2024-03-16', vin: vinNo(2), 运输方式: 'rail', 箱号: 'TGHU1234567' },
    ]);
  });
});
