import { execFileSync, spawnSync } from 'node:child_process';
import { citedPlaceText } from '../../../shared/citation';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHead } from '../../../electron/backend/casefile/audit';
import { loadEvidenceSheet } from '../../../electron/backend/export/evidence/evidence-data';
import { openPrinter, type Printer } from '../../../electron/backend/export/chromium-print';
import { evidenceHtml, evidenceSvg, reportHtml, writeEvidence, writeReport } from '../../../electron/backend/export/print-service';
import { CLI, ROOT } from '../../support/paths';
import { createPrintFixture, EXPORTER, MAKER, PERSON, PERSON_ID, TRADER, VIN, VIN_PRIVATE, type PrintFixture } from './print-fixture';

/**
 * The evidence sheet and case report, from HTML to printed PDF through Debian's Chromium. PDFs are
 * read back with poppler (pdftotext, pdfinfo); page images land in test/output/ to be looked at.
 */
let f: PrintFixture;
beforeAll(async () => { f = await createPrintFixture(); });
afterAll(() => f.remove());

const OUTPUT = join(ROOT, 'test', 'output');
const squash = (text: string) => text.replace(/\s+/g, '');
const pdfText = (path: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
const pdfPages = (path: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]);
const pageSize = (path: string) => /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))!.slice(1, 3).map(Number);
const portrait = { paper: 'a4' as const, landscape: false, unmaskIds: false };

/** Every page says "Page i of N" once, N is the PDF's page count. */
function expectPageNumbers(text: string, pages: number): void {
  const found = [...text.matchAll(/Page (\d+) of (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  expect(found).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, pages]));
}

describe('evidence sheet page', () => {
  it('prints markup from documents as text, never as elements', () => {
    const html = evidenceHtml(f.caseFile.db, VIN, portrait);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Export Ltd');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>Dealer</b>');
    expect(html).toContain('&lt;b&gt;Dealer&lt;/b&gt;');
    expect(html).toContain('size: A4 portrait');
    expect(evidenceHtml(f.caseFile.db, VIN, { ...portrait, paper: 'letter', landscape: true })).toContain('size: letter landscape');
  });

  it("masks a private owner's ID number unless the analyst unmasks it", () => {
    const masked = evidenceHtml(f.caseFile.db, VIN_PRIVATE, portrait);
    expect(masked).toContain(PERSON);
    expect(masked).not.toContain(PERSON_ID);
    expect(masked).toContain(`${PERSON_ID.slice(0, 6)}***********${PERSON_ID.slice(-1)}`);
    expect(evidenceHtml(f.caseFile.db, VIN_PRIVATE, { ...portrait, unmaskIds: true })).toContain(PERSON_ID);
    expect(evidenceSvg(f.caseFile.db, VIN_PRIVATE, { unmaskIds: false })).not.toContain(PERSON_ID);
  });

  it('gathers the chain, flags with run and verdict, notes, and every cited document', () => {
    const data = loadEvidenceSheet(f.caseFile.db, VIN);
    expect(data.chain.holders.map((h) => h.name)).toEqual([MAKER, 'Chengdu <b>Dealer</b> & Sons', TRADER, EXPORTER, 'OOO Avto Import']);
    expect(data.flags.map((x) => x.rule).sort()).toEqual(['rapid_resale', 'undervalued_export', 'zero_mileage_export']);
    expect(data.flags.find((x) => x.rule === 'zero_mileage_export')!.verdict).toMatchObject({ status: 'confirmed', analyst: 'Li Wei' });
    expect(data.run?.params).toContain('zero_mileage_max_km');
    expect(data.notes).toHaveLength(1);
    expect(data.sources.map((s) => s.file_name).sort()).toEqual(['exports.csv', 'registrations.csv', 'sales.csv', 'vehicles.csv']);
    expect(data.sources.find((s) => s.file_name === 'sales.csv')!.places.map((p) => citedPlaceText(p))).toEqual(['row 2', 'row 3', 'row 4']);
    expect(data.header.audit_head).toBe(auditHead(f.caseFile.db));
  });

  it('draws the chain as well-formed SVG with every holder as real text', () => {
    const svg = evidenceSvg(f.caseFile.db, VIN, { unmaskIds: false });
    const errors: string[] = [];
    const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) } })
      .parseFromString(svg, 'image/svg+xml');
    expect(errors).toEqual([]);
    const groups = Array.from(doc.getElementsByTagName('g')).filter((g) => g.getAttribute('class') === 'holder');
    const data = loadEvidenceSheet(f.caseFile.db, VIN);
    expect(groups).toHaveLength(data.chain.holders.length);
    groups.forEach((g, i) => {
      const name = data.chain.holders[i]!.name;
      expect(g.getElementsByTagName('title')[0]!.textContent).toBe(name);
      const shown = Array.from(g.getElementsByTagName('text')).map((t) => t.textContent ?? '').join('');
      expect(squash(shown)).toContain(squash(name));
    });
    const legend = Array.from(doc.getElementsByTagName('g')).find((g) => g.getAttribute('class') === 'legend')!;
    expect(legend.textContent).toContain('Foreign buyer');
  });
});

