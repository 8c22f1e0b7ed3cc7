import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { parsePackFile, saveRulePack } from '../../../electron/backend/casefile/rule-packs';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { flagReason } from '../../../shared/flag-reasons';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { renderMessage } from '../../../shared/i18n/message';
import type { RulePack } from '../../../shared/rule-packs';
import { flagsOf } from '../../support/flag-query';
import { tempDir } from '../../support/paths';
import { fixtureVin } from '../../support/record-fixture';

// Reasons read '1 days' wherever a count of days was one. Records a day apart go through the real
// import and rule packs from files into a case file on disk; each reason must read 'a day' (or
// '1 day' for a pack's minimum) in the text the rule stored and in the message rebuilt from the
// facts, word for word alike, and in Chinese 1 天 as before.
const temp = tempDir('zeromile-one-day-');
afterAll(() => temp.remove());

const ZERO_KM = fixtureVin(1); // registered, exported the next day with 0 km
const EARLY = fixtureVin(2); // the same with 900 km
const NO_CONFIRMATION = fixtureVin(3); // exported to KZ in 2026 the day after registration, no confirmation
const SALE_AFTER = fixtureVin(4); // sold the day after its export
const TRANSFER_AFTER = fixtureVin(5); // a transfer registration the day after its export
const BEFORE_PRODUCTION = fixtureVin(6); // declared the day before its production date
const MIN_USE = fixtureVin(7); // used to JO a day after registration; JO's minimum 2 days, 1,000 km
const MIN_ONE_DAY = fixtureVin(8); // used to AE on the day of registration; AE's minimum 1 day
const MIN_KM_ONLY = fixtureVin(9); // used to UZ with 20 km; UZ's minimum 1,000 km and no days
const BOUGHT = [fixtureVin(10), fixtureVin(11)]; // bought new by one trader, the first exported by it a day later
const BOUGHT_ONE = fixtureVin(12); // the one vehicle another trader bought new, exported by it a day later

let caseFile: CaseFile;
let runId: number;
let tradeRunId: number;
let tradeOneRunId: number;

const minUse = (id: string, minDays: number | null, minKm: number | null): RulePack => ({
  format: 1, id, version: 1, name: { en: id, zh: id }, clauses: [{
    id: `${id}-min`, rule: 'destination_min_use', title: { en: 'minimum use', zh: '最短使用期' },
    params: { min_days: minDays, min_km: minKm }, effective_from: '2024-01-01', effective_to: null, source: 'test regulation',
  }],
});

