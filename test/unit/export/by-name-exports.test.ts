import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FtmEntity } from '../../../electron/backend/export/ftm';
import { BY_NAME_SUMMARY, NAME_ONLY_DESCRIPTION } from '../../../electron/backend/export/ftm';
import { ftmThroughModel } from '../../../electron/backend/export/ftm-model';
import { evidenceHtml, exportCase, reportHtml } from '../../../electron/backend/export/print-service';
import { selectVins } from '../../../electron/backend/export/evidence/pack-data';
import { printText } from '../../../electron/backend/export/evidence/print-text';
import { maskPersonId } from '../../../shared/party-id';
import { importFiles } from '../../../electron/backend/import/import-files';
import { setTags } from '../../../electron/backend/queries/review-queries';
import { withPersonIdCheck, withUsccCheck } from '../../../shared/party-id';
import { SELLER_USCC, csv, vinNo, workspace, type Workspace } from '../import/import-helpers';

// A record that names an identified party without its USCC or ID number was linked to it by name
// only (casefile/parties.ts). Every interchange export that carries party links says so, and says
// nothing of links whose records give the identifier: FtM (the link's summary, a name-only party's
// description), GraphML (an edge attribute), the parties table (a count), the case report's network
// and the evidence sheet's chain graph. The case is built by real imports of small CSVs.

const DEALER = '比亚迪汽车销售有限公司';
const TRADER = '重庆渝通汽车贸易有限公司';
const TRADER_USCC = withUsccCheck('91500000MA5U7X2K0');
const TWINS = '成都华盛汽车贸易有限公司';
const TWIN_A = withUsccCheck('91510100MA6C1A2B0');
const TWIN_B = withUsccCheck('91510100MA6C9X8Y0');
const WANG_ID = withPersonIdCheck('11010519850101001');
const CONSIGNEE = 'ООО «Автоимпорт»';

let ws: Workspace;
const out = (name: string) => join(ws.dir, name);
const partyOf = (name: string, code: string | null) => ws.caseFile.db.prepare('SELECT id FROM parties WHERE name = ? AND party_id IS ?').pluck().get(name, code) as number;

