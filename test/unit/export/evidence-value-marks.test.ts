import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/backend/import/import-file';
import { openPrinter, type Printer } from '../../../electron/backend/export/chromium-print';
import { evidenceHtml, exportCase, reportHtml, writeEvidence, writeReport } from '../../../electron/backend/export/print-service';
import { csv, vinNo, workspace } from '../import/import-helpers';

// A value read differently from how its file wrote it is marked on the vehicle screen (≠, the text
// as written in its title) and under `zeromile chain`; the printed evidence sheet, which people who
// never open the tool read, showed 2025-01-06 and 145000 as if the file had said so.
const HEAD = ['发票号码', '开票日期', '车架号', '销售方名称', '购货单位', '车价合计'];
const VIN = vinNo(21);
const portrait = { paper: 'a4' as const, landscape: false, unmaskIds: false };
const layout = (path: string) => execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
const squash = (text: string) => text.replace(/\s+/g, '');
/** The page's text as a reader sees it: tags dropped, entities read. */
const shown = (html: string) => html.replace(/<[^>]+>/g, ' ').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

describe('values read differently on the printed evidence sheet', () => {
  const ws = workspace();
  let printer: Printer;
  beforeAll(async () => {
    // One sale written with an Excel day number, 万元 and a lower-case VIN; the next one plain.
    const path = ws.file('marked-sales.csv', csv([
      HEAD,
      ['30000001', '45663', VIN.toLowerCase(), '比亚迪汽车工业有限公司', '重庆鑫达贸易有限公司', '14.5万元'],
      ['30000002', '2025-01-20', VIN, '重庆鑫达贸易有限公司', '霍尔果斯出口有限公司', '150000'],
    ]));
    expect(await importFile(ws.caseFile.db, { path })).toMatchObject({ imported: 2, read_differently: { total: 3 } });
    ws.caseFile.db.prepare("INSERT INTO tags (subject_type, subject_id, tag) VALUES ('vehicle', ?, 'exhibit')").run(VIN);
    printer = await openPrinter();
  }, 60_000);
  afterAll(async () => {
    await printer.close();
    ws.done();
  });

  it('puts ≠ by each value and prints the text as written and why, in English and Chinese', () => {
    const html = evidenceHtml(ws.caseFile.db, VIN, portrait);
    // The timeline's line: the date's ≠ by the date, the price's and the VIN's by the line, each in words under it.
    expect(html).toMatch(/<td class="date">2025-01-06 <span class="value-mark" title="[^"]*45663[^"]*" data-fields="invoice_date">≠<\/span><\/td>/);
    expect(html).toContain('data-fields="vin price">≠</span>');
    expect(shown(html)).toContain('≠ Read differently from how the file wrote it: invoice date: written "45663", read as an Excel day number, 2025-01-06 (a guess: the file does not say the cell is a date)');
    expect(shown(html)).toContain('≠ Read differently from how the file wrote it: price: written "14.5万元", read as 145000 (万元 is ten thousand yuan)');
    expect(shown(html)).toContain(`≠ Read differently from how the file wrote it: VIN: written "${VIN.toLowerCase()}", read as ${VIN} (upper case, half-width, no spaces or dashes inside)`);
    // The holder who bought with that invoice: its acquired date and price carry the mark too; the plain sale's none.
    expect(html).toMatch(/<td class="date">2025-01-06 <span class="value-mark"[^>]*data-fields="invoice_date">≠<\/span><\/td><td class="num">145,000\.00 CNY <span class="value-mark"[^>]*data-fields="price">≠<\/span>/);
    expect(html).not.toMatch(/2025-01-20 <span class="value-mark"/);
    expect((html.match(/class="read-differently"/g) ?? []).length).toBe(5);

    const zh = evidenceHtml(ws.caseFile.db, VIN, { ...portrait, lang: 'zh' });
    expect(shown(zh)).toContain('≠ 读法与文件原文不同：开票日期：原文为 "45663"，按 Excel 日期序号读作 2025-01-06（推测：文件未标明该单元格是日期）');
    expect(shown(zh)).toContain('≠ 读法与文件原文不同：价格：原文为 "14.5万元"，读作 145000（万元即一万元）');
    expect(zh).not.toContain('Read differently');
  });

  it('writes them in the records table of a CSV export, beside the values they mark', async () => {
    const out = join(ws.dir, 'records.csv');
    await exportCase(ws.caseFile.db, { format: 'csv', out, flaggedOnly: false, unmaskIds: false, table: 'records' });
    const [head, marked, plain] = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(head!.endsWith(',page,read_differently')).toBe(true);
    expect(marked).toContain(`sales,1,${VIN},2025-01-06,`);
    expect(marked).toContain(',145000,CNY,');
    expect(marked!.endsWith(`,2,,"invoice date: written ""45663"", read as an Excel day number, 2025-01-06 (a guess: the file does not say the cell is a date); `
      + `VIN: written ""${VIN.toLowerCase()}"", read as ${VIN} (upper case, half-width, no spaces or dashes inside); price: written ""14.5万元"", read as 145000 (万元 is ten thousand yuan)"`)).toBe(true);
    expect(plain!.endsWith(',3,,')).toBe(true);
  });

  it('prints them in the PDF, the sheet and the case report whose exhibit it is', async () => {
    const sheet = join(ws.dir, 'marked.pdf');
    await writeEvidence(ws.caseFile.db, VIN, sheet, { ...portrait, printer });
    const text = layout(sheet);
    expect(text).toMatch(/2025-01-06 ≠/);
    for (const words of ['invoice date: written "45663", read as an Excel day number, 2025-01-06', 'price: written "14.5万元", read as 145000',
      `VIN: written "${VIN.toLowerCase()}", read as ${VIN}`]) expect(squash(text)).toContain(squash(`≠ Read differently from how the file wrote it: ${words}`));

    const zhSheet = join(ws.dir, 'marked-zh.pdf');
    await writeEvidence(ws.caseFile.db, VIN, zhSheet, { ...portrait, lang: 'zh', printer });
    expect(squash(layout(zhSheet))).toContain(squash('≠ 读法与文件原文不同：价格：原文为 "14.5万元"，读作 145000（万元即一万元）'));

    expect(shown(reportHtml(ws.caseFile.db, portrait))).toContain('≠ Read differently from how the file wrote it: price: written "14.5万元"');
    const report = join(ws.dir, 'report.pdf');
    await writeReport(ws.caseFile.db, report, { ...portrait, printer });
    expect(squash(layout(report))).toContain(squash('≠ Read differently from how the file wrote it: invoice date: written "45663"'));
  }, 120_000);
});
