import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEvidenceSheet } from '../../../electron/backend/export/evidence/evidence-data';
import { evidenceSheetHtml } from '../../../electron/backend/export/evidence/evidence-sheet';
import { UNTITLED_CASE } from '../../../shared/contract/case';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { renderMessage } from '../../../shared/i18n/message';
import { eventCitation, sourcesCitation } from '../../../shared/timeline-drawing';
import { importFiles } from '../../../electron/backend/import/import-files';
import { recordSource } from '../../../electron/backend/queries/record-source';
import { FLAG_EVIDENCE_CELL_SQL, registerCitation } from '../../../electron/backend/export/evidence-citation';
import { runRules } from '../../../electron/backend/rules/runner';
import { BUYER_USCC, SELLER_USCC, count, csv, vinNo, workspace, type Workspace } from './import-helpers';

// One record per real-world fact (issue 16 item 2): the same invoice in two files is one sale with two sources.

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const HEADER = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
const sale = (n: number, price = 100000 + n) => [`1003${String(n).padStart(4, '0')}`, '2024-03-02', vinNo(n), '深圳市前海贸易有限公司', SELLER_USCC, '重庆两江汽车贸易有限公司', BUYER_USCC, String(price)];
const ROWS = Array.from({ length: 40 }, (_, i) => sale(i + 1));

type Source = { record_id: number; document_id: number; row_no: number; differs: string | null };
const rapidResales = (w: Workspace) => w.caseFile.db.prepare("SELECT count(*) FROM flags WHERE rule = 'rapid_resale'").pluck().get() as number;
const sources = (w: Workspace) => w.caseFile.db.prepare("SELECT record_id, document_id, row_no, differs FROM record_sources WHERE record_kind = 'sales' ORDER BY id").all() as Source[];