beforeAll(async () => {
  ws = workspace();
  const sales = [
    // The trader buys V1 under its USCC, V2 without it (matched by name: the only company of that name), and sells V2 without it.
    ['S1', '2024-03-05', vinNo(1), DEALER, SELLER_USCC, TRADER, TRADER_USCC, '120000'],
    ['S2', '2024-03-06', vinNo(2), DEALER, SELLER_USCC, TRADER, '', '118000'],
    ['S3', '2024-03-20', vinNo(2), TRADER, '', '李娜', '', '125000'],
    // 王伟 with and without an ID number: two parties, neither matched by name.
    ['S4', '2024-03-07', vinNo(3), DEALER, SELLER_USCC, '王伟', WANG_ID, '98000'],
    ['S5', '2024-03-07', vinNo(4), DEALER, SELLER_USCC, '王伟', '', '98000'],
    // Two companies of one name under two USCCs; a row without one is neither's.
    ['S6', '2024-03-08', vinNo(5), DEALER, SELLER_USCC, TWINS, TWIN_A, '99000'],
    ['S7', '2024-03-08', vinNo(6), DEALER, SELLER_USCC, TWINS, TWIN_B, '99000'],
    ['S8', '2024-03-09', vinNo(7), DEALER, SELLER_USCC, TWINS, '', '99000'],
  ];
  const results = await importFiles(ws.caseFile, [
    { path: ws.file('sales.csv', csv([['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '身份证号码/组织机构代码', '价税合计'], ...sales])) },
    // The trader declares V1 without its code; the consignee never has one.
    { path: ws.file('exports.csv', csv([['报关单号', '申报日期', 'VIN', '境内发货人', '境内发货人代码', '境外收货人', '运抵国(地区)'],
      ['D1', '2024-04-01', vinNo(1), TRADER, '', CONSIGNEE, 'RU']])) },
  ]);
  expect(results.map((r) => [r.imported, r.rejected])).toEqual([[8, 0], [1, 0]]);
  // The parties the resolver made: one trader, two 王伟, three 华盛 (two identified, one by name).
  expect(ws.caseFile.db.prepare('SELECT count(*) FROM parties WHERE name = ?').pluck().get(TRADER)).toBe(1);
  expect(ws.caseFile.db.prepare('SELECT count(*) FROM parties WHERE name = ?').pluck().get('王伟')).toBe(2);
  expect(ws.caseFile.db.prepare('SELECT count(*) FROM parties WHERE name = ?').pluck().get(TWINS)).toBe(3);
});
afterAll(() => ws.done());

describe('links matched by name only, in the exports', () => {
  it('FollowTheMoney: the ownerships and payments resting on a name say so in their summary, a name-only party in its description', async () => {
    await exportCase(ws.caseFile.db, { format: 'ftm', out: out('case.ftm'), flaggedOnly: false, unmaskIds: true });
    const entities = readFileSync(out('case.ftm'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FtmEntity);
    for (const entity of entities) expect(ftmThroughModel(entity)).toEqual(entity);
    const id = (name: string, code: string | null) => entities.find((e) => e.properties.name?.[0] === name
      && (code === null ? !e.properties.registrationNumber && !e.properties.idNumber : [...(e.properties.registrationNumber ?? []), ...(e.properties.idNumber ?? [])].includes(code)))!;
    const trader = id(TRADER, TRADER_USCC).id;
    const summaryOf = (schema: string, number: string) => entities.find((e) => e.schema === schema && e.properties.transactionNumber?.[0] === number)?.properties.summary;

    const payments = Object.fromEntries(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'].map((n) => [n, summaryOf('Payment', n)]));
    expect(payments).toEqual({
      S1: undefined,
      S2: [`${BY_NAME_SUMMARY}: the record names the payer without its USCC or ID number`],
      S3: [`${BY_NAME_SUMMARY}: the record names the beneficiary without its USCC or ID number`],
      S4: undefined, S5: undefined, S6: undefined, S7: undefined, S8: undefined,
    });
    // The trader's two ownerships: V1 under its USCC (unmarked), V2 by name.
    const traderHoldings = entities.filter((e) => e.schema === 'Ownership' && e.properties.owner?.[0] === trader)
      .map((e) => [e.properties.startDate?.[0], e.properties.summary ?? null]);
    expect(traderHoldings.sort()).toEqual([
      ['2024-03-05', null],
      ['2024-03-06', [`${BY_NAME_SUMMARY}: the record names the owner without its USCC or ID number`]],
    ]);
    const marked = entities.filter((e) => e.properties.summary?.some((s) => s.startsWith(BY_NAME_SUMMARY)));
    expect(marked.map((e) => e.schema).sort()).toEqual(['Ownership', 'Payment', 'Payment']);

    // Parties without an identifier are their name; identified ones are not described so.
    const described = entities.filter((e) => e.properties.description?.includes(NAME_ONLY_DESCRIPTION)).map((e) => `${e.schema} ${e.properties.name![0]}`);
    expect(described.sort()).toEqual([`Company ${CONSIGNEE}`, `Company ${TWINS}`, 'Person 李娜', 'Person 王伟']);
    expect(id('王伟', WANG_ID).properties.description).toBeUndefined();
    expect(id(TWINS, TWIN_A).properties.description).toBeUndefined();
  });

  it('GraphML: an edge says how many of its records name a party without its identifier, declared as a key', async () => {
    await exportCase(ws.caseFile.db, { format: 'graphml', out: out('case.graphml'), flaggedOnly: false, unmaskIds: false });
    const doc = new DOMParser().parseFromString(readFileSync(out('case.graphml'), 'utf8'), 'text/xml') as unknown as Document;
    const key = Array.from(doc.getElementsByTagName('key')).find((k) => k.getAttribute('id') === 'e_by_name_records')!;
    expect([key.getAttribute('for'), key.getAttribute('attr.name'), key.getAttribute('attr.type')]).toEqual(['edge', 'by_name_records', 'int']);
    const labels = new Map(Array.from(doc.getElementsByTagName('node')).map((n) => [n.getAttribute('id')!,
      Array.from(n.getElementsByTagName('data')).find((d) => d.getAttribute('key') === 'label')!.textContent!]));
    const edges = Array.from(doc.getElementsByTagName('edge')).map((e) => {
      const value = (k: string) => Array.from(e.getElementsByTagName('data')).find((d) => d.getAttribute('key') === k)?.textContent;
      return `${labels.get(e.getAttribute('source')!)} -> ${labels.get(e.getAttribute('target')!)} ${value('e_kind')}: ${value('e_vehicles')} vehicles, ${value('e_by_name_records')} by name`;
    });
    expect(edges.sort()).toEqual([
      // S1 under the trader's USCC, S2 without it: one edge, one of its two records by name.
      `${DEALER} -> ${TRADER} sale: 2 vehicles, 1 by name`,
      `${DEALER} -> ${TWINS} sale: 1 vehicles, 0 by name`,
      `${DEALER} -> ${TWINS} sale: 1 vehicles, 0 by name`,
      `${DEALER} -> ${TWINS} sale: 1 vehicles, 0 by name`,
      `${DEALER} -> 王伟 sale: 1 vehicles, 0 by name`,
      `${DEALER} -> 王伟 sale: 1 vehicles, 0 by name`,
      `${TRADER} -> ${CONSIGNEE} export: 1 vehicles, 1 by name`,
      `${TRADER} -> 李娜 sale: 1 vehicles, 1 by name`,
    ].sort());
  });

  it('parties table: CSV and XLSX count the records naming each identified party without its identifier', async () => {
    await exportCase(ws.caseFile.db, { format: 'csv', table: 'parties', out: out('parties.csv'), flaggedOnly: false, unmaskIds: false });
    const [header, ...rows] = readFileSync(out('parties.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const at = header!.indexOf('records_by_name');
    expect(at).toBeGreaterThan(0);
    const counts = rows.map((r) => `${r[1]} ${r[3] ? 'id' : 'no id'}: ${r[at] || '-'}`).sort();
    expect(counts).toEqual([
      `${CONSIGNEE} no id: -`, `${TRADER} id: 3`, `${TWINS} id: 0`, `${TWINS} id: 0`, `${TWINS} no id: -`, `${DEALER} id: 0`,
      '李娜 no id: -', '王伟 id: 0', '王伟 no id: -',
    ].sort());

    await exportCase(ws.caseFile.db, { format: 'xlsx', table: 'parties', out: out('parties.xlsx'), flaggedOnly: false, unmaskIds: false });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out('parties.xlsx'));
    const sheet = book.worksheets[0]!;
    const col = (sheet.getRow(1).values as unknown[]).indexOf('records_by_name');
    expect(col).toBeGreaterThan(0);
    const byName = new Map<string, unknown>();
    sheet.eachRow((row, n) => { if (n > 1) byName.set(`${String(row.getCell(2).value)} ${row.getCell(4).value ? 'id' : 'no id'}`, row.getCell(col).value); });
    expect([byName.get(`${TRADER} id`), byName.get(`${DEALER} id`), byName.get('王伟 id'), byName.get('王伟 no id')]).toEqual([3, 0, 0, null]);
  });

  it('case report: the network dashes the arrows resting on a name and says how many records, in English and Chinese', () => {
    setTags(ws.caseFile.db, 'party', String(partyOf(TRADER, TRADER_USCC)), ['report']);
    const page = reportHtml(ws.caseFile.db, { paper: 'a4', landscape: false, unmaskIds: false });
    // The trader's three edges, each with one record by name: three dashed arrows.
    expect(page.match(/stroke-dasharray="5 3" marker-end/g)).toHaveLength(3);
    expect(page.match(/class="by-name"[^>]*>1 by name</g)).toHaveLength(3);
    expect(page).toContain('dashed: some records name a party without its USCC or ID number (matched by name only)');
    const zh = reportHtml(ws.caseFile.db, { paper: 'a4', landscape: false, unmaskIds: false, lang: 'zh' });
    expect(zh.match(/class="by-name"[^>]*>1 条仅凭名称</g)).toHaveLength(3);
    expect(zh).toContain('虚线：部分记录未写明一方的统一社会信用代码或证件号（仅按名称匹配）');
    setTags(ws.caseFile.db, 'party', String(partyOf(TRADER, TRADER_USCC)), []);

    // 王伟 with his ID number: his edge is drawn whole, nothing said.
    setTags(ws.caseFile.db, 'party', String(partyOf('王伟', WANG_ID)), ['report']);
    const wang = reportHtml(ws.caseFile.db, { paper: 'a4', landscape: false, unmaskIds: false });
    expect(wang).not.toContain('stroke-dasharray="5 3" marker-end');
    expect(wang).not.toContain('by name only');
    setTags(ws.caseFile.db, 'party', String(partyOf('王伟', WANG_ID)), []);
  });

  it('evidence sheet: the chain graph marks the holder some record names without its identifier', () => {
    const marks = (vin: string, lang: 'en' | 'zh' = 'en') => {
      const html = evidenceHtml(ws.caseFile.db, vin, { paper: 'a4', landscape: false, unmaskIds: false, lang });
      return [...html.matchAll(/<text class="by-name"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    };
    // V1: bought under its USCC, declared without it; V2: bought and sold without it.
    expect(marks(vinNo(1))).toEqual(['by name only']);
    expect(marks(vinNo(2))).toEqual(['by name only']);
    expect(marks(vinNo(2), 'zh')).toEqual(['仅凭名称']);
    for (const n of [3, 4, 5, 7]) expect(marks(vinNo(n))).toEqual([]);
  });
});

describe('evidence pack of a party', () => {
  it('says on its cover what the party\'s records rest on, its ID number masked', () => {
    const criteria = (id: number, lang: 'en' | 'zh' = 'en', unmaskIds = false) => selectVins(ws.caseFile.db, { kind: 'party', party_id: id }, { unmaskIds }).criteria(printText(lang));
    expect(criteria(partyOf(TRADER, TRADER_USCC))).toMatch(new RegExp(`by ${TRADER} \\(${TRADER_USCC}\\) that rule run .*\\. 3 records name it without its USCC or ID number \\(matched by name only\\)$`));
    expect(criteria(partyOf(TRADER, TRADER_USCC), 'zh')).toContain('。其中 3 条记录未写明其统一社会信用代码或证件号（仅按名称匹配）');
    expect(criteria(partyOf('王伟', null))).toMatch(/by 王伟 that .*\. It has no USCC or ID number: these are the records of its name without one, which may be those of several parties$/);
    // 王伟 with his ID number: masked unless asked, and nothing matched by name.
    expect(criteria(partyOf('王伟', WANG_ID))).toMatch(new RegExp(`by 王伟 \\(${maskPersonId(WANG_ID).replaceAll('*', '\\*')}\\) that rule run [^.]*$`));
    expect(criteria(partyOf('王伟', WANG_ID), 'en', true)).toContain(`(${WANG_ID})`);
  });
});

describe('a case whose records all give their identifiers', () => {
  it('reads no record without one, and still marks a consignee matched to an identified company by its name', async () => {
    const all = workspace();
    try {
      const results = await importFiles(all.caseFile, [
        { path: all.file('sales.csv', csv([['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '身份证号码/组织机构代码', '价税合计'],
          ['S1', '2024-03-05', vinNo(11), DEALER, SELLER_USCC, TRADER, TRADER_USCC, '120000'],
          ['S2', '2024-03-06', vinNo(12), DEALER, SELLER_USCC, '王伟', WANG_ID, '98000']])) },
        // The dealer declares V12 to a consignee named as the trader is: a consignee never has an identifier.
        { path: all.file('exports.csv', csv([['报关单号', '申报日期', 'VIN', '境内发货人', '境内发货人代码', '境外收货人', '运抵国(地区)'],
          ['D1', '2024-04-01', vinNo(12), DEALER, SELLER_USCC, TRADER, 'RU']])) },
      ]);
      expect(results.map((r) => r.rejected)).toEqual([0, 0]);
      const db = all.caseFile.db;
      expect(db.prepare('SELECT count(*) FROM sales WHERE buyer_id IS NULL OR seller_id IS NULL').pluck().get()).toBe(0);
      await exportCase(db, { format: 'graphml', out: join(all.dir, 'case.graphml'), flaggedOnly: false, unmaskIds: false });
      const xml = readFileSync(join(all.dir, 'case.graphml'), 'utf8');
      const byName = [...xml.matchAll(/<data key="e_kind">(\w+)<\/data>.*?<data key="e_by_name_records">(\d+)<\/data>/g)].map((m) => `${m[1]} ${m[2]}`);
      expect(byName.sort()).toEqual(['export 1', 'sale 0', 'sale 0']);
      // The report's network, read from the chosen party's own records.
      const trader = db.prepare('SELECT id FROM parties WHERE party_id = ?').pluck().get(TRADER_USCC) as number;
      setTags(db, 'party', String(trader), ['report']);
      const page = reportHtml(db, { paper: 'a4', landscape: false, unmaskIds: false });
      expect(page.match(/stroke-dasharray="5 3" marker-end/g)).toHaveLength(1);
      expect(page.match(/class="by-name"[^>]*>1 by name</g)).toHaveLength(1);
    } finally {
      all.done();
    }
  });
});
