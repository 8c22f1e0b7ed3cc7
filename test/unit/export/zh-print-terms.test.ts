import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseReportHtml } from '../../../electron/backend/export/evidence/case-report';
import { loadReport } from '../../../electron/backend/export/evidence/report-data';
import { openPrinter, type Printer } from '../../../electron/backend/export/chromium-print';
import { evidenceHtml, writeEvidence, writeReport } from '../../../electron/backend/export/print-service';
import { ROOT } from '../../support/paths';
import { createPrintFixture, VIN, type PrintFixture } from './print-fixture';

/*
 * Probe 56 item 10: the Chinese evidence sheet and case report called a flag 标记 where every
 * screen says 预警, the foreign buyer 境外买方 where the screens say 境外买家, printed the rule run
 * as raw ISO ("开始于 2026-12-05T07:47:05.226Z") with its parameters by their code names
 * (zero_mileage_max_km = 500), and "另有 12300 个标记未在此列出" without a thousands separator.
 * Read back with pdftotext -layout, as the probe did; English keeps its words.
 */
let f: PrintFixture;
let printer: Printer;
beforeAll(async () => {
  f = await createPrintFixture();
  printer = await openPrinter();
}, 120_000);
afterAll(async () => {
  await printer?.close();
  f?.remove();
});

const OUTPUT = join(ROOT, 'test', 'output');
const layout = (path: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
const portrait = { paper: 'a4' as const, landscape: false, unmaskIds: false };
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('Chinese print words match the screens', () => {
  it('the evidence sheet says 预警 and 境外买家, the run in date and time, parameters by their labels', async () => {
    const sheet = join(OUTPUT, 'zh-terms-evidence.pdf');
    await writeEvidence(f.caseFile.db, VIN, sheet, { ...portrait, lang: 'zh', printer });
    const text = layout(sheet);
    expect(text).toMatch(/^\s*预警\s*$/m);
    expect(text).not.toContain('标记');
    expect(text).toContain('境外买家');
    expect(text).not.toContain('境外买方');
    expect(text).toMatch(/规则运行 #\d+，开始于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（UTC），完成于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（UTC）/);
    expect(text).not.toMatch(ISO);
    expect(text.replace(/\s+/g, '')).toContain('参数：零公里出口：报关单上最多公里数=500；零公里出口：注册登记至出口最多天数=180；');
    expect(text).not.toContain('zero_mileage_max_km');
    // A row cited as 第 N 行 is never broken after the number (its 行 alone on the next line).
    expect(text).not.toMatch(/第 ?\d+ *\n/);
    const html = evidenceHtml(f.caseFile.db, VIN, { ...portrait, lang: 'zh' });
    expect(html).toMatch(/第\u00a0\d+\u00a0行/);
  }, 120_000);

  it('the case report says 预警, groups the figure of flags not listed, and prints the run the same way', async () => {
    const report = join(OUTPUT, 'zh-terms-report.pdf');
    await writeReport(f.caseFile.db, report, { ...portrait, lang: 'zh', printer });
    const text = layout(report);
    expect(text).toContain('按规则统计预警');
    expect(text).not.toContain('标记');
    expect(text).not.toMatch(ISO);
    expect(text).not.toContain('zero_mileage_max_km');
    // A case of more flags than the report lists: the rest are counted with a thousands separator.
    const data = loadReport(f.caseFile.db);
    const many = { ...data, flagTotal: data.flags.length + 12_300 };
    expect(caseReportHtml(many, { ...portrait, lang: 'zh' })).toContain('另有 12,300 条预警未在此列出；CSV 或 XLSX 导出包含全部预警。');
    expect(caseReportHtml(many, { ...portrait, lang: 'en' })).toContain('12,300 more flags are not listed here');
  }, 120_000);

  it('English keeps its words, with the run in date and time and parameters by their labels', () => {
    const html = evidenceHtml(f.caseFile.db, VIN, portrait);
    expect(html).toMatch(/Rule run #\d+, started \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC, finished \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(html).toContain('Parameters: Zero mileage: most km on the declaration = 500; Zero mileage: most days from registration to export = 180;');
    expect(html).toContain('Foreign buyer');
  });
});
