import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { flagReason } from '../../../shared/flag-reasons';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { renderMessage } from '../../../shared/i18n/message';
import { withUsccCheck } from '../../../shared/party-id';
import { flagsOf } from '../../support/flag-query';
import { tempDir } from '../../support/paths';
import { fixtureVin } from '../../support/record-fixture';

// A stranger's probe: the reason said 'resold 15 days after X bought it' when the second sale's
// seller was not X. These sales go through the real import (header synonyms, party resolution by
// USCC and by name) into a case file on disk; each reason must state only what the two records show.
const temp = tempDir('zeromile-rapid-resale-');
afterAll(() => temp.remove());

const FAW_ID = withUsccCheck('91220101605121911');
const TRADER_ID = withUsccCheck('91440300MA5F12345');
const GAP = fixtureVin(1); // second seller is not the first buyer
const BY_NAME = fixtureVin(2); // maker on record by name only; the trader spelt two ways with one USCC
const SAME_DAY = fixtureVin(3); // two sales of one day, the later record first in the file
const NO_MAKER = fixtureVin(4); // no vehicles record: the maker cannot be told
const NEXT_DAY = fixtureVin(5); // a day apart

let caseFile: CaseFile;
let runId: number;

beforeAll(async () => {
  const file = (name: string, text: string) => { const path = join(temp.dir, name); writeFileSync(path, text); return { path }; };
  caseFile = openCaseFile(join(temp.dir, 'case.zmcase'), { create: { title: 'rapid resale' } });
  const results = await importFiles(caseFile, [
    file('vehicles.csv', '车辆识别代号,品牌,生产企业,生产企业统一社会信用代码\n'
      + `${GAP},大众,一汽-大众汽车有限公司,${FAW_ID}\n${BY_NAME},哈弗,长城汽车股份有限公司,\n${SAME_DAY},大众,一汽-大众汽车有限公司,${FAW_ID}\n`
      + `${NEXT_DAY},大众,一汽-大众汽车有限公司,${FAW_ID}\n`),
    file('sales.csv', '发票号码,开票日期,车辆识别代号,销货单位名称,销货单位纳税人识别号,购买方名称,购买方纳税人识别号,价税合计\n'
      // The maker under another spelling, known by its USCC: not counted, though two days before the dealer's sale.
      + `G1,2024-03-01,${GAP},一汽大众,${FAW_ID},吉林经销商,,150000\n`
      + `G2,2024-03-03,${GAP},吉林经销商,,长春贸易有限公司,,152000\n`
      + `G3,2024-03-18,${GAP},珲春出口有限公司,,哈萨克买家,,140000\n`
      // The maker by its normalised name (full-width spaces and case do not matter).
      + `B1,2024-04-01,${BY_NAME},长城汽车股份有限公司\u3000,,保定经销商,,120000\n`
      + `B2,2024-04-02,${BY_NAME},保定经销商,,霍尔果斯贸易有限公司,${TRADER_ID},121000\n`
      + `B3,2024-04-12,${BY_NAME},霍尔果斯贸易公司,${TRADER_ID},乌兹别克买家,,118000\n`
      + `S2,2024-05-06,${SAME_DAY},广州贸易有限公司,,外商,,99000\n`
      + `S1,2024-05-06,${SAME_DAY},广州经销商,,广州贸易有限公司,,98000\n`
      + `N1,2024-06-01,${NO_MAKER},比亚迪汽车工业有限公司,,深圳经销商,,90000\n`
      + `N2,2024-06-10,${NO_MAKER},深圳经销商,,深圳贸易有限公司,,91000\n`
      + `D1,2024-07-01,${NEXT_DAY},天津经销商,,天津贸易有限公司,,95000\n`
      + `D2,2024-07-02,${NEXT_DAY},天津贸易有限公司,,外商乙,,96000\n`),
  ]);
  expect(results.map((r) => [r.kind, r.rejected, r.refused ?? null])).toEqual([['vehicles', 0, null], ['sales', 0, null]]);
  runId = runRules(caseFile, {}).run.id;
});
afterAll(() => caseFile?.close());

