import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, expect, it } from 'vitest';
import { withCheckDigit } from '../../../shared/vin';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { QUEUE_COLUMNS, queueTable } from '../../../electron/backend/export/queue-table';
import { exportCase } from '../../../electron/backend/export/print-service';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { tempDir } from '../../support/paths';
import { chainCommand } from '../../../electron/backend/cli/commands/chain';
import { buildChain } from '../../../electron/backend/graph/chain';
import { loadEvidenceSheet } from '../../../electron/backend/export/evidence/evidence-data';
import { evidenceSheetHtml } from '../../../electron/backend/export/evidence/evidence-sheet';
import { evidenceFactsDigest } from '../../../electron/backend/export/evidence/facts-digest';
import { sourcesCitation } from '../../../shared/timeline-drawing';
import { citedPlaceText } from '../../../shared/citation';
import { renderMessage } from '../../../shared/i18n/message';
import { CASE_ZH } from '../../../shared/i18n/case-zh';

const temp = tempDir('zeromile-citation-');
afterAll(() => temp.remove());

// Every sheet of a workbook has a row 2: a flag's evidence in the flags table and the queue export
// named only "book.xlsx row 2", which cited two records at once.
it('cites a workbook record by sheet and row in the flags table, the queue export and FtM', async () => {
  const vin = withCheckDigit('LGXCE4CB0N2123456');
  const book = new ExcelJS.Workbook();
  book.addWorksheet('登记').addRows([
    ['登记日期', '登记类型', 'VIN', '机动车所有人', '号牌号码', '登记城市', '行驶里程'],
    ['2024-02-05', '注册登记', vin, '四川省零公里汽车贸易有限公司', '川A12345', '成都', 3],
  ]);
  book.addWorksheet('销售').addRows([
    ['发票号码', '开票日期', 'VIN', '销货单位名称', '购买方名称', '价税合计'],
    ['00112233', '2024-02-10', vin, '四川省零公里汽车贸易有限公司', '成都某贸易公司', 150000],
  ]);
  book.addWorksheet('报关').addRows([
    ['报关单号', '申报日期', 'VIN', '境内发货人', '境外收货人', '运抵国(地区)', '行驶里程'],
    ['530120240000123', '2024-02-25', vin, '四川省零公里汽车贸易有限公司', 'OOO Avto Import', 'RU', 12],
  ]);
  const path = join(temp.dir, 'book.xlsx');
  await book.xlsx.writeFile(path);
  const caseFile = openCaseFile(join(temp.dir, 'c.zmcase'), { create: { title: 'citations' } });
  try {
    const [result] = await importFiles(caseFile, [{ path }]);
    expect(result).toMatchObject({ refused: null, imported: 3, rejected: 0 });
    await runRules(caseFile, {}).summary;
    const sha = caseFile.db.prepare('SELECT sha256 FROM documents').pluck().get() as string;
    const cited = [`book.xlsx sheet 登记, row 2 sha256:${sha}`, `book.xlsx sheet 报关, row 2 sha256:${sha}`];

    const out = join(temp.dir, 'flags.csv');
    await exportCase(caseFile.db, { format: 'csv', table: 'flags', out, flaggedOnly: false, unmaskIds: false });
    const zeroMileage = readFileSync(out, 'utf8').split('\n').find((line) => line.includes('zero_mileage_export'))!;
    for (const citation of cited) expect(zeroMileage).toContain(citation);

    const queue = [...queueTable(caseFile.db, { filter: { rule: 'zero_mileage_export' } }).rows];
    expect(queue).toHaveLength(1);
    expect(String(queue[0]![QUEUE_COLUMNS.indexOf('evidence')]).split('; ').sort()).toEqual([...cited].sort());

    // FtM: the sale (row 2 of 销售) and the export (row 2 of 报关) were one Ownership, their citation and id the same.
    const ftm = join(temp.dir, 'case.ftm');
    await exportCase(caseFile.db, { format: 'ftm', out: ftm, flaggedOnly: false, unmaskIds: false });
    const ownerships = readFileSync(ftm, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; schema: string; properties: Record<string, string[]> })
      .filter((e) => e.schema === 'Ownership');
    expect(ownerships.map((e) => e.properties.recordId![0]).sort()).toEqual([
      `sha256:${sha}#sheet=${encodeURIComponent('报关')}&row=2`, `sha256:${sha}#sheet=${encodeURIComponent('销售')}&row=2`,
    ].sort());
    expect(new Set(ownerships.map((e) => e.id)).size).toBe(2);

    // zeromile chain, the vehicle page's timeline (sourcesCitation) and the evidence sheet name the sheet too.
    let printed = '';
    expect(await chainCommand.run([join(temp.dir, 'c.zmcase'), vin], { out: (t) => { printed += `${t}\n`; }, err: () => undefined })).toBe(0);
    expect(printed).toContain('(book.xlsx sheet 登记, row 2)');
    expect(printed).toContain('(book.xlsx sheet 报关, row 2)');
    expect(printed).not.toMatch(/book\.xlsx row/);
  } finally {
    caseFile.close();
  }
  const reopened = openCaseFile(join(temp.dir, 'c.zmcase'), { readonly: true });
  try {
    const chain = buildChain(reopened.db, vin);
    expect(chain.timeline.map((e) => sourcesCitation(e))).toContain('book.xlsx sheet 销售, row 2');
    expect(chain.timeline.map((e) => sourcesCitation(e, (m) => renderMessage(m, CASE_ZH)))).toContain('book.xlsx 工作表 销售，第 2 行');
    const data = loadEvidenceSheet(reopened.db, vin);
    expect(data.sources[0]!.places.map((p) => citedPlaceText(p))).toEqual(['sheet 报关, row 2', 'sheet 登记, row 2', 'sheet 销售, row 2']);
    const html = evidenceSheetHtml(data, { paper: 'a4', landscape: false, unmaskIds: false });
    expect(html).toContain('book.xlsx sheet 登记, row 2');
    expect(html).toContain('sheet 报关, row 2, sheet 登记, row 2, sheet 销售, row 2');
    expect(html).not.toMatch(/book\.xlsx row/);
    // The digest keeps the form a sheet printed before the sheet names had, so that sheet still verifies.
    const before = { ...data, flags: data.flags.map((f) => ({ ...f, evidence: f.evidence.map((e) => ({ ...e, sheet: null })) })) };
    expect(evidenceFactsDigest(data)).toEqual(evidenceFactsDigest(before));
  } finally {
    reopened.close();
  }
});
