import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../electron/backend/casefile/migrations/index';
import { ftmEntities } from '../../../electron/backend/export/ftm';
import { buildChain } from '../../../electron/backend/graph/chain';
import { importFiles } from '../../../electron/backend/import/import-files';
import { partyDetail } from '../../../electron/backend/queries/party-queries';
import { listParties } from '../../../electron/backend/queries/table-grids';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { checkPartyId, withPersonIdCheck } from '../../../shared/party-id';
import { hasOrganisationMarker, isPersonParty } from '../../../shared/party-kind';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

/** Issue 16 item 4: private persons are persons, foreign buyers have a country, on data the demo does not have. */

const OLD_ID = '440301850101123'; // first generation: region 440301, born 85-01-01, sequence 123
const OWNER_ID = withPersonIdCheck('11010519491231002');
const DEALER = '比亚迪汽车销售有限公司';
const EXPORTER = '深圳市前海贸易有限公司';

/** Buyer, its identifier, and whether it is a person. */
const BUYERS: [string, string, boolean][] = [
  ['王芳', '', true],
  ['欧阳娜娜', '', true],
  ['买买提·艾力', '', true],
  ['李建国', OLD_ID, true],
  ['华盛行', '', false], // three characters ending in 行: a firm
  ['顺达车行', '', false],
  ['张三汽车修理厂', OWNER_ID, false], // a sole trader's shop under its owner's identity number
  [EXPORTER, BUYER_USCC, false],
  ['Great Wall Trading Co', '', false],
];

/** Consignee, destinations of its declarations, the country it should get. */
const CONSIGNEES: [string, string[], string][] = [
  ['ООО «Автоимпорт»', ['RU', 'RU', 'KZ'], 'RU'],
  ['ТОО «Казавто»', ['KZ'], 'KZ'],
  ['Avto Savdo MChJ', ['UZ', 'RU'], 'UZ'], // a tie: the earliest declaration's
  ['МЧЖ «Тошкент Авто»', ['UZ'], 'UZ'],
  ['OsOO Ala-Too Motors', ['KG'], 'KG'],
];

describe('party kinds (unit)', () => {
  it('finds organisation markers in Chinese, Latin, Cyrillic and Uzbek names', () => {
    for (const name of ['华盛行', '顺达车行', '某某汽车销售服务有限公司', '红旗修理厂', '利民商店', 'ООО «Автоимпорт»', 'ТОО Kazauto', 'Avto Savdo MChJ',
      'МЧЖ «Тошкент»', 'OsOO Ala-Too', 'Gulf Star Motors FZE', 'Caucasus Auto Trade L.L.C.', 'Poti Ltd.', 'Tashkent XK', 'ИП Иванов']) {
      expect(hasOrganisationMarker(name), name).toBe(true);
    }
    for (const name of ['王芳', '欧阳娜娜', '行云', 'Ivan Petrov', 'Coco Lee']) expect(hasOrganisationMarker(name), name).toBe(false);
  });

  it('decides person or organisation from identifier and name', () => {
    expect(checkPartyId(OLD_ID)).toEqual({ id: OLD_ID, kind: 'person_id', valid: true });
    expect(checkPartyId('440301851301123').valid).toBe(false); // month 13: no identity number
    expect(isPersonParty('李建国', checkPartyId(OLD_ID))).toBe(true);
    expect(isPersonParty('Petrov', checkPartyId(OWNER_ID))).toBe(true);
    expect(isPersonParty('张三汽车修理厂', checkPartyId(OWNER_ID))).toBe(false);
    expect(isPersonParty('ООО Восток', checkPartyId('102770013219512'))).toBe(false); // a 15-digit registration number, not a person's
    expect(isPersonParty('华为', checkPartyId(SELLER_USCC))).toBe(false);
    expect(isPersonParty('王芳', null)).toBe(true);
    expect(isPersonParty('王', null)).toBe(false);
    expect(isPersonParty('王芳芳芳芳', null)).toBe(false);
    expect(isPersonParty('Wang Fang', null)).toBe(false);
  });
});