describe('same facts from two sources', () => {
  it('keeps one sale per invoice and VIN when a second file has the same rows in another order', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('a.csv', csv([HEADER, ...ROWS])) }]);
    const before = ws.caseFile.db.prepare('SELECT id, invoice_no, vin, price FROM sales ORDER BY id').all();
    const [second] = await importFiles(ws.caseFile, [{ path: ws.file('b.csv', csv([HEADER, ...[...ROWS].reverse()])) }]);
    expect(second).toMatchObject({ duplicate: false, imported: 40 });
    expect(ws.caseFile.db.prepare('SELECT id, invoice_no, vin, price FROM sales ORDER BY id').all()).toEqual(before);
    const extra = sources(ws);
    expect(extra).toHaveLength(40);
    // Row 2 of b.csv is the last sale of a.csv, and so on; every source agrees.
    const byInvoice = new Map((before as { id: number; invoice_no: string }[]).map((r) => [r.invoice_no, r.id]));
    expect(extra.find((s) => s.row_no === 2)).toEqual({ record_id: byInvoice.get(ROWS[39]![0]!), document_id: 2, row_no: 2, differs: null });
    expect(count(ws.caseFile, 'vehicles')).toBe(40);
    const info = JSON.parse(ws.caseFile.db.prepare('SELECT info FROM documents WHERE id = 2').pluck().get() as string);
    expect(info.same_facts).toBe(40);
  });

  it('takes a CSV and an XLSX of the same table as one set of facts, and keeps a disagreeing value', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('sales.csv', csv([HEADER, ...ROWS])) }]);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('销售');
    sheet.addRow(HEADER);
    // Row 5 of the workbook gives another price for the sale of VIN 4; one more row is a new sale.
    for (const row of [...ROWS.slice(0, 3), sale(4, 99999), ...ROWS.slice(4), sale(41)]) sheet.addRow(row);
    const path = `${ws.dir}/sales.xlsx`;
    await book.xlsx.writeFile(path);
    const [result] = await importFiles(ws.caseFile, [{ path }]);
    expect(result).toMatchObject({ duplicate: false, imported: 41 });
    expect(count(ws.caseFile, 'sales')).toBe(41);
    const extra = sources(ws);
    expect(extra).toHaveLength(40);
    expect(extra.filter((s) => s.differs !== null)).toEqual([{ record_id: 4, document_id: 2, row_no: 5, differs: 'price' }]);
    // Both values are kept: the record's and the source's.
    expect(ws.caseFile.db.prepare('SELECT price FROM sales WHERE id = 4').pluck().get()).toBe(100004);
    expect(JSON.parse(ws.caseFile.db.prepare('SELECT fields FROM record_sources WHERE row_no = 5').pluck().get() as string)).toMatchObject({ price: 99999, invoice_no: ROWS[3]![0] });

    // The disagreement is a flag citing both rows; a source opens as its own row, cells as written.
    const { run } = runRules(ws.caseFile, {});
    const flags = ws.caseFile.db.prepare('SELECT id, rule, severity, vin, reason FROM flags WHERE run_id = ? AND rule = ?').all(run.id, 'conflicting_sources') as { id: number; reason: string }[];
    expect(flags).toEqual([expect.objectContaining({ severity: 'medium', vin: vinNo(4), reason: `1 source disagrees with the record: invoice ${ROWS[3]![0]}: price 100004 / 99999` })]);
    const evidence = ws.caseFile.db.prepare('SELECT record_kind, record_id, document_id, row_no FROM flag_evidence WHERE flag_id = ? ORDER BY document_id').all(flags[0]!.id) as { record_id: number }[];
    const sourceId = ws.caseFile.db.prepare('SELECT id FROM record_sources WHERE row_no = 5').pluck().get() as number;
    expect(evidence).toEqual([{ record_kind: 'sales', record_id: 4, document_id: 1, row_no: 5 }, { record_kind: 'sales', record_id: -sourceId, document_id: 2, row_no: 5 }]);
    const further = recordSource(ws.caseFile.db, 'sales', -sourceId);
    expect(further).toMatchObject({ file_name: 'sales.xlsx', row_no: 5, sheet: '销售', raw: expect.objectContaining({ 价税合计: '99999', VIN: vinNo(4) }) });
    expect(rapidResales(ws)).toBe(0);
    // The flags table of an export cites the further source with its sheet, as the sheet and the screen do.
    registerCitation(ws.caseFile.db);
    const cell = ws.caseFile.db.prepare(`SELECT ${FLAG_EVIDENCE_CELL_SQL} FROM flags f WHERE f.id = ?`).pluck().get(flags[0]!.id) as string;
    expect(cell.replace(/ sha256:[0-9a-f]{64}/g, '').split('; ').sort()).toEqual(['sales.csv row 5', 'sales.xlsx sheet 销售, row 5']);

    // The vehicle and its evidence sheet cite both sources of every sale.
    const evidenceSheet = loadEvidenceSheet(ws.caseFile.db, vinNo(4));
    const saleEvent = evidenceSheet.chain.timeline.find((e) => e.kind === 'sale')!;
    expect([saleEvent.evidence, ...saleEvent.sources].map((e) => [e.file_name, e.row])).toEqual([['sales.csv', 5], ['sales.xlsx', 5]]);
    expect(evidenceSheet.sources.map((s) => s.file_name).sort()).toEqual(['sales.csv', 'sales.xlsx']);
    // The command line cites both too, and the sheet cites the second source by its document and row,
    // never by its negative id; in Chinese without 'row', 'also' or an untitled case in English.
    expect(sourcesCitation(saleEvent)).toBe('sales.csv row 5; also sales.xlsx sheet 销售, row 5');
    expect(eventCitation(saleEvent, (m) => renderMessage(m, CASE_ZH))).toMatch(/ — sales\.csv 第 5 行；另见 sales\.xlsx 工作表 销售，第 5 行$/);
    const untitled = { ...evidenceSheet, header: { ...evidenceSheet.header, title: UNTITLED_CASE } };
    const page = (lang: 'en' | 'zh') => evidenceSheetHtml(untitled, { paper: 'a4', landscape: false, unmaskIds: false, lang })
      .replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
    const english = page('en');
    expect(english).toContain('Untitled case');
    expect(english).toContain('sales #4: sales.csv row 5 also in sales.xlsx sheet 销售, row 5');
    const chinese = page('zh');
    expect(chinese).not.toMatch(/#-\d/);
    expect(chinese).toContain('未命名案件');
    // 第 N 行 is held together by no-break spaces on paper (940863d).
    expect(chinese).toMatch(/销售 #4：sales.csv 第\u00a05\u00a0行\s+另见 sales.xlsx 工作表 销售，第\u00a05\u00a0行/);
    expect(chinese.match(/\b(row|also|Untitled|page|km)\b/g)).toBeNull();
  });

  it('folds a fact told twice within one file, and still refuses the same file twice', async () => {
    const path = ws.file('twice.csv', csv([HEADER, ...ROWS.slice(0, 5), ROWS[0]!]));
    const [first] = await importFiles(ws.caseFile, [{ path }]);
    expect(first).toMatchObject({ imported: 6 });
    expect(count(ws.caseFile, 'sales')).toBe(5);
    expect(sources(ws)).toEqual([{ record_id: 1, document_id: 1, row_no: 7, differs: null }]);
    const [again] = await importFiles(ws.caseFile, [{ path }]);
    expect(again).toMatchObject({ duplicate: true });
    expect(count(ws.caseFile, 'record_sources')).toBe(1);
  });
});