beforeAll(async () => {
  const file = (name: string, text: string) => { const path = join(temp.dir, name); writeFileSync(path, text); return { path }; };
  caseFile = openCaseFile(join(temp.dir, 'case.zmcase'), { create: { title: 'one day' } });
  const results = await importFiles(caseFile, [
    file('vehicles.csv', '车辆识别代号,品牌,生产企业,生产日期\n'
      + `${BEFORE_PRODUCTION},比亚迪,比亚迪汽车工业有限公司,2024-05-02\n`),
    file('registrations.csv', '车辆识别代号,登记日期,登记类型,机动车所有人\n'
      + `${ZERO_KM},2024-03-01,注册登记,成都贸易有限公司\n`
      + `${EARLY},2024-03-01,注册登记,成都贸易有限公司\n`
      + `${NO_CONFIRMATION},2026-02-01,注册登记,成都贸易有限公司\n`
      + `${TRANSFER_AFTER},2024-04-02,转移登记,重庆车行\n`
      + `${MIN_USE},2024-06-01,注册登记,成都贸易有限公司\n`
      + `${MIN_ONE_DAY},2024-06-01,注册登记,成都贸易有限公司\n`
      + `${MIN_KM_ONLY},2024-01-01,注册登记,成都贸易有限公司\n`),
    file('sales.csv', '发票号码,开票日期,车辆识别代号,销货单位名称,购买方名称,价税合计,发票类型\n'
      + `F1,2024-04-02,${SALE_AFTER},成都贸易有限公司,境内买家,90000,\n`
      + `T1,2024-08-01,${BOUGHT[0]},比亚迪汽车工业有限公司,霍尔果斯贸易有限公司,100000,机动车销售统一发票\n`
      + `T2,2024-08-01,${BOUGHT[1]},比亚迪汽车工业有限公司,霍尔果斯贸易有限公司,100000,机动车销售统一发票\n`
      + `T3,2024-08-01,${BOUGHT_ONE},比亚迪汽车工业有限公司,喀什贸易有限公司,100000,机动车销售统一发票\n`),
    file('exports.csv', '报关单号,申报日期,车辆识别代号,境内发货人,运抵国(地区),行驶里程,新旧状态\n'
      + `E1,2024-03-02,${ZERO_KM},成都贸易有限公司,RU,0,二手车\n`
      + `E2,2024-03-02,${EARLY},成都贸易有限公司,RU,900,二手车\n`
      + `E3,2026-02-02,${NO_CONFIRMATION},成都贸易有限公司,KZ,600,二手车\n`
      + `E4,2024-04-01,${SALE_AFTER},成都贸易有限公司,RU,0,二手车\n`
      + `E5,2024-04-01,${TRANSFER_AFTER},成都贸易有限公司,RU,0,二手车\n`
      + `E6,2024-05-01,${BEFORE_PRODUCTION},成都贸易有限公司,RU,0,新车\n`
      + `E7,2024-06-02,${MIN_USE},成都贸易有限公司,JO,5000,二手车\n`
      + `E8,2024-06-01,${MIN_ONE_DAY},成都贸易有限公司,AE,5000,二手车\n`
      + `E9,2024-01-31,${MIN_KM_ONLY},成都贸易有限公司,UZ,20,二手车\n`
      + `E10,2024-08-02,${BOUGHT[0]},霍尔果斯贸易有限公司,KZ,10,新车\n`
      + `E11,2024-08-02,${BOUGHT_ONE},喀什贸易有限公司,KZ,10,新车\n`),
  ]);
  expect(results.map((r) => [r.kind, r.rejected, r.refused ?? null])).toEqual([
    ['vehicles', 0, null], ['registrations', 0, null], ['sales', 0, null], ['exports', 0, null]]);
  for (const pack of [minUse('JO', 2, 1000), minUse('AE', 1, null), minUse('UZ', null, 1000)]) {
    const name = `${pack.id}.json`;
    writeFileSync(join(temp.dir, name), JSON.stringify(pack));
    saveRulePack(caseFile.db, parsePackFile(name, readFileSync(join(temp.dir, name), 'utf8')), 'imported', name);
  }
  runId = runRules(caseFile, {}).run.id;
  tradeRunId = runRules(caseFile, { intermediary_min_vehicles: 2, intermediary_max_days: 1 }).run.id;
  // A rule pack or analyst may set the minimum to one vehicle: 'bought 1 vehicles new' before.
  tradeOneRunId = runRules(caseFile, { intermediary_min_vehicles: 1, intermediary_max_days: 1 }).run.id;
});
afterAll(() => caseFile?.close());

/** The flag's stored reason, which must be its message rebuilt from the facts in English, and the Chinese. */
const reasonOf = (rule: string, subject: string | null, run = runId, which: (facts: { bought_new?: number }) => boolean = () => true) => {
  const flag = flagsOf(caseFile.db, run, rule).find((f) => (subject === null || f.vin === subject) && which(JSON.parse(f.facts) as { bought_new?: number }));
  if (!flag) throw new Error(`no ${rule} flag for ${subject}`);
  const m = flagReason(rule, flag.facts);
  expect(m).not.toBeNull();
  expect(renderMessage(m!, CASE_EN)).toBe(flag.reason);
  return { en: flag.reason, zh: renderMessage(m!, CASE_ZH) };
};