describe('party kinds through import, grid, chain and FtM', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = workspace();
    const sales = BUYERS.map(([buyer, id], i) => [`S${i}`, '2024-03-05', vinNo(i + 1), DEALER, SELLER_USCC, buyer, id, '100000', '机动车销售统一发票']);
    let n = 0;
    const exports = CONSIGNEES.flatMap(([consignee, countries]) => countries.map((country) => {
      n++;
      return [`D${n}`, `2024-04-${String(n).padStart(2, '0')}`, vinNo(100 + n), EXPORTER, BUYER_USCC, consignee, country, '12000'];
    }));
    const results = await importFiles(ws.caseFile, [
      { path: ws.file('sales.csv', csv([['发票号码', '开票日期', '车辆识别代号', '销售方名称', '销售方纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计', '发票类型'], ...sales])) },
      { path: ws.file('exports.csv', csv([['报关单号', '申报日期', '车辆识别代号', '境内发货人', '境内发货人代码', '境外收货人', '运抵国(地区)', '总价'], ...exports])) },
    ]);
    expect(results.map((r) => [r.imported, r.rejected])).toEqual([[BUYERS.length, 0], [n, 0]]);
  });
  afterAll(() => ws.done());

  const party = (name: string) => ws.caseFile.db.prepare('SELECT id, is_person, id_kind, country FROM parties WHERE name = ?').get(name) as
    { id: number; is_person: number; id_kind: string | null; country: string | null };

  it('marks persons and gives foreign buyers the country of their declarations', () => {
    for (const [name, , person] of BUYERS) expect(party(name).is_person, name).toBe(person ? 1 : 0);
    expect(party('李建国').id_kind).toBe('person_id');
    for (const [name, , country] of CONSIGNEES) expect([name, party(name).is_person, party(name).country]).toEqual([name, 0, country]);
    expect(party(EXPORTER).country).toBeNull();
  });

  it('shows persons as owners in the chain, and the grid shows kind, masked IDs and country', () => {
    expect(buildChain(ws.caseFile.db, vinNo(1)).holders.map((h) => [h.name, h.role])).toEqual([[DEALER, 'trader'], ['王芳', 'owner']]);
    expect(buildChain(ws.caseFile.db, vinNo(5)).holders.find((h) => h.name === '华盛行')?.role).toBe('trader');
    const rows = listParties(ws.caseFile.db, { start: 0, end: 100, count: true }).rows;
    const row = (name: string) => rows.find((r) => r.name === name)!;
    expect(row('李建国')).toMatchObject({ is_person: 1, party_id: '440301********3' });
    expect(row('张三汽车修理厂')).toMatchObject({ is_person: 0, party_id: `110105${'*'.repeat(11)}${OWNER_ID.slice(-1)}` });
    expect(row(EXPORTER)).toMatchObject({ is_person: 0, party_id: BUYER_USCC });
    expect(row('ООО «Автоимпорт»')).toMatchObject({ is_person: 0, country: 'RU' });
    // The party's own screen masks it by the grid's rule (shownPartyCode), and says it is masked; a company's code stays whole.
    expect(partyDetail(ws.caseFile.db, party('李建国').id)).toMatchObject({ is_person: true, party_code: '440301********3', party_code_masked: true });
    expect(OLD_ID).toMatch(/^440301\d{8}3$/);
    expect(partyDetail(ws.caseFile.db, party('张三汽车修理厂').id)).toMatchObject({ is_person: false, party_code: row('张三汽车修理厂').party_id, party_code_masked: true });
    expect(partyDetail(ws.caseFile.db, party(EXPORTER).id)).toMatchObject({ party_code: BUYER_USCC, party_code_masked: false });
  });

  it('exports persons as FtM Person with masked IDs, foreign buyers with their country', () => {
    const entities = [...ftmEntities(ws.caseFile.db, { flaggedOnly: false, unmaskIds: false })];
    const named = (name: string) => entities.find((e) => e.properties.name?.includes(name));
    for (const [name, , person] of BUYERS) expect([name, named(name)?.schema]).toEqual([name, person ? 'Person' : 'Company']);
    expect(named('李建国')!.properties.idNumber).toEqual(['440301********3']);
    expect(JSON.stringify(entities)).not.toContain(OLD_ID);
    expect(named('ООО «Автоимпорт»')!.properties).toMatchObject({ country: ['ru'], jurisdiction: ['ru'] });
    expect(named('Avto Savdo MChJ')!.properties.country).toEqual(['uz']);
  });

  it('a case file made before the party kinds is migrated, and the migration is audited so the case still verifies', () => {
    const path = join(ws.dir, 'old.zmcase');
    ws.caseFile.db.prepare('VACUUM INTO ?').run(path);
    // What version 4 wrote: a person only by an 18-character identity number, 15 digits 'other', no country.
    const raw = new Database(path);
    raw.exec(`UPDATE parties SET is_person = coalesce(id_kind = 'person_id' AND length(party_id) = 18, 0), country = NULL,
      id_kind = CASE WHEN length(party_id) = 15 THEN 'other' ELSE id_kind END, id_valid = CASE WHEN length(party_id) = 15 THEN 0 ELSE id_valid END`);
    expect(raw.prepare("SELECT is_person FROM parties WHERE name = '王芳'").pluck().get()).toBe(0);
    // Migration 5's own step, as the migration runner calls it (later migrations may add schema a version-4 file lacks).
    raw.transaction(() => MIGRATIONS[4]!.data!(raw))();
    const kinds = 'SELECT name, is_person, id_kind, country FROM parties ORDER BY id';
    expect(raw.prepare(kinds).all()).toEqual(ws.caseFile.db.prepare(kinds).all());
    raw.close();
    expect(MIGRATIONS[4]!.name).toBe('party-kinds');
    // Every migration's audit entry recommits every fact: a migrated case verifies (open-case-file.ts migrate).
    expect(verifyCaseFile(ws.caseFile.db).problems).toEqual([]);
  });
});
