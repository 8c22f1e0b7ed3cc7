import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectEncoding } from '../../../electron/backend/import/encoding';
import { importFiles } from '../../../electron/backend/import/import-files';
import { recordSource } from '../../../electron/backend/queries/record-source';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { renderMessage } from '../../../shared/i18n/message';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

const HEADER_ZH = ['发票号码', '开票日期', '车辆识别代号', '销售方名称', '销售方纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计', '发票类型'];
const HEADER_EN = ['Invoice No', 'Sale Date', 'Chassis Number', 'Seller Name', 'seller_tax_id', 'BUYER NAME', 'Buyer Tax ID', 'Amount', 'invoice-kind'];

function salesRows(dates: string[]): string[][] {
  return dates.map((date, i) => [`INV${i}`, date, vinNo(i), '比亚迪汽车销售有限公司', SELLER_USCC, '深圳市前海贸易有限公司', BUYER_USCC, '１２３，４５６．００', i % 2 ? '二手车销售统一发票' : '机动车销售统一发票']);
}

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

describe('encodings', () => {
  const text = csv([HEADER_ZH, ...salesRows(['2024-03-05', '2024-03-06'])]);

  it.each([
    ['utf-8', Buffer.from(text, 'utf8'), 'utf-8'],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8 (BOM)'],
    ['GBK', iconv.encode(text, 'gbk'), 'gb18030'],
    ['GB18030', iconv.encode(text, 'gb18030'), 'gb18030'],
  ])('reads %s without being told', async (_label, bytes, stored) => {
    const path = ws.file('sales.csv', bytes);
    const [result] = await importFiles(ws.caseFile, [{ path }]);
    expect(result).toMatchObject({ kind: 'sales', rows: 2, imported: 2, rejected: 0, refused: null });
    const doc = ws.caseFile.db.prepare('SELECT encoding, info FROM documents').get() as { encoding: string; info: string };
    expect(doc.encoding).toBe(stored);
    const sale = ws.caseFile.db.prepare('SELECT id, seller, buyer, price, invoice_type FROM sales ORDER BY row_no').get() as Record<string, unknown>;
    expect(sale).toMatchObject({ seller: '比亚迪汽车销售有限公司', buyer: '深圳市前海贸易有限公司', price: 123456, invoice_type: 'new' });
    // The cells as written, read back as header -> cell from the stored array and the sheet's headers.
    expect(recordSource(ws.caseFile.db, 'sales', sale.id as number).raw).toMatchObject({ 发票号码: 'INV0', 销售方名称: '比亚迪汽车销售有限公司', 价税合计: '１２３，４５６．００' });
  });

  it('judges a file by its first non-ASCII bytes, even far into the file', () => {
    const gbk = Buffer.concat([Buffer.from('a,b\r\n'.repeat(30_000)), iconv.encode('名称,深圳\r\n', 'gbk')]);
    expect(detectEncoding(gbk).encoding).toBe('gb18030');
    expect(detectEncoding(Buffer.from('a,b\r\n'.repeat(30_000) + '名称,深圳\r\n')).encoding).toBe('utf-8');
    expect(detectEncoding(Buffer.from('plain,ascii\r\n')).encoding).toBe('utf-8');
  });

  it('keeps a character split across read pieces intact (GBK, large file)', async () => {
    const rows = salesRows(Array.from({ length: 9000 }, () => '2024-03-05'));
    const path = ws.file('big-gbk.csv', iconv.encode(csv([HEADER_ZH, ...rows]), 'gbk'));
    const [result] = await importFiles(ws.caseFile, [{ path }]);
    expect(result).toMatchObject({ rows: 9000, imported: 9000, rejected: 0 });
    const names = ws.caseFile.db.prepare('SELECT DISTINCT seller FROM sales').pluck().all();
    expect(names).toEqual(['比亚迪汽车销售有限公司']);
  });
});

