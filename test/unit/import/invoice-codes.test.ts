import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChain } from '../../../electron/backend/graph/chain';
import { importFiles } from '../../../electron/backend/import/import-files';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

// A Chinese VAT invoice is its code (发票代码) and its number (发票号码) together: the same number under
// another code is another invoice, and two files telling it were folded into one sale by number alone.

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const CODED = ['发票代码', '发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
const UNCODED = CODED.slice(1);
const row = (code: string, no: string, vin: number, price = '100000') => [code, no, '2024-03-02', vinNo(vin), '深圳市前海贸易有限公司', SELLER_USCC, '重庆两江汽车贸易有限公司', BUYER_USCC, price];

type Sale = { id: number; invoice_code: string | null; invoice_no: string; vin: string; sources: number };
const sales = (w: Workspace) => w.caseFile.db.prepare(`SELECT s.id, s.invoice_code, s.invoice_no, s.vin,
    (SELECT count(*) FROM record_sources r WHERE r.record_kind = 'sales' AND r.record_id = s.id) AS sources FROM sales s ORDER BY s.id`).all() as Sale[];
/** Every imported row is a sale or a source of one, never both, never neither. */
const rowsKept = (w: Workspace) => (w.caseFile.db.prepare("SELECT (SELECT count(*) FROM sales) + (SELECT count(*) FROM record_sources WHERE record_kind = 'sales')").pluck().get() as number);

describe('invoice codes', () => {
  it('keeps two invoices of one number and VIN under different codes apart, and folds the same code and number', async () => {
    const [a] = await importFiles(ws.caseFile, [{ path: ws.file('a.csv', csv([CODED, row('144002410071', '00012345', 1), row('144002410071', '00020000', 2)])) }]);
    const [b] = await importFiles(ws.caseFile, [{ path: ws.file('b.csv', csv([CODED, row('131002412345', '00012345', 1, '150000'), row('144002410071', '00020000', 2)])) }]);
    expect([a, b].map((r) => [r!.imported, r!.rejected])).toEqual([[2, 0], [2, 0]]);
    // 00012345 under 1440… and under 1310… are two sales of VIN 1 (one sale before, with price 150000 a disagreeing source).
    expect(sales(ws)).toEqual([
      { id: 1, invoice_code: '144002410071', invoice_no: '00012345', vin: vinNo(1), sources: 0 },
      { id: 2, invoice_code: '144002410071', invoice_no: '00020000', vin: vinNo(2), sources: 1 },
      { id: 3, invoice_code: '131002412345', invoice_no: '00012345', vin: vinNo(1), sources: 0 },
    ]);
    expect(ws.caseFile.db.prepare("SELECT differs FROM record_sources WHERE record_kind = 'sales'").pluck().all()).toEqual([null]);
    // On screen and on the evidence sheet the two invoices are told apart by their codes.
    expect(buildChain(ws.caseFile.db, vinNo(1)).timeline.filter((e) => e.kind === 'sale').map((e) => e.detail.split(':')[0]))
      .toEqual(['invoice 144002410071 00012345', 'invoice 131002412345 00012345']);
    // A file without codes folds by number, as before (DOMAIN.md): into the first invoice of that number.
    await importFiles(ws.caseFile, [{ path: ws.file('c.csv', csv([UNCODED, row('', '00012345', 1).slice(1), row('', '00030000', 3).slice(1)])) }]);
    expect(sales(ws).map((s) => [s.invoice_code, s.invoice_no, s.sources])).toEqual([
      ['144002410071', '00012345', 1], ['144002410071', '00020000', 1], ['131002412345', '00012345', 0], [null, '00030000', 0]]);
    expect(rowsKept(ws)).toBe(6);
  });

  it('a sale without a code takes one code only: a row with another code is another invoice', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('numbers.csv', csv([UNCODED, row('', '00012345', 1).slice(1)])) }]);
    await importFiles(ws.caseFile, [{ path: ws.file('first-code.csv', csv([CODED, row('144002410071', '00012345', 1)])) }]);
    await importFiles(ws.caseFile, [{ path: ws.file('second-code.csv', csv([CODED, row('131002412345', '00012345', 1)])) }]);
    expect(sales(ws).map((s) => [s.invoice_code, s.sources])).toEqual([[null, 1], ['131002412345', 0]]);
    expect(rowsKept(ws)).toBe(3);
  });

  it('in one file: a row without a code joins the row before it, and a third code stays its own invoice', async () => {
    const rows = [row('144002410071', '00012345', 1), row('', '00012345', 1), row('131002412345', '00012345', 1), row('131002412345', '00012345', 1)];
    const [result] = await importFiles(ws.caseFile, [{ path: ws.file('mixed.csv', csv([CODED, ...rows])) }]);
    expect(result).toMatchObject({ imported: 4, rejected: 0 });
    expect(sales(ws).map((s) => [s.invoice_code, s.sources])).toEqual([['144002410071', 1], ['131002412345', 1]]);
    expect(rowsKept(ws)).toBe(4);
    // The code is a field of the sale now, no longer a column read into no field.
    expect(result!.sheets?.[0]?.unread ?? []).not.toContain('发票代码');
  });
});
