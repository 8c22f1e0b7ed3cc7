import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvidenceSheet } from '../../../electron/backend/export/evidence/evidence-data';
import { evidenceSheetHtml } from '../../../electron/backend/export/evidence/evidence-sheet';
import type { CliCommand } from '../../../electron/backend/cli/command';
import { chainCommand } from '../../../electron/backend/cli/commands/chain';
import { statsCommand } from '../../../electron/backend/cli/commands/stats';
import { buildChain } from '../../../electron/backend/graph/chain';
import { importFiles } from '../../../electron/backend/import/import-files';
import { partyDetail } from '../../../electron/backend/queries/party-queries';
import { maskPersonId, withPersonIdCheck, withUsccCheck } from '../../../shared/party-id';
import { SELLER_USCC, csv, vinNo, workspace, type Workspace } from '../import/import-helpers';

// A record that names an identified party without its identifier was matched to it by name only:
// the chain, the evidence sheet and the party view say so and cite the row; the party view lists
// the parties of the same name kept apart. Read from the rows, so a case merged by the old
// resolver shows its merges the same way.

const DEALER = '比亚迪汽车销售有限公司';
const TRADER = '重庆渝通汽车贸易有限公司';
const TRADER_USCC = withUsccCheck('91500000MA5U7X2K0');
const WANG_ID = withPersonIdCheck('11010519850101001');
const LINA_ID = withPersonIdCheck('11010519900202002');
const SHEET = { paper: 'a4', landscape: false, unmaskIds: false } as const;

