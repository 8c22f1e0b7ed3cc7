import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SALE_CITED } from '../../../electron/backend/casefile/record-sources';
import { buildChain } from '../../../electron/backend/graph/chain';
import { describeSameFacts } from '../../../electron/backend/cli/commands/import';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { exportTable } from '../../../electron/backend/export/case-tables';
import { flagReason } from '../../../shared/flag-reasons';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { renderMessage } from '../../../shared/i18n/message';
import { flagsOf } from '../../support/flag-query';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, editOutside, workspace, type Workspace } from './import-helpers';

// A stranger's probe of the fold (casefile/record-sources.ts): file A has an invoice without its code,
// file B the same invoice with it, and the sale stayed uncoded everywhere; a sale edited with the
// sqlite3 shell took a further source without a word; "12345" and "00012345" stayed two sales unsaid.

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const CODED = ['发票代码', '发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
const UNCODED = CODED.slice(1);
const CODE = '144002410071';
const sale = (code: string | null, no: string, vin: number, date = '2024-03-02', price = '100000') =>
  [...(code === null ? [] : [code]), no, date, vinNo(vin), '深圳市前海贸易有限公司', SELLER_USCC, '重庆两江汽车贸易有限公司', BUYER_USCC, price];
const coded = (rows: string[][]) => csv([CODED, ...rows]);
const uncoded = (rows: string[][]) => csv([UNCODED, ...rows]);

const cited = () => ws.caseFile.db.prepare(`SELECT s.vin, s.invoice_code AS own, ${SALE_CITED('s')} AS cited FROM sales s ORDER BY s.id`).all();
const problems = () => verifyCaseFile(ws.caseFile.db, { skipIntegrity: true }).problems.map((p) => `${p.what}:${p.problem}:${'key' in p ? p.key : ''}`);
const saleLine = (vin: string) => buildChain(ws.caseFile.db, vin).timeline.find((e) => e.kind === 'sale')!;

const edit = (sql: string) => editOutside(ws, sql);

describe('a code given by a later source', () => {
  it('is cited with the sale, marked as given by that row, and leaves the earlier document as committed', async () => {
    const [a] = await importFiles(ws.caseFile, [{ path: ws.file('a.csv', uncoded([sale(null, '00012345', 1), sale(null, '00020000', 2)])) }]);
    expect(a!.same_facts).toBeUndefined();
    const [b] = await importFiles(ws.caseFile, [{ path: ws.file('b.csv', coded([sale('131000000001', '00099999', 3), sale(CODE, '00012345', 1)])) }]);
    expect(b!.same_facts).toMatchObject({ folded: 1, codes_given: 1, changed_outside: [], leading_zeros: [] });
    // The sale's own row (document 1) keeps what file A said; the code stays with B's row, its source.
    expect(cited()).toEqual([
      { vin: vinNo(1), own: null, cited: `${CODE} 00012345` },
      { vin: vinNo(2), own: null, cited: '00020000' },
      { vin: vinNo(3), own: '131000000001', cited: '131000000001 00099999' },
    ]);
    const line = saleLine(vinNo(1));
    expect(line.detail).toBe(`invoice ${CODE} 00012345 (code given by b.csv row 3): 深圳市前海贸易有限公司 to 重庆两江汽车贸易有限公司, CNY 100000`);
    expect(renderMessage(line.detail_msg!, CASE_ZH)).toContain(`${CODE} 00012345（发票代码见 b.csv 第 3 行）`);
    expect(line.sources.map((s) => [s.file_name, s.row])).toEqual([['b.csv', 3]]);
    expect(line.evidence).toMatchObject({ file_name: 'a.csv', row: 2 });
    expect(problems()).toEqual([]);
    // A reason cites the invoice with its code too (an export after a sale dated later).
    await importFiles(ws.caseFile, [{ path: ws.file('x.csv', csv([['报关单号', '申报日期', 'VIN', '境内发货人', '运抵国(地区)', '行驶里程'],
      ['D1', '2024-03-01', vinNo(1), '霍尔果斯出口有限公司', 'KZ', '10']])) }]);
    const run = runRules(ws.caseFile, {});
    // The mark goes with it, as on the vehicle page: in the stored reason, in either language, in an export's records table.
    const conflict = flagsOf(ws.caseFile.db, run.run.id, 'timeline_conflict')[0]!;
    expect(conflict.reason).toContain(`sale ${CODE} 00012345 (code given by b.csv row 3) dated 2024-03-02`);
    expect(renderMessage(flagReason(conflict.rule, conflict.facts)!, CASE_EN)).toContain(`sale ${CODE} 00012345 (code given by b.csv row 3) dated 2024-03-02`);
    expect(renderMessage(flagReason(conflict.rule, conflict.facts)!, CASE_ZH)).toContain(`${CODE} 00012345（发票代码见 b.csv 第 3 行）`);
    const records = [...exportTable(ws.caseFile.db, 'records', { flaggedOnly: false, unmaskIds: false }).rows];
    expect(records.filter((r) => r[0] === 'sales').map((r) => [r[2], r[4]])).toEqual([
      [vinNo(1), `${CODE} 00012345 (code given by b.csv row 3)`], [vinNo(2), '00020000'], [vinNo(3), '131000000001 00099999'],
    ]);
    // A source disagreeing on the sale names it so too.
    await importFiles(ws.caseFile, [{ path: ws.file('c.csv', uncoded([sale(null, '00012345', 1, '2024-03-02', '99999')])) }]);
    const again = runRules(ws.caseFile, {});
    const disagree = flagsOf(ws.caseFile.db, again.run.id, 'conflicting_sources')[0]!;
    expect(disagree.reason).toBe(`1 source disagrees with the record: invoice ${CODE} 00012345 (code given by b.csv row 3): price 100000 / 99999`);
    expect(renderMessage(flagReason(disagree.rule, disagree.facts)!, CASE_ZH)).toContain(`${CODE} 00012345（发票代码见 b.csv 第 3 行）`);
  });

  it('from a workbook, is marked with the sheet and row that gave it', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('a.csv', uncoded([sale(null, '00012345', 1)])) }]);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('发票');
    for (const row of [CODED, sale(CODE, '00012345', 1)]) sheet.addRow(row);
    const path = join(ws.dir, 'b.xlsx');
    await book.xlsx.writeFile(path);
    await importFiles(ws.caseFile, [{ path }]);
    expect(saleLine(vinNo(1)).detail).toBe(`invoice ${CODE} 00012345 (code given by b.xlsx sheet 发票, row 2): 深圳市前海贸易有限公司 to 重庆两江汽车贸易有限公司, CNY 100000`);
    expect(renderMessage(saleLine(vinNo(1)).detail_msg!, CASE_ZH)).toContain(`${CODE} 00012345（发票代码见 b.xlsx 工作表 发票，第 2 行）`);
  });

  it('the coded row first: the sale has its own code and no mark', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('b.csv', coded([sale(CODE, '00012345', 1)])) }]);
    const [a] = await importFiles(ws.caseFile, [{ path: ws.file('a.csv', uncoded([sale(null, '00012345', 1)])) }]);
    expect(a!.same_facts).toBeUndefined();
    expect(saleLine(vinNo(1)).detail).toBe(`invoice ${CODE} 00012345: 深圳市前海贸易有限公司 to 重庆两江汽车贸易有限公司, CNY 100000`);
  });
});

