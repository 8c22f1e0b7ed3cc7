import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../../electron/backend/import/import-files';
import { withUsccCheck } from '../../../shared/party-id';
import { CLI, tempDir } from '../../support/paths';
import { fixtureVin } from '../../support/record-fixture';

const temp = tempDir('zeromile-cli-rules-');
const casePath = join(temp.dir, 'case.zmcase');
const VIN = fixtureVin(42);
const OTHER = fixtureVin(43);
const MAKER_ID = withUsccCheck('91440300MA5DABCD0');

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing (npm run build)`);
  const file = (name: string, text: string) => { const path = join(temp.dir, name); writeFileSync(path, text); return { path }; };
  const caseFile = openCaseFile(casePath, { create: { title: 'cli rules' } });
  const results = await importFiles(caseFile, [
    file('vehicles.csv', `车辆识别代号,品牌,车型,生产日期,生产企业,生产企业统一社会信用代码\n${VIN},BYD,Song Plus,2024-01-10,比亚迪汽车工业有限公司,${MAKER_ID}\n${OTHER},BYD,Qin,2024-01-10,比亚迪汽车工业有限公司,${MAKER_ID}\n`),
    file('sales.csv', `发票号码,开票日期,车辆识别代号,销货单位名称,销货单位纳税人识别号,购买方名称,价税合计,发票类型\n`
      + `A1,2024-02-01,${VIN},比亚迪汽车工业有限公司,${MAKER_ID},成都汽车销售有限公司,150000,机动车销售统一发票\n`
      + `A2,2024-02-02,${VIN},成都汽车销售有限公司,,四川外贸有限公司,152000,机动车销售统一发票\n`
      + `A3,2024-02-01,${OTHER},比亚迪汽车工业有限公司,${MAKER_ID},张三,120000,机动车销售统一发票\n`),
    file('registrations.csv', `登记日期,登记类型,车辆识别代号,机动车所有人,号牌号码,登记城市,行驶里程\n2024-02-05,注册登记,${VIN},四川外贸有限公司,川A12345,成都,3\n2024-02-20,注销登记,${VIN},四川外贸有限公司,川A12345,成都,\n2024-02-03,注册登记,${OTHER},张三,川A55555,成都,0\n`),
    file('exports.csv', `报关单号,申报日期,车辆识别代号,境内发货人,境外收货人,运抵国(地区),总价,行驶里程\nD-100,2024-02-28,${VIN},四川外贸有限公司,OOO Avto Import,RU,140000,8\n`),
  ]);
  expect(results.map((r) => [r.kind, r.rejected, r.refused ?? null])).toEqual([
    ['vehicles', 0, null], ['sales', 0, null], ['registrations', 0, null], ['exports', 0, null],
  ]);
  caseFile.close();
});
afterAll(() => temp.remove());

// Each CLI call starts a Node process; on a busy 2-core machine that alone can take seconds.
describe('zeromile analyze / chain / stats', { timeout: 120_000 }, () => {
  it('analyze --json gives the run and its counts per rule; flags streams the flags with evidence', () => {
    const result = cli('analyze', casePath, '--json');
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as { run: { id: number; params: Record<string, unknown>; counts: Record<string, number> }; rules: { rule: string; flags: number }[]; flags_total: number; flags?: unknown };
    expect(out.run.id).toBe(1);
    expect(out.run.params.zero_mileage_max_km).toBe(500);
    expect(out.flags).toBeUndefined();
    expect(out.rules.find((r) => r.rule === 'zero_mileage_export')?.flags).toBe(1);
    expect(out.flags_total).toBe(out.rules.reduce((n, r) => n + r.flags, 0));
    const streamed = cli('flags', casePath, '--jsonl');
    expect(streamed.status).toBe(0);
    const lines = streamed.stdout.trim().split('\n');
    expect(lines).toHaveLength(out.flags_total);
    const flags = lines.map((line) => JSON.parse(line) as { id: number; vin: string; rule: string; reason: string; evidence: { record_kind: string; row: number; document_sha256: string }[] });
    expect(flags.map((f) => f.id)).toEqual([...flags.map((f) => f.id)].sort((a, b) => a - b));
    const zero = flags.find((f) => f.rule === 'zero_mileage_export')!;
    expect(zero.vin).toBe(VIN);
    expect(zero.reason).toBe('exported 23 days after first registration, odometer 8 km');
    expect(zero.evidence.map((e) => [e.record_kind, e.row])).toEqual([['exports', 2], ['registrations', 2]]);
    expect(zero.evidence[0]!.document_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(flags.filter((f) => f.vin === OTHER)).toEqual([]);
    const oneRule = cli('flags', casePath, '--rule', 'zero_mileage_export', '--jsonl');
    expect(oneRule.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { id: number }).id)).toEqual([zero.id]);
    expect(cli('flags', casePath).stdout).toMatch(/\tzero_mileage_export\thigh\topen\t/);
    const unknown = cli('flags', casePath, '--rule', 'no_such_rule');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no_such_rule');
    expect(cli('flags', casePath, '--run', '99').status).toBe(1);
  });

  it('analyze reads --params and names a bad one', () => {
    const good = join(temp.dir, 'params.json');
    writeFileSync(good, JSON.stringify({ zero_mileage_max_days: 22 }));
    const text = cli('analyze', casePath, '--params', good);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/zero_mileage_export\s+high\s+0 flags/);
    expect(text.stdout).toMatch(/run 2 /);
    const bad = join(temp.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ rapid_resale_dayz: 3 }));
    const refused = cli('analyze', casePath, '--params', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('rapid_resale_dayz');
  });

  it('chain --json lists the holders maker to foreign consignee', () => {
    const result = cli('chain', casePath, VIN, '--json');
    expect(result.status).toBe(0);
    const chain = JSON.parse(result.stdout) as { vin: string; holders: { name: string; role: string }[]; links: unknown[]; timeline: { kind: string }[] };
    expect(chain.vin).toBe(VIN);
    expect(chain.holders.map((h) => h.role)).toEqual(['maker', 'dealer', 'exporter', 'foreign_buyer']);
    expect(chain.holders[0]!.name).toBe('比亚迪汽车工业有限公司');
    expect(chain.timeline.map((t) => t.kind)).toEqual(['production', 'sale', 'sale', 'registration', 'deregistration', 'export']);
    const text = cli('chain', casePath, VIN);
    expect(text.stdout).toContain('OOO Avto Import (foreign_buyer)');
    // The dealer held the vehicle from 2024-02-01 to 2024-02-02.
    expect(text.stdout).toContain('成都汽车销售有限公司 (dealer) from 2024-02-01, 150000, held a day\n');
    expect(cli('chain', casePath, fixtureVin(9)).status).toBe(1);
  });

  it('stats --json reads the latest run', () => {
    const result = cli('stats', casePath, '--json');
    expect(result.status).toBe(0);
    const stats = JSON.parse(result.stdout) as { run_id: number; regional: { city: string; registered: number; zero_mileage_exports: number }[] };
    expect(stats.run_id).toBe(2);
    const first = JSON.parse(cli('stats', casePath, '--json', '--run', '1').stdout) as typeof stats;
    expect(first.regional).toEqual([expect.objectContaining({ city: '成都', registered: 2, zero_mileage_exports: 1, share: 0.5, double_counted_value: 150000 })]);
    expect(cli('stats', casePath).stdout).toContain('regional inflation');
  });
});