describe('reasons of a one-day gap', { timeout: 60_000 }, () => {
  it('zero_mileage_export and early_export: exported a day after first registration', () => {
    expect(reasonOf('zero_mileage_export', ZERO_KM)).toEqual({
      en: 'exported a day after first registration, odometer 0 km', zh: '首次登记后 1 天出口，表显里程 0 公里' });
    expect(reasonOf('early_export', EARLY)).toEqual({
      en: 'exported a day after first registration, odometer 900 km', zh: '首次登记后 1 天出口，表显里程 900 公里' });
  });

  it('missing_after_sales_confirmation: a day after first registration', () => {
    expect(reasonOf('missing_after_sales_confirmation', NO_CONFIRMATION)).toEqual({
      en: 'exported to KZ on 2026-02-02, a day after first registration, without a maker confirmation naming KZ (pack CN v1, clause CN-2026-after-sales-confirmation)',
      zh: '2026-02-02 出口至 KZ，距首次登记 1 天，无生产企业出具的载明 KZ 的售后维修服务确认书（规则包 CN v1，条款 CN-2026-after-sales-confirmation）',
    });
  });

  it('timeline_conflict: a day after the export, a day before production', () => {
    expect(reasonOf('timeline_conflict', SALE_AFTER)).toEqual({
      en: 'sale F1 dated 2024-04-02, a day after export declaration E4 of 2024-04-01', zh: '销售发票 F1 开具于 2024-04-02，晚于出口报关单 E4（2024-04-01）1 天' });
    expect(reasonOf('timeline_conflict', TRANSFER_AFTER)).toEqual({
      en: 'transfer registration dated 2024-04-02, a day after export declaration E5 of 2024-04-01', zh: '转移登记日期 2024-04-02，晚于出口报关单 E5（2024-04-01）1 天' });
    expect(reasonOf('timeline_conflict', BEFORE_PRODUCTION)).toEqual({
      en: 'export declaration E6 dated 2024-05-01, a day before production on 2024-05-02', zh: '出口报关单 E6 申报于 2024-05-01，早于生产日期 2024-05-02 1 天' });
  });

  it('destination_min_use: a day after first registration, a minimum of 1 day, a minimum of km alone', () => {
    expect(reasonOf('destination_min_use', MIN_USE)).toEqual({
      en: 'exported as used to JO on 2024-06-02 (declaration E7) a day after first registration, under the minimum use of the pack (2 days, 1000 km) (pack JO v1, clause JO-min)',
      zh: '2024-06-02 作为二手车出口至 JO（报关单 E7），距首次登记 1 天，未达规则包规定的最短使用期（2 天，1000 公里）（规则包 JO v1，条款 JO-min）',
    });
    expect(reasonOf('destination_min_use', MIN_ONE_DAY)).toEqual({
      en: 'exported as used to AE on 2024-06-01 (declaration E8) 0 days after first registration, under the minimum use of the pack (1 day) (pack AE v1, clause AE-min)',
      zh: '2024-06-01 作为二手车出口至 AE（报关单 E8），距首次登记 0 天，未达规则包规定的最短使用期（1 天）（规则包 AE v1，条款 AE-min）',
    });
    // printf('%d days', NULL) is '0 days' in SQLite: the stored reason read '(0 days1000 km)'.
    expect(reasonOf('destination_min_use', MIN_KM_ONLY).en).toBe(
      'exported as used to UZ on 2024-01-31 (declaration E9) 30 days after first registration, under the minimum use of the pack (1000 km) (pack UZ v1, clause UZ-min)');
  });

  it('trade_intermediary: within a day', () => {
    expect(reasonOf('trade_intermediary', null, tradeRunId)).toEqual({
      en: 'bought 2 vehicles new; exported or sold to an exporter 1 of them (50%) within a day; known by name only (no USCC or ID number), so these may be the records of several parties of that name',
      zh: '购入新车 2 辆；其中 1 辆（50%）在 1 天内出口或售予出口商；该主体仅凭名称识别（无统一社会信用代码或身份证号），这些记录可能属于同名的多个主体' });
  });

  it('trade_intermediary: a minimum of one vehicle, bought 1 vehicle', () => {
    expect(reasonOf('trade_intermediary', null, tradeOneRunId, (facts) => facts.bought_new === 1)).toEqual({
      en: 'bought 1 vehicle new; exported or sold to an exporter 1 of them (100%) within a day; known by name only (no USCC or ID number), so these may be the records of several parties of that name',
      zh: '购入新车 1 辆；其中 1 辆（100%）在 1 天内出口或售予出口商；该主体仅凭名称识别（无统一社会信用代码或身份证号），这些记录可能属于同名的多个主体' });
    expect(reasonOf('trade_intermediary', null, tradeOneRunId, (facts) => facts.bought_new === 2).en).toMatch(/^bought 2 vehicles new;/);
  });
});