const flagOf = (vin: string) => {
  const flag = flagsOf(caseFile.db, runId, 'rapid_resale').find((f) => f.vin === vin);
  if (!flag) throw new Error(`no rapid_resale flag for ${vin}`);
  const m = flagReason('rapid_resale', flag.facts);
  expect(m).not.toBeNull();
  // The stored reason is the English message, word for word.
  expect(renderMessage(m!, CASE_EN)).toBe(flag.reason);
  return { ...flag, facts: JSON.parse(flag.facts) as Record<string, unknown>, zh: renderMessage(m!, CASE_ZH) };
};

describe('rapid_resale reason', { timeout: 60_000 }, () => {
  it('names both sales and says when the second seller is not the first buyer', () => {
    const f = flagOf(GAP);
    expect(f.reason).toBe('sold twice 15 days apart: 吉林经销商 to 长春贸易有限公司 on 2024-03-03 (G2), then 珲春出口有限公司 to 哈萨克买家 on 2024-03-18 (G3)'
      + '; the second seller, 珲春出口有限公司, is not the first buyer, 长春贸易有限公司');
    expect(f.zh).toBe('相隔 15 天两次销售：2024-03-03 吉林经销商 售予 长春贸易有限公司（G2），随后 2024-03-18 珲春出口有限公司 售予 哈萨克买家（G3）'
      + '；第二次销售的卖方 珲春出口有限公司 并非第一次销售的买方 长春贸易有限公司');
    expect(f.facts).toMatchObject({ days: 15, handed_on: false, maker_on_record: true, pairs: 1 });
    expect(f.evidence).toHaveLength(2);
  });

  it('tells the maker by name when it has no USCC, and one party by its USCC under two spellings', () => {
    const f = flagOf(BY_NAME);
    expect(f.reason).toBe('sold twice 10 days apart: 保定经销商 to 霍尔果斯贸易有限公司 on 2024-04-02 (B2), then 霍尔果斯贸易公司 to 乌兹别克买家 on 2024-04-12 (B3)');
    expect(f.facts).toMatchObject({ days: 10, handed_on: true, maker_on_record: true });
  });

  it('tells two sales of one day in the order the vehicle passed, whatever the record order', () => {
    const f = flagOf(SAME_DAY);
    expect(f.reason).toBe('sold twice on 2024-05-06: 广州经销商 to 广州贸易有限公司 (S1), 广州贸易有限公司 to 外商 (S2)');
    expect(f.zh).toBe('同日（2024-05-06）两次销售：广州经销商 售予 广州贸易有限公司（S1），广州贸易有限公司 售予 外商（S2）');
    expect(f.facts).toMatchObject({ days: 0, handed_on: true });
  });

  it('says "a day apart" rather than "1 days"', () => {
    const f = flagOf(NEXT_DAY);
    expect(f.reason).toBe('sold twice a day apart: 天津经销商 to 天津贸易有限公司 on 2024-07-01 (D1), then 天津贸易有限公司 to 外商乙 on 2024-07-02 (D2)');
    expect(f.zh).toMatch(/^相隔 1 天两次销售：/);
  });

  it('says when no maker is on record, so the maker\'s own sale may be one of the two', () => {
    const f = flagOf(NO_MAKER);
    expect(f.reason).toBe('sold twice 9 days apart: 比亚迪汽车工业有限公司 to 深圳经销商 on 2024-06-01 (N1), then 深圳经销商 to 深圳贸易有限公司 on 2024-06-10 (N2)'
      + '; no maker is on record for the vehicle, so neither seller could be ruled out as the maker');
    expect(f.zh).toContain('；该车没有生产企业记录');
    expect(f.facts).toMatchObject({ maker_on_record: false, handed_on: true });
  });

  it('reads a flag of an earlier run, whose facts lack the chain, without guessing it', () => {
    const facts = {
      days: 15, max_days: 30, pairs: 1,
      first_sale: { invoice_no: 'G2', date: '2024-03-03', seller: 'A', buyer: 'B', price: 1 },
      second_sale: { invoice_no: 'G3', date: '2024-03-18', seller: 'C', buyer: 'D', price: 1 },
    };
    expect(renderMessage(flagReason('rapid_resale', facts)!, CASE_EN)).toBe('sold twice 15 days apart: A to B on 2024-03-03 (G2), then C to D on 2024-03-18 (G3)');
  });
});
