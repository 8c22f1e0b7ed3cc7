import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordSourceRows } from '../../../electron/backend/casefile/record-sources';
import { importFile } from '../../../electron/backend/import/import-file';
import { acceptProposedRecord, listProposedRecords } from '../../../electron/backend/import/proposed-records';
import { renderFixtures } from '../../support/document-fixtures';
import { invoiceForm } from '../../support/invoice-scans';
import { csv, workspace, type Workspace } from './import-helpers';

// One invoice told by a page and by a CSV row is one sale (VIN + number, the code qualifying them),
// whichever comes first; the same number under another code stays another sale. The page is read
// from a text PDF here (invoice-scans.test.ts reads scans of it by OCR).
const form = invoiceForm(47, 0);
const t = form.truth;
let pdf: string;
let ws: Workspace;

beforeAll(async () => {
  pdf = (await renderFixtures({ [form.name]: form.html }, { png: false }))[form.name]!.pdf;
}, 120_000);
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const HEADERS = ['发票代码', '发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
const row = (code: string, price = String(t.price)) => [code, String(t.invoice_no), String(t.invoice_date), String(t.vin), String(t.seller), String(t.seller_id), String(t.buyer), String(t.buyer_id), price];
const sales = () => ws.caseFile.db.prepare('SELECT id, invoice_code, invoice_no, price, page FROM sales ORDER BY id').all() as { id: number; invoice_code: string | null; invoice_no: string; price: number; page: number | null }[];

async function acceptPage(): Promise<ReturnType<typeof acceptProposedRecord>> {
  const path = join(ws.dir, 'invoice.pdf');
  copyFileSync(pdf, path);
  expect(await importFile(ws.caseFile.db, { path })).toMatchObject({ refused: null, proposed: 1 });
  const [proposal] = listProposedRecords(ws.caseFile.db, { status: 'proposed' });
  return acceptProposedRecord(ws.caseFile.db, proposal!.id);
}

describe('an invoice both on a page and in a CSV', () => {
  it('page first: the CSV row folds into the sale the page made, a disagreeing price named', async () => {
    const accepted = await acceptPage();
    expect(accepted.further_source).toBeUndefined();
    await importFile(ws.caseFile.db, { path: ws.file('sales.csv', csv([HEADERS, row(String(t.invoice_code), String(Number(t.price) + 1000))])) });
    expect(sales()).toEqual([{ id: accepted.record_id, invoice_code: t.invoice_code, invoice_no: t.invoice_no, price: t.price, page: 1 }]);
    expect(recordSourceRows(ws.caseFile.db, 'sales', accepted.record_id)).toMatchObject([{ page: null, row_no: 2, differs: 'price' }]);
  });

  it('CSV first, without the code: the page folds into that sale by number and becomes a source of it, citing its page', async () => {
    await importFile(ws.caseFile.db, { path: ws.file('sales.csv', csv([HEADERS.slice(1), row('').slice(1)])) });
    const [fromTable] = sales();
    const accepted = await acceptPage();
    // The page gives the sale the code its row lacked, and says so.
    expect(accepted).toMatchObject({ record_id: fromTable!.id, kind: 'sales', further_source: true, same_facts: { folded: 1, codes_given: 1 } });
    expect(sales()).toEqual([fromTable]);
    const [source] = recordSourceRows(ws.caseFile.db, 'sales', fromTable!.id);
    expect(source).toMatchObject({ page: 1, row_no: null, differs: null });
    expect(JSON.parse(source!.fields)).toMatchObject({ invoice_code: t.invoice_code, invoice_no: t.invoice_no });
  });

  it('CSV first under another code: the page is another invoice, a sale of its own', async () => {
    await importFile(ws.caseFile.db, { path: ws.file('sales.csv', csv([HEADERS, row('131002412345')])) });
    const accepted = await acceptPage();
    expect(accepted.further_source).toBeUndefined();
    expect(sales().map((s) => [s.invoice_code, s.page])).toEqual([['131002412345', null], [t.invoice_code, 1]]);
  });
});
