import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/backend/import/import-file';
import { buildChain } from '../../../electron/backend/graph/chain';
import { loadEvidenceSheet } from '../../../electron/backend/export/evidence/evidence-data';
import { evidenceFactsDigest } from '../../../electron/backend/export/evidence/facts-digest';
import { evidenceHtml, writeEvidence } from '../../../electron/backend/export/print-service';
import { WMI_MAKERS } from '../../../shared/data/wmi';
import { CLI } from '../../support/paths';
import { csv, vinNo, workspace } from '../import/import-helpers';

// 4122c9d took the seller of a vehicle's first sale as its maker when no record names the maker and
// the seller is named as the maker the VIN's WMI decodes to: the chain then showed "Maker" as if a
// record said so. The screen, zeromile chain and the evidence sheet now say it came from the WMI.
const HEAD = ['发票号码', '开票日期', '车架号', '销售方名称', '购货单位', '车价合计'];
const INFERRED = vinNo(31);
const RECORDED = vinNo(32);
const portrait = { paper: 'a4' as const, landscape: false, unmaskIds: false };
const shown = (html: string) => html.replace(/<[^>]+>/g, ' ').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
const squash = (text: string) => text.replace(/\s+/g, '');
const EN = "Maker inferred from the VIN's WMI LGX (BYD / 比亚迪 in ZeroMile's WMI reference table of ISO 3780 world manufacturer identifiers), not from a record: "
  + "no record of the case names this vehicle's maker, and this seller of its first sale is named as that maker.";

describe("a maker inferred from the VIN's WMI", () => {
  const ws = workspace();
  beforeAll(async () => {
    const sales = ws.file('sales.csv', csv([
      HEAD,
      ['40000001', '2026-01-01', INFERRED, '比亚迪汽车工业有限公司', '深圳测试贸易有限公司', '168000'],
      ['40000002', '2026-01-05', INFERRED, '深圳测试贸易有限公司', '霍尔果斯出口有限公司', '170000'],
      ['40000003', '2026-01-01', RECORDED, '比亚迪汽车工业有限公司', '深圳测试贸易有限公司', '168000'],
    ]));
    expect(await importFile(ws.caseFile.db, { path: sales })).toMatchObject({ imported: 3 });
    // RECORDED's maker is on record: a vehicle master row names it.
    const vehicles = ws.file('vehicles.csv', csv([['车辆识别代号', '品牌', '生产企业', '生产日期'], [RECORDED, '比亚迪', '比亚迪汽车工业有限公司', '2025-12-01']]));
    expect(await importFile(ws.caseFile.db, { path: vehicles })).toMatchObject({ imported: 1 });
  });
  afterAll(() => ws.done());

  it('carries the WMI and the reference names on the maker holder alone, not on a maker on record', () => {
    expect(WMI_MAKERS.LGX).toEqual(['BYD', '比亚迪']);
    const chain = buildChain(ws.caseFile.db, INFERRED);
    expect(chain.holders.map((h) => [h.name, h.role, h.maker_from_wmi])).toEqual([
      ['比亚迪汽车工业有限公司', 'maker', { wmi: 'LGX', names: ['BYD', '比亚迪'] }],
      ['深圳测试贸易有限公司', 'dealer', undefined],
      ['霍尔果斯出口有限公司', 'trader', undefined],
    ]);
    const recorded = buildChain(ws.caseFile.db, RECORDED);
    expect(recorded.holders[0]).toMatchObject({ name: '比亚迪汽车工业有限公司', role: 'maker' });
    expect(recorded.holders.some((h) => 'maker_from_wmi' in h)).toBe(false);
  });

  it('says so under the maker in zeromile chain', () => {
    const out = execFileSync(process.execPath, [CLI, 'chain', ws.caseFile.path, INFERRED], { encoding: 'utf8' });
    expect(out).toContain(`  1. 比亚迪汽车工业有限公司 (maker) date not recorded\n     ${EN}\n  2. 深圳测试贸易有限公司`);
    expect(execFileSync(process.execPath, [CLI, 'chain', ws.caseFile.path, RECORDED], { encoding: 'utf8' })).not.toContain('Maker inferred');
  });

  it('says so on the evidence sheet in English and Chinese, its facts digest as before', async () => {
    expect(shown(evidenceHtml(ws.caseFile.db, INFERRED, portrait))).toContain(EN);
    expect(shown(evidenceHtml(ws.caseFile.db, INFERRED, { ...portrait, lang: 'zh' })))
      .toContain('生产企业系根据车辆识别代号的 WMI LGX 推定（ZeroMile 的 WMI 对照表，即 ISO 3780 世界制造厂识别代号表，记为 比亚迪（BYD）），并非记录所载');
    expect(evidenceHtml(ws.caseFile.db, RECORDED, portrait)).not.toContain('Maker inferred');
    // The digest covers the facts of the records: a sheet printed before the mark still verifies.
    const data = loadEvidenceSheet(ws.caseFile.db, INFERRED);
    const without = { ...data, chain: { ...data.chain, holders: data.chain.holders.map(({ maker_from_wmi: _w, ...h }) => h) } };
    expect(evidenceFactsDigest(data)).toEqual(evidenceFactsDigest(without));

    const pdf = join(ws.dir, 'inferred.pdf');
    await writeEvidence(ws.caseFile.db, INFERRED, pdf, portrait);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Maker \*/);
    expect(squash(text)).toContain(squash(`* ${EN}`));
  }, 90_000);
});