describe('dates and header synonyms', () => {
  it('reads every date format of DOMAIN.md, Excel serials included, and rejects non-dates', async () => {
    const dates = ['2024-03-05', '2024/3/5', '20240305', '2024年3月5日', '45356', '2024.3.5', '2024-03-05 14:30:00', '2024-02-30', 'soon'];
    const path = ws.file('dates.csv', csv([HEADER_ZH, ...salesRows(dates)]));
    const [result] = await importFiles(ws.caseFile, [{ path }]);
    expect(result).toMatchObject({ rows: 9, imported: 7, rejected: 2 });
    const stored = ws.caseFile.db.prepare('SELECT invoice_date FROM sales ORDER BY row_no').pluck().all();
    expect(stored).toEqual(Array(7).fill('2024-03-05'));
    expect(result!.rejects.map((r) => [r.row, r.reason])).toEqual([[9, 'bad_date'], [10, 'bad_date']]);
    expect(result!.rejects[0]!.message).toContain('"2024-02-30" is not a date');
  });

  it('rejects a date with the year last saying why and how to write it, in English and Chinese', async () => {
    const dates = ['27.06.2026', '05.06.2026', '27/06/2026', '06-27-2026', '05/06/2026', '05/05/2026', '31.02.2026'];
    const [result] = await importFiles(ws.caseFile, [{ path: ws.file('dates.csv', csv([HEADER_ZH, ...salesRows(dates)])) }]);
    expect(result).toMatchObject({ rows: 7, imported: 0, rejected: 7 });
    expect(result!.rejects.every((r) => r.reason === 'bad_date')).toBe(true);
    const forms = '(dates are read year first: 2024-03-05, 2024/3/5, 20240305, 2024年3月5日 or an Excel serial)';
    expect(result!.rejects.map((r) => r.message)).toEqual([
      `invoice date (开票日期) "27.06.2026" is a day-first date, which is not an accepted form ${forms}; write 2026-06-27`,
      `invoice date (开票日期) "05.06.2026" is a day-first date, which is not an accepted form ${forms}; write 2026-06-05`,
      `invoice date (开票日期) "27/06/2026" is a day-first date, which is not an accepted form ${forms}; write 2026-06-27`,
      `invoice date (开票日期) "06-27-2026" is a month-first date, which is not an accepted form ${forms}; write 2026-06-27`,
      `invoice date (开票日期) "05/06/2026" has the year last, which is not an accepted form ${forms}; write 2026-06-05 if the day comes first, 2026-05-06 if the month does`,
      `invoice date (开票日期) "05/05/2026" has the year last, which is not an accepted form ${forms}; write 2026-05-05`,
      'invoice date (开票日期) "31.02.2026" is not a date',
    ]);
    expect(renderMessage(result!.rejects[0]!.msg!, CASE_ZH)).toBe('开票日期（开票日期） "27.06.2026"：是日在前的日期，不是可接受的格式（日期按年在前读取：2024-03-05、2024/3/5、20240305、2024年3月5日或 Excel 日期序号）；请写作 2026-06-27');
    // The rejected rows' grid shows the same message, kept with the row.
    const kept = ws.caseFile.db.prepare('SELECT message FROM rejected_rows ORDER BY row_no LIMIT 1').pluck().get() as string;
    expect(kept).toContain('write 2026-06-27');
  });

  it('matches English headers in any case and spacing, and Chinese ones, to the same columns', async () => {
    const en = ws.file('en.csv', csv([HEADER_EN, ...salesRows(['2024-03-05']).map((r) => r.map((c) => c.replace('二手车销售统一发票', 'used car invoice')))]));
    const [result] = await importFiles(ws.caseFile, [{ path: en }]);
    expect(result).toMatchObject({ kind: 'sales', imported: 1 });
    const info = JSON.parse(ws.caseFile.db.prepare('SELECT info FROM documents').pluck().get() as string);
    expect(info.sheets[0].mapping).toEqual({
      'Invoice No': 'invoice_no', 'Sale Date': 'invoice_date', 'Chassis Number': 'vin', 'Seller Name': 'seller', seller_tax_id: 'seller_id',
      'BUYER NAME': 'buyer', 'Buyer Tax ID': 'buyer_id', Amount: 'price', 'invoice-kind': 'invoice_type',
    });
  });

  it('reads registrations with event words in both languages and full-width brackets in headers', async () => {
    const header = ['登记日期', '登记类型', '车架号', '机动车所有人', '所有人证件号码', '号牌号码', '登记城市', '行驶里程'];
    const rows = [
      ['2024-03-01', '注册登记', vinNo(1), '深圳市前海贸易有限公司', BUYER_USCC, '粤B12345', '深圳', '12'],
      ['2024-03-09', 'deregistration', vinNo(1), '深圳市前海贸易有限公司', BUYER_USCC, '粤B12345', '深圳', '1,200 km'],
      ['2024-03-10', '转移登记', vinNo(2), '某人', '', '', '深圳', ''],
      ['2024-03-11', '年检', vinNo(3), '某人', '', '', '深圳', ''],
    ];
    const exportsHeader = ['报关单号', '申报日期', 'VIN', '境内发货人', '运抵国（地区）', '新旧状态', '行驶里程'];
    const exportsRows = [['531620240001', '2024-03-12', vinNo(1), '深圳市前海贸易有限公司', '俄罗斯', '二手车', '15'], ['531620240002', '2024-03-12', vinNo(2), 'X', 'Atlantis', 'used', '']];
    const results = await importFiles(ws.caseFile, [{ path: ws.file('reg.csv', csv([header, ...rows])) }, { path: ws.file('exp.csv', csv([exportsHeader, ...exportsRows])) }]);
    expect(results.map((r) => [r.kind, r.imported, r.rejected])).toEqual([['registrations', 3, 1], ['exports', 1, 1]]);
    expect(results[0]!.rejects[0]).toMatchObject({ row: 5, reason: 'bad_value' });
    expect(results[1]!.rejects[0]).toMatchObject({ row: 3, reason: 'bad_country' });
    expect(ws.caseFile.db.prepare('SELECT event FROM registrations ORDER BY row_no').pluck().all()).toEqual(['initial', 'deregistration', 'transfer']);
    expect(ws.caseFile.db.prepare('SELECT odometer_km FROM registrations ORDER BY row_no').pluck().all()).toEqual([12, 1200, null]);
    expect(ws.caseFile.db.prepare('SELECT destination_country || condition FROM exports').pluck().get()).toBe('RUused');
  });
});