describe('a record told again that was changed outside ZeroMile', () => {
  it('is named by the import with its own row and the row that told it again', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('a.csv', uncoded([sale(null, '00012345', 1), sale(null, '00020000', 2), sale(null, '00030000', 3)])) }]);
    edit("UPDATE sales SET price = 1 WHERE invoice_no = '00020000'");
    const [b] = await importFiles(ws.caseFile, [{ path: ws.file('b.csv', uncoded([sale(null, '00012345', 1), sale(null, '00020000', 2)])) }]);
    expect(b!.same_facts).toMatchObject({
      folded: 2, changed_outside_total: 1,
      changed_outside: [{ kind: 'sales', change: 'changed', record: { file: 'a.csv', row_no: 3 }, source: { file: 'b.csv', row_no: 3 } }],
    });
    // On the record too, and verify still names document 1 as changed.
    const detail = JSON.parse(ws.caseFile.db.prepare("SELECT detail FROM audit_log WHERE action = 'import.file' ORDER BY id DESC LIMIT 1").pluck().get() as string);
    expect(detail.same_facts.changed_outside_total).toBe(1);
    expect(problems()).toEqual(['facts:digest:document:1']);
  });

  it('a row added by hand and then told again is named as added', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('a.csv', uncoded([sale(null, '00012345', 1)])) }]);
    edit(`INSERT INTO sales (document_id, row_no, raw, vin, invoice_no, invoice_date, seller, seller_party_id, buyer, buyer_party_id)
      SELECT document_id, 99, raw, vin, '00077777', invoice_date, seller, seller_party_id, buyer, buyer_party_id FROM sales WHERE id = 1`);
    const [b] = await importFiles(ws.caseFile, [{ path: ws.file('b.csv', uncoded([sale(null, '00077777', 1)])) }]);
    expect(b!.same_facts?.changed_outside).toMatchObject([{ change: 'added', record: { file: 'a.csv', row_no: 99 }, source: { row_no: 2 } }]);
  });
});

