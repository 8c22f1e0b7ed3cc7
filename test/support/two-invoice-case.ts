import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../electron/backend/import/import-files';
import { runRules } from '../../electron/backend/rules/runner';
import { withPersonIdCheck, withUsccCheck } from '../../shared/party-id';
import { fixtureVin } from './record-fixture';

/**
 * A case imported from CSV files as an analyst would: a trader that bought V1 twice (from the
 * maker on 2024-02-01 and again from a dealer on 2024-02-03: one vehicle, two invoices), V2 and
 * V3, sold V3 to a private buyer with an ID number, and declared V1 twice and V2 once for export;
 * the private buyer also bought V4 new. Rules run with intermediary_min_vehicles 2, so the trader
 * carries a flag of its own (trade_intermediary) beside its flagged vehicles.
 */
export const TWO_INVOICES = {
  trader: '成都蓉欧汽车贸易有限公司',
  traderId: withUsccCheck('91510100MA6CABCD0'),
  maker: '比亚迪汽车工业有限公司',
  makerId: withUsccCheck('91440300MA5DABCD0'),
  dealer: '成都汽车销售有限公司',
  person: '王芳',
  personId: withPersonIdCheck('51010419900315002'),
  vins: [1, 2, 3, 4].map((n) => fixtureVin(700 + n)) as [string, string, string, string],
} as const;

export async function writeTwoInvoiceCase(dir: string): Promise<string> {
  const { trader, traderId, maker, makerId, dealer, person, personId, vins: [v1, v2, v3, v4] } = TWO_INVOICES;
  const file = (name: string, rows: string[][]) => {
    const path = join(dir, name);
    writeFileSync(path, rows.map((r) => r.join(',')).join('\n') + '\n');
    return { path };
  };
  const casePath = join(dir, 'two-invoices.zmcase');
  const caseFile = openCaseFile(casePath, { create: { title: 'two invoices for one vehicle' } });
  try {
    const results = await importFiles(caseFile, [
      file('sales.csv', [['发票号码', '开票日期', '车辆识别代号', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '身份证号码/组织机构代码', '价税合计', '发票类型'],
        ['A1', '2024-02-01', v1, maker, makerId, trader, traderId, '150000', '机动车销售统一发票'],
        ['A2', '2024-02-03', v1, dealer, '', trader, traderId, '151000', '机动车销售统一发票'],
        ['A3', '2024-02-01', v2, maker, makerId, trader, traderId, '120000', '机动车销售统一发票'],
        ['A4', '2024-02-02', v3, maker, makerId, trader, traderId, '130000', '机动车销售统一发票'],
        ['A5', '2024-02-09', v3, trader, traderId, person, personId, '131000', '二手车销售统一发票'],
        ['A6', '2024-02-04', v4, maker, makerId, person, personId, '99000', '机动车销售统一发票']]),
      file('registrations.csv', [['登记日期', '登记类型', '车辆识别代号', '机动车所有人', '号牌号码', '登记城市', '行驶里程'],
        ['2024-02-05', '注册登记', v1, trader, '川A10001', '成都', '3'],
        ['2024-02-06', '注册登记', v2, trader, '川A10002', '成都', '2'],
        ['2024-02-10', '注册登记', v3, person, '川A10003', '成都', '5']]),
      file('exports.csv', [['报关单号', '申报日期', '车辆识别代号', '境内发货人', '境外收货人', '运抵国(地区)', '总价', '行驶里程'],
        ['D-1', '2024-02-20', v1, trader, 'OOO Avto Import', 'RU', '140000', '8'],
        ['D-2', '2024-02-22', v1, trader, 'OOO Avto Import', 'RU', '140000', '8'],
        ['D-3', '2024-03-01', v2, trader, 'TOO Kaz Motors', 'KZ', '118000', '6']]),
    ]);
    const bad = results.filter((r) => r.rejected > 0 || r.refused);
    if (bad.length > 0) throw new Error(`the two-invoice case did not import cleanly: ${JSON.stringify(bad)}`);
    await runRules(caseFile, { intermediary_min_vehicles: 2 }).summary;
    caseFile.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    caseFile.close();
  }
  return casePath;
}