let ws: Workspace;
beforeAll(async () => {
  ws = workspace();
  const sales = [
    ['S1', '2024-03-05', vinNo(1), DEALER, SELLER_USCC, TRADER, TRADER_USCC, '120000'],
    ['S2', '2024-03-05', vinNo(2), DEALER, SELLER_USCC, '王伟', WANG_ID, '98000'],
    ...[3, 4, 5].map((n) => [`S${n}`, '2024-03-06', vinNo(n), DEALER, SELLER_USCC, '王伟', '', '98000']),
    ['S6', '2024-03-07', vinNo(6), DEALER, SELLER_USCC, '王伟', WANG_ID, '98000'],
    ['S7', '2024-03-07', vinNo(7), DEALER, SELLER_USCC, '李娜', '', '98000'],
  ];
  // Registrations that name the buyer the other way: 王伟 without his ID number, 李娜 with hers.
  const registrations = [['2024-03-20', '注册登记', vinNo(6), '王伟', ''], ['2024-03-20', '注册登记', vinNo(7), '李娜', LINA_ID]];
  const results = await importFiles(ws.caseFile, [
    { path: ws.file('sales.csv', csv([['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '身份证号码/组织机构代码', '价税合计'], ...sales])) },
    // The declaration names the trader without its code: linked by name, the only company of it.
    { path: ws.file('exports.csv', csv([['报关单号', '申报日期', 'VIN', '境内发货人', '境内发货人代码', '境外收货人', '运抵国(地区)'],
      ['D1', '2024-04-01', vinNo(1), TRADER, '', 'ООО «Автоимпорт»', 'RU']])) },
    { path: ws.file('registrations.csv', csv([['登记日期', '登记类型', 'VIN', '机动车所有人', '所有人证件号码'], ...registrations])) },
  ]);
  expect(results.map((r) => [r.imported, r.rejected])).toEqual([[7, 0], [1, 0], [2, 0]]);
});
afterAll(() => ws.done());

const partyOf = (name: string, code: string | null) => ws.caseFile.db.prepare('SELECT id FROM parties WHERE name = ? AND party_id IS ?').pluck().get(name, code) as number;

describe('links made by name only', () => {
  it('marks the holder in the chain with the record that named it without its USCC', () => {
    const chain = buildChain(ws.caseFile.db, vinNo(1));
    const byName = chain.holders.map((h) => [h.name, h.party_code, h.by_name.map((e) => [e.record_kind, e.file_name, e.row])]);
    expect(byName).toEqual([
      [DEALER, SELLER_USCC, []],
      [TRADER, TRADER_USCC, [['exports', 'exports.csv', 2]]],
      // A consignee never has an identifier: its party is its name, nothing to mark.
      ['ООО «Автоимпорт»', null, []],
    ]);
    // Rows without an ID for a person's name are that name's party, not the identified 王伟's.
    expect(buildChain(ws.caseFile.db, vinNo(3)).holders.find((h) => h.name === '王伟')).toMatchObject({ party_code: null, by_name: [] });
  });

  it('keeps a vehicle\'s chain whole where its own records name the holder with and without an ID number, and marks the record without', () => {
    // Two parties in the case (a name is not an identity), one holder in this vehicle's chain.
    const wang = buildChain(ws.caseFile.db, vinNo(6));
    expect(wang.holders.map((h) => [h.name, h.party_code, h.by_name.map((e) => [e.file_name, e.row])])).toEqual([
      [DEALER, SELLER_USCC, []], ['王伟', WANG_ID, [['registrations.csv', 2]]],
    ]);
    expect(wang.gaps).toEqual([]);
    // The other way round: the holder takes the identified party, and the sale without the ID is marked.
    const lina = buildChain(ws.caseFile.db, vinNo(7));
    expect(lina.holders.map((h) => [h.name, h.party_code, h.by_name.map((e) => [e.file_name, e.row])])).toEqual([
      [DEALER, SELLER_USCC, []], ['李娜', LINA_ID, [['sales.csv', 8]]],
    ]);
    expect(lina.holders[1]!.party_id).toBe(partyOf('李娜', LINA_ID));
    expect(lina.gaps).toEqual([]);
  });

  it('says so on the evidence sheet, citing the row', () => {
    const html = evidenceSheetHtml(loadEvidenceSheet(ws.caseFile.db, vinNo(1)), SHEET);
    expect(html).toMatch(/matched by name only: [^<]*exports\.csv[^<]*row 2[^<]*named it without this ID/);
    expect(evidenceSheetHtml(loadEvidenceSheet(ws.caseFile.db, vinNo(2)), SHEET)).not.toContain('matched by name only');
  });

  it('says so in zeromile chain and zeromile stats', async () => {
    const run = async (command: CliCommand, ...argv: string[]) => {
      let out = '';
      expect(await command.run(argv, { out: (t) => { out += `${t}\n`; }, err: () => undefined })).toBe(0);
      return out;
    };
    const path = ws.caseFile.db.name;
    expect(await run(chainCommand, path, vinNo(1))).toContain(`${TRADER} (exporter, ${TRADER_USCC})`);
    expect(await run(chainCommand, path, vinNo(1))).toContain('matched by name only: exports.csv row 2 names it without an ID');
    const parties = (await run(statsCommand, path)).split('\n').filter((l) => l.startsWith('  王伟'));
    expect(parties.sort()).toEqual(['  王伟 (no ID number): 3, 0, 0, -', '  王伟: 2, 0, 0, -']);
  });

  it('counts the records matched by name in the party view, and lists the parties of the same name kept apart', () => {
    const db = ws.caseFile.db;
    expect(partyDetail(db, partyOf(TRADER, TRADER_USCC)).name_matches).toEqual({ records: 1, same_name: [], same_name_more: false });
    const identified = partyOf('王伟', WANG_ID);
    const nameOnly = partyOf('王伟', null);
    expect(partyDetail(db, identified).name_matches).toEqual({
      records: 0, same_name: [{ id: nameOnly, name: '王伟', party_code: null, is_person: true }], same_name_more: false,
    });
    expect(partyDetail(db, nameOnly).name_matches).toEqual({
      records: 0, same_name: [{ id: identified, name: '王伟', party_code: maskPersonId(WANG_ID), is_person: true }], same_name_more: false,
    });
  });

  it('shows a merge the old resolver made as matched by name only', () => {
    const db = ws.caseFile.db;
    db.exec('SAVEPOINT old');
    try {
      // What the resolver did before: rows without an ID joined to the identified 王伟.
      db.prepare('UPDATE sales SET buyer_party_id = ? WHERE buyer_party_id = ?').run(partyOf('王伟', WANG_ID), partyOf('王伟', null));
      expect(partyDetail(db, partyOf('王伟', WANG_ID)).name_matches.records).toBe(3);
      expect(buildChain(db, vinNo(4)).holders.find((h) => h.name === '王伟')!.by_name.map((e) => e.row)).toEqual([5]);
    } finally {
      db.exec('ROLLBACK TO old; RELEASE old');
    }
  });

  it('reads each count from its partial index, never the party\'s whole records', () => {
    const plan = (sql: string) => (ws.caseFile.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as { detail: string }[]).map((p) => p.detail).join('\n');
    for (const [table, column, index] of [['sales', 'buyer', 'sales_buyer_by_name'], ['sales', 'seller', 'sales_seller_by_name'],
      ['registrations', 'owner', 'registrations_owner_by_name'], ['exports', 'exporter', 'exports_exporter_by_name']]) {
      expect(plan(`SELECT count(*) FROM ${table} WHERE ${column}_party_id = ? AND ${column}_id IS NULL`)).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}`));
    }
    const sameName = plan(`SELECT DISTINCT other.party_id FROM party_aliases mine JOIN party_aliases other ON other.norm_name = mine.norm_name
      WHERE mine.party_id = ? AND other.party_id <> mine.party_id LIMIT 21`);
    expect(sameName).not.toMatch(/SCAN/);
  });
});