describe('invoice numbers that differ only by leading zeros', () => {
  it('stay two sales (DOMAIN.md compares numbers as written) and the import says so', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('a.csv', uncoded([sale(null, '00012345', 1)])) }]);
    const [b] = await importFiles(ws.caseFile, [{ path: ws.file('b.csv', uncoded([sale(null, '12345', 1), sale(null, '12345', 2)])) }]);
    expect(b!.same_facts).toMatchObject({
      leading_zeros_total: 1,
      leading_zeros: [{ vin: vinNo(1), sale: { invoice_no: '12345', file: 'b.csv', row_no: 2 }, other: { invoice_no: '00012345', file: 'a.csv', row_no: 2 } }],
    });
    expect(ws.caseFile.db.prepare('SELECT count(*) FROM sales').pluck().get()).toBe(3);
    // Two codes that differ make two invoices whatever the numbers: nothing to say.
    const [c] = await importFiles(ws.caseFile, [{ path: ws.file('c.csv', coded([sale('1', '0055', 4), sale('2', '55', 4)])) }]);
    expect(c!.same_facts).toBeUndefined();
  });

  it('are named whatever the count of zeros on either side, both padded or one bare, and nothing else is', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('a.csv', uncoded([sale(null, '012345', 1), sale(null, '0000000000077', 2), sale(null, '0099', 3)])) }]);
    const [b] = await importFiles(ws.caseFile, [{ path: ws.file('b.csv', uncoded([
      sale(null, '0012345', 1), sale(null, '77', 2), sale(null, '000099', 3), sale(null, '0012345', 3), sale(null, '10099', 3),
    ])) }]);
    const pairs = b!.same_facts!.leading_zeros.map((z) => [z.vin, z.sale.invoice_no, z.other.invoice_no]);
    expect(pairs).toEqual([[vinNo(1), '0012345', '012345'], [vinNo(2), '77', '0000000000077'], [vinNo(3), '000099', '0099']]);
    expect(b!.same_facts!.leading_zeros_total).toBe(3);
    expect(ws.caseFile.db.prepare('SELECT count(*) FROM sales').pluck().get()).toBe(8);
    // Within one file too, and on the command line.
    const [c] = await importFiles(ws.caseFile, [{ path: ws.file('c.csv', uncoded([sale(null, '00500', 4), sale(null, '000500', 4)])) }]);
    expect(c!.same_facts!.leading_zeros.map((z) => [z.sale.invoice_no, z.sale.row_no, z.other.invoice_no, z.other.row_no])).toEqual([['000500', 3, '00500', 2]]);
    expect(describeSameFacts(c!.same_facts)).toEqual([`warning: VIN ${vinNo(4)}: invoice 000500 (c.csv row 3) and invoice 00500 (c.csv row 2) `
      + 'differ only by leading zeros; invoice numbers are compared as written, so they are kept as two sales']);
  });
});

/** A small seeded generator (mulberry32): the same seed, the same files. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) >>> 0;
    t ^= t + Math.imul(t ^ (t >>> 14), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fuzz over file order', () => {
  it('A then B, B then A, both in one file: the same sales, the same codes cited, every row kept, verify clean', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const next = random(seed);
      // Invoices of a few VINs: each told without a code (A) and with it (B), some only in one file.
      const invoices = Array.from({ length: 12 }, (_, i) => ({ vin: 1 + Math.floor(next() * 5), no: String(10000 + i).padStart(8, '0'), code: next() < 0.7 ? `1440${seed}${i}` : null }));
      const inA = invoices.filter(() => next() < 0.8);
      const inB = invoices.filter((inv) => inv.code !== null && next() < 0.8);
      const rowsA = inA.map((inv) => [CODE.slice(0, 0), ...sale(null, inv.no, inv.vin)]);
      const rowsB = inB.map((inv) => sale(inv.code, inv.no, inv.vin));
      const expected = new Map([...inA, ...inB].map((inv) => [`${vinNo(inv.vin)} ${inv.no}`, inB.includes(inv) ? `${inv.code} ${inv.no}` : inv.no]));
      const orders: [string, string][][] = [
        [['a.csv', coded(rowsA)], ['b.csv', coded(rowsB)]],
        [['b.csv', coded(rowsB)], ['a.csv', coded(rowsA)]],
        [['ab.csv', coded([...rowsA, ...rowsB].sort(() => next() - 0.5))]],
      ];
      for (const files of orders) {
        ws.done();
        ws = workspace();
        for (const [name, text] of files) await importFiles(ws.caseFile, [{ path: ws.file(name, text) }]);
        const got = new Map((ws.caseFile.db.prepare(`SELECT s.vin || ' ' || s.invoice_no AS k, ${SALE_CITED('s')} AS c FROM sales s`).all() as { k: string; c: string }[]).map((r) => [r.k, r.c]));
        expect(got, `seed ${seed}, ${files.map(([n]) => n).join(' then ')}`).toEqual(expected);
        const kept = ws.caseFile.db.prepare("SELECT (SELECT count(*) FROM sales) + (SELECT count(*) FROM record_sources WHERE record_kind = 'sales')").pluck().get();
        expect(kept).toBe(rowsA.length + rowsB.length);
        expect(problems()).toEqual([]);
      }
    }
  });
});
