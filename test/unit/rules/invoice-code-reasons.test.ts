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
import { flagsOf } from '../../support/flag-query';
import { tempDir } from '../../support/paths';
import { fixtureVin } from '../../support/record-fixture';

// A stranger's probe: two VAT invoices of one number under different codes are two sales (migration
// 017), yet rapid_resale read '(00012345), then (00012345)' and conflicting_sources 'invoice 00012345'.
// A reason cites an invoice by code and number when it has a code, as the timeline does; a sale
// without a code is cited by its number alone, as before.
const temp = tempDir('zeromile-invoice-reasons-');
afterAll(() => temp.remove());

const TWICE = fixtureVin(11); // two invoices 00012345 under two codes, then an undervalued export
const LATE = fixtureVin(12); // a coded sale after the export
const PLAIN = fixtureVin(13); // sales without codes

let caseFile: CaseFile;
let runId: number;

beforeAll(async () => {
  const file = (name: string, text: string) => { const path = join(temp.dir, name); writeFileSync(path, text); return { path }; };
  caseFile = openCaseFile(join(temp.dir, 'case.zmcase'), { create: { title: 'invoice codes' } });
  const head = '发票代码,发票号码,开票日期,车辆识别代号,销货单位名称,购买方名称,价税合计\n';
  const results = await importFiles(caseFile, [
    file('sales.csv', head
      + `144002410071,00012345,2024-03-01,${TWICE},成都经销商,成都贸易有限公司,150000\n`
      + `144002410072,00012345,2024-03-02,${TWICE},成都贸易有限公司,霍尔果斯出口有限公司,151000\n`
      + `144002410073,00099999,2024-04-10,${LATE},天津经销商,天津贸易有限公司,90000\n`
      + `,P1,2024-05-01,${PLAIN},广州经销商,广州贸易有限公司,80000\n`
      + `,P2,2024-05-03,${PLAIN},广州贸易有限公司,外商,81000\n`),
    // The first invoice again from another file, at another price: one sale, two disagreeing sources.
    file('sales-tax-office.csv', `${head}144002410071,00012345,2024-03-01,${TWICE},成都经销商,成都贸易有限公司,149000\n`),
    file('exports.csv', '报关单号,申报日期,VIN,境内发货人,境外收货人,运抵国(地区),总价\n'
      + `530120240000001,2024-03-05,${TWICE},霍尔果斯出口有限公司,OOO Avto,RU,10000\n`
      + `530120240000002,2024-04-01,${LATE},天津贸易有限公司,OOO Avto,RU,60000\n`),
  ]);
  expect(results.map((r) => [r.rejected, r.refused ?? null])).toEqual([[0, null], [0, null], [0, null]]);
  runId = runRules(caseFile, {}).run.id;
});
afterAll(() => caseFile?.close());

/** The flag's stored reason (English, word for word the message's) and its Chinese. */
function reasonOf(rule: string, vin: string): { en: string; zh: string } {
  const flag = flagsOf(caseFile.db, runId, rule).find((f) => f.vin === vin);
  if (!flag) throw new Error(`no ${rule} flag for ${vin}`);
  const m = flagReason(rule, flag.facts);
  expect(m).not.toBeNull();
  expect(renderMessage(m!, CASE_EN)).toBe(flag.reason);
  return { en: flag.reason, zh: renderMessage(m!, CASE_ZH) };
}

describe('reasons cite an invoice by its code and number', { timeout: 60_000 }, () => {
  it('rapid_resale names both invoices of one number by their codes', () => {
    const r = reasonOf('rapid_resale', TWICE);
    expect(r.en).toBe('sold twice a day apart: 成都经销商 to 成都贸易有限公司 on 2024-03-01 (144002410071 00012345), '
      + 'then 成都贸易有限公司 to 霍尔果斯出口有限公司 on 2024-03-02 (144002410072 00012345); no maker is on record for the vehicle, so neither seller could be ruled out as the maker');
    expect(r.zh).toContain('（144002410071 00012345），随后 2024-03-02');
    expect(r.zh).toContain('（144002410072 00012345）');
  });

  it('conflicting_sources, undervalued_export and timeline_conflict cite the code too', () => {
    expect(reasonOf('conflicting_sources', TWICE).en).toBe('1 source disagrees with the record: invoice 144002410071 00012345: price 150000 / 149000');
    expect(reasonOf('conflicting_sources', TWICE).zh).toContain('发票 144002410071 00012345');
    expect(reasonOf('undervalued_export', TWICE).en).toBe('declared CNY 10000, 7% of the CNY 151000 sale price of 2024-03-02 (144002410072 00012345)');
    expect(reasonOf('undervalued_export', TWICE).zh).toContain('（发票 144002410072 00012345）');
    expect(reasonOf('timeline_conflict', LATE).en).toBe('sale 144002410073 00099999 dated 2024-04-10, 9 days after export declaration 530120240000002 of 2024-04-01');
  });

  it('cites a sale without a code by its number alone, its facts as before', () => {
    expect(reasonOf('rapid_resale', PLAIN).en).toContain('on 2024-05-01 (P1), then 广州贸易有限公司 to 外商 on 2024-05-03 (P2)');
    const facts = flagsOf(caseFile.db, runId, 'rapid_resale').find((f) => f.vin === PLAIN)!.facts;
    expect(JSON.parse(facts)).not.toHaveProperty('first_sale.invoice_code');
  });
});
