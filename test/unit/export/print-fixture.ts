import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withPersonIdCheck, withUsccCheck } from '../../../shared/party-id';
import { withCheckDigit } from '../../../shared/vin';
import { appendAudit } from '../../../electron/backend/casefile/audit';
import { writeCaseMeta } from '../../../electron/backend/casefile/meta';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { tempDir } from '../../support/paths';

/**
 * A small case built the way an analyst builds one: CSV files imported with importFiles, then a
 * rule run, then tags, a verdict and notes. One vehicle goes maker -> dealer -> a Chinese trader ->
 * exporter -> a Russian buyer within weeks (a zero-mileage export); a second is bought by a private
 * person. Party names carry markup and a spreadsheet formula, to prove both come out inert.
 */
export const VIN = withCheckDigit('LGXCE4CB0N2123456');
export const VIN_PRIVATE = withCheckDigit('LVVDB21B0PD654321');
export const MAKER = '比亚迪汽车工业有限公司';
export const DEALER = 'Chengdu <b>Dealer</b> & Sons';
export const TRADER = '四川省零公里汽车贸易有限公司';
export const EXPORTER = '<img src=x onerror=alert(1)> Export Ltd';
export const BUYER = 'OOO Avto Import';
export const PERSON = '张三';
export const FORMULA = '=HYPERLINK("http://evil.example","click")';
export const MAKER_ID = withUsccCheck('91440300MA5F02201');
export const TRADER_ID = withUsccCheck('91510100MA6CQ3301');
export const PERSON_ID = withPersonIdCheck('51010719900307123');

export type PrintFixture = { dir: string; path: string; caseFile: CaseFile; files: string[]; remove: () => void };

const csv = (rows: (string | number)[][]): string => rows.map((r) => r.map((c) => {
  const s = String(c);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}).join(',')).join('\n') + '\n';

export async function createPrintFixture(): Promise<PrintFixture> {
  const { dir, remove } = tempDir('zeromile-print-');
  const files: Record<string, string> = {
    'vehicles.csv': csv([
      ['VIN', '品牌', '车型', '燃料种类', '生产日期', '生产企业', '生产企业统一社会信用代码'],
      [VIN, 'BYD', 'Song Plus', 'PHEV', '2024-01-10', MAKER, MAKER_ID],
      [VIN_PRIVATE, 'Chery', 'Tiggo 8', 'ICE', '2023-11-02', '奇瑞汽车股份有限公司', ''],
    ]),
    'sales.csv': csv([
      ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计', '发票类型'],
      ['00112233', '2024-02-01', VIN, MAKER, MAKER_ID, DEALER, '', 150000, 'new'],
      ['00112234', '2024-02-03', VIN, DEALER, '', TRADER, TRADER_ID, 152000, 'used'],
      ['00112235', '2024-02-20', VIN, TRADER, TRADER_ID, EXPORTER, '', 149000, 'used'],
      ['00112236', '2024-01-05', VIN_PRIVATE, '奇瑞汽车股份有限公司', '', PERSON, PERSON_ID, 98000, 'new'],
      ['00112237', '2024-01-20', VIN_PRIVATE, PERSON, PERSON_ID, FORMULA, '', 97000, 'used'],
    ]),
    'registrations.csv': csv([
      ['登记日期', '登记类型', 'VIN', '机动车所有人', '所有人证件号码', '号牌号码', '登记城市', '行驶里程'],
      ['2024-02-05', '注册登记', VIN, TRADER, TRADER_ID, '川A12345', '成都', 3],
      ['2024-02-19', '注销登记', VIN, TRADER, TRADER_ID, '川A12345', '成都', 5],
      ['2024-01-08', '注册登记', VIN_PRIVATE, PERSON, PERSON_ID, '川B54321', '绵阳', 10],
    ]),
    'exports.csv': csv([
      ['报关单号', '申报日期', 'VIN', '境内发货人', '境外收货人', '运抵国(地区)', '离境口岸', '总价', '行驶里程', '新旧状态'],
      ['530120240000123', '2024-02-25', VIN, EXPORTER, BUYER, 'RU', '霍尔果斯', 20000, 12, '二手车'],
    ]),
  };
  const paths = Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
  const path = join(dir, 'print.zmcase');
  const caseFile = openCaseFile(path, { create: { title: '零公里出口 Case <Alpha>' } });
  const results = await importFiles(caseFile, paths.map((p) => ({ path: p })));
  for (const r of results) if (r.refused || r.rejected > 0) throw new Error(`fixture import failed: ${JSON.stringify(r)}`);
  writeCaseMeta(caseFile.db, { case_number: 'ZM-2026-007', classification: 'CONFIDENTIAL 机密', analyst: 'Li Wei', subject: 'Zero-mileage exports via Horgos' });
  // The run's summary thread writes after the run returns: awaited, so the case file holds still from here on.
  await runRules(caseFile, {}).summary;
  const db = caseFile.db;
  db.prepare("INSERT INTO tags (subject_type, subject_id, tag) VALUES ('vehicle', ?, 'exhibit')").run(VIN);
  const flag = db.prepare("SELECT flag_key FROM flags WHERE vin = ? AND rule = 'zero_mileage_export'").pluck().get(VIN) as string | undefined;
  if (flag) {
    db.prepare("INSERT INTO reviews (flag_key, status, reason, analyst, updated_at) VALUES (?, 'confirmed', 'Invoices and declaration agree', 'Li Wei', '2026-11-20T10:00:00Z')").run(flag);
  }
  db.prepare("INSERT INTO notes (subject_type, subject_id, body, analyst, created_at) VALUES ('vehicle', ?, ?, 'Li Wei', '2026-11-21T09:30:00Z')")
    .run(VIN, 'Trader held the car 17 days; <script>alert(2)</script> checked with customs.');
  appendAudit(db, { action: 'fixture.review', subject: VIN, detail: {} });
  return { dir, path, caseFile, files: paths, remove: () => { caseFile.close(); remove(); } };
}