describe('printing through headless Chromium', () => {
  // One Chromium for the whole block: starting it is most of a print's time on this machine.
  let printer: Printer;
  beforeAll(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    printer = await openPrinter();
  });
  afterAll(() => printer.close());

  it('prints an evidence sheet whose text holds the VIN, every holder, every cited hash and page x of y', async () => {
    const path = join(OUTPUT, 'evidence-a4.pdf');
    await writeEvidence(f.caseFile.db, VIN, path, { ...portrait, printer });
    const text = pdfText(path);
    const flat = squash(text);
    const data = loadEvidenceSheet(f.caseFile.db, VIN);
    expect(text).toContain(VIN);
    for (const holder of data.chain.holders) expect(flat).toContain(squash(holder.name));
    for (const source of data.sources) expect(flat).toContain(source.sha256);
    expect(flat).toContain(data.header.audit_head);
    expect(text).toContain('CONFIDENTIAL 机密');
    expect(text).toContain('ZM-2026-007');
    expect(text).not.toContain(PERSON_ID);
    const pages = pdfPages(path);
    expect(pages).toBeGreaterThanOrEqual(1);
    expectPageNumbers(text, pages);
    const [w, h] = pageSize(path);
    expect(Math.round(w!)).toBe(595);
    expect(Math.round(h!)).toBe(842);
    execFileSync('pdftoppm', ['-r', '80', '-f', '1', '-l', '1', '-png', '-singlefile', path, join(OUTPUT, 'evidence-a4-page1')]);
    expect(statSync(join(OUTPUT, 'evidence-a4-page1.png')).size).toBeGreaterThan(20_000);
  }, 90_000);

  it('prints Letter landscape, the graph scaled to the width', async () => {
    const path = join(OUTPUT, 'evidence-letter-landscape.pdf');
    await writeEvidence(f.caseFile.db, VIN, path, { paper: 'letter', landscape: true, unmaskIds: false, printer });
    const [w, h] = pageSize(path);
    expect([Math.round(w!), Math.round(h!)]).toEqual([792, 612]);
    expectPageNumbers(pdfText(path), pdfPages(path));
    execFileSync('pdftoppm', ['-r', '70', '-f', '1', '-l', '1', '-png', '-singlefile', path, join(OUTPUT, 'evidence-letter-landscape-page1')]);
  }, 90_000);

  it('prints the case report: cover, figures, flags, exhibit sheet, network, document appendix', async () => {
    const html = reportHtml(f.caseFile.db, portrait);
    expect(html).not.toContain('<img src=x');
    const path = join(OUTPUT, 'case-report.pdf');
    await writeReport(f.caseFile.db, path, { ...portrait, printer });
    const text = pdfText(path);
    const flat = squash(text);
    expect(text).toContain('零公里出口 Case <Alpha>');
    expect(text).toContain('Zero-mileage exports via Horgos');
    expect(text).toContain('Exhibits');
    expect(text).toContain(`Evidence sheet: ${VIN}`);
    expect(text).toContain('Party network');
    expect(text).toContain('Appendix: documents');
    const hashes = f.caseFile.db.prepare('SELECT sha256 FROM documents').pluck().all() as string[];
    for (const sha of hashes) expect(flat).toContain(sha);
    expectPageNumbers(text, pdfPages(path));
    execFileSync('pdftoppm', ['-r', '60', '-f', '2', '-l', '2', '-png', '-singlefile', path, join(OUTPUT, 'case-report-page2')]);
  }, 120_000);

  it('prints the evidence sheet and, from the CLI with --lang zh, the case report in Chinese', async () => {
    expect(evidenceHtml(f.caseFile.db, VIN, portrait)).toContain('<html lang="en">');
    const html = evidenceHtml(f.caseFile.db, VIN, { ...portrait, lang: 'zh' });
    expect(html).toContain('<html lang="zh-CN">');
    const sheet = join(OUTPUT, 'evidence-zh.pdf');
    await writeEvidence(f.caseFile.db, VIN, sheet, { ...portrait, lang: 'zh', printer });
    const text = squash(pdfText(sheet));
    // Labels, roles, the maker's Chinese name (LGX: 比亚迪), a reason and a timeline line in Chinese.
    for (const words of [`证据单：${VIN}`, '所有权链', '持有人', '时间线', '来源', '分析人员', '生产企业', '比亚迪', '首次登记后', '表显里程', '机动车销售统一发票', '审计链头']) {
      expect(text, words).toContain(words);
    }
    const pages = pdfPages(sheet);
    expect([...text.matchAll(/第(\d+)页，共(\d+)页/g)].map((m) => [Number(m[1]), Number(m[2])])).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, pages]));
    expect(text).not.toContain('Evidencesheet');
    expect(text).not.toContain('exported');

    if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing (npm run build)`);
    f.caseFile.db.pragma('wal_checkpoint(TRUNCATE)');
    const report = join(OUTPUT, 'case-report-zh.pdf');
    const cli = spawnSync(process.execPath, [CLI, 'report', f.path, '--out', report, '--lang', 'zh', '--force'], { encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const reportText = squash(pdfText(report));
    for (const words of ['撰写人', '概要', '按规则统计预警', '证物', `证据单：${VIN}`, '附录：文档', '比亚迪', '首次登记后']) expect(reportText, words).toContain(words);
    const bad = spawnSync(process.execPath, [CLI, 'report', f.path, '--out', report, '--lang', 'fr', '--force'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--lang must be en or zh/);
  }, 120_000);

  it('saves the chain graph alone as PNG', async () => {
    const path = join(OUTPUT, 'chain.png');
    await writeEvidence(f.caseFile.db, VIN, path, { ...portrait, printer });
    const png = readFileSync(path);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000);
  }, 90_000);

  it('runs from the CLI, and refuses an unknown output type', () => {
    if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing (npm run build)`);
    f.caseFile.db.pragma('wal_checkpoint(TRUNCATE)');
    const svg = join(f.dir, 'cli.svg');
    const ok = spawnSync(process.execPath, [CLI, 'evidence', f.path, VIN, '--out', svg], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(readFileSync(svg, 'utf8')).toContain('<svg');
    const bad = spawnSync(process.execPath, [CLI, 'evidence', f.path, VIN, '--out', join(f.dir, 'x.doc')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/\.pdf, \.svg, \.png/);
    const ftm = join(f.dir, 'cli.ftm');
    const exp = spawnSync(process.execPath, [CLI, 'export', f.path, '--format', 'ftm', '--out', ftm, '--json'], { encoding: 'utf8' });
    expect(exp.status).toBe(0);
    expect(JSON.parse(exp.stdout).counts.Vehicle).toBe(2);
    const usage = spawnSync(process.execPath, [CLI, 'export', f.path, '--format', 'pdf', '--out', ftm], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  }, 60_000);
});
