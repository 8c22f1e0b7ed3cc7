import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ProposedDraft } from '../../electron/backend/documents/extract-fields';
import { extractRecords } from '../../electron/backend/documents/extract-fields';
import { readDocument } from '../../electron/backend/documents/read-document';
import type { ProposedFields } from '../../shared/document-fields';
import {
  CERTIFICATE, EXPORT_DECLARATION, NEW_INVOICE, USED_INVOICE, certificateHtml, exportDeclarationHtml, newInvoiceHtml, renderFixtures, usedInvoiceHtml,
} from '../support/document-fixtures';
import { fieldScore, practiceForms } from '../support/practice-forms';
import { SCAN_SOURCES, scanOf, type ScanSource } from '../support/scan-sources';
import type { BenchRow, BenchSection } from './bench-table';

const run = promisify(execFile);
/** bench.ts runs bundled from dist/, beside the CLI. */
const CLI = join(dirname(fileURLToPath(import.meta.url)), 'cli.mjs');

type Form = { name: string; html: string; truth: ProposedFields[] };
type Tally = { right: number; total: number; wrongVinsUnmarked: number; markedVins: number; pages: number; seconds: number; turned: number };

function forms(quick: boolean): Form[] {
  const all: Form[] = [
    { name: 'sales_invoice_new', html: newInvoiceHtml(), truth: [NEW_INVOICE] },
    { name: 'sales_invoice_used', html: usedInvoiceHtml(), truth: [{ ...USED_INVOICE, export_zero_rate: true }] },
    { name: 'export_declaration', html: exportDeclarationHtml(), truth: [EXPORT_DECLARATION] },
    { name: 'registration_certificate', html: certificateHtml(), truth: CERTIFICATE.owners.map((o) => ({ ...o, vin: CERTIFICATE.vin })) },
    ...practiceForms().map((f) => ({ name: f.name, html: f.html, truth: f.truth })),
  ];
  // ZEROMILE_BENCH_FORMS=a,b reads only those forms (one page while iterating on the reading).
  const only = process.env.ZEROMILE_BENCH_FORMS?.split(',');
  if (only) return all.filter((f) => only.includes(f.name));
  return quick ? all.filter((f) => ['sales_invoice_new', 'declaration_grid', 'commercial_invoice'].includes(f.name)) : all;
}

/** Proposed VINs that differ from the truth with no corrected or low-confidence mark on them: must be 0. */
function unmarkedWrongVins(truth: readonly ProposedFields[], drafts: readonly ProposedDraft[]): { wrong: number; marked: number } {
  let wrong = 0;
  let marked = 0;
  drafts.forEach((draft, i) => {
    const vin = draft.fields.vin;
    if (vin === undefined) return;
    const hasMark = draft.marks.some((m) => m.field === 'vin');
    if (hasMark) marked++;
    if (vin !== truth[i]?.vin && !hasMark) wrong++;
  });
  return { wrong, marked };
}

/**
 * Document reading (issue 18): the fields read right per layout and per source (text PDF; a 200-dpi
 * scan, a phone photo and a sideways scan, all through OCR), against the truth the fixtures were
 * printed from, and the proposed VINs that differ from the truth without a mark (target 0).
 */
export const documentReadingBench: BenchSection = {
  name: 'document-reading',
  async run(scale, workDir) {
    const list = forms(scale < 1);
    const pdfs = await renderFixtures(Object.fromEntries(list.map((f) => [f.name, f.html])), { png: false });
    const sources = ['text_pdf', ...SCAN_SOURCES] as const;
    const tallies = new Map<string, Tally>();
    const tally = (key: string) => {
      let t = tallies.get(key);
      if (!t) tallies.set(key, (t = { right: 0, total: 0, wrongVinsUnmarked: 0, markedVins: 0, pages: 0, seconds: 0, turned: 0 }));
      return t;
    };
    for (const form of list) {
      const pdf = pdfs[form.name]!.pdf;
      for (const source of sources) {
        const bytes = source === 'text_pdf' ? readFileSync(pdf) : await scanOf(pdf, source as ScanSource);
        const started = process.hrtime.bigint();
        const reading = await readDocument(bytes, `${form.name}.${source}`, { ocr: source !== 'text_pdf' });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const drafts = reading.pages.slice(0, 1).flatMap((page) => extractRecords(page));
        const score = fieldScore(form.truth, drafts.map((d) => d.fields));
        const vins = unmarkedWrongVins(form.truth, drafts);
        for (const key of [`layout ${form.name}`, `source ${source}`, 'all']) {
          const t = tally(key);
          t.right += score.right;
          t.total += score.total;
          t.wrongVinsUnmarked += vins.wrong;
          t.markedVins += vins.marked;
          t.pages += 1;
          t.seconds += seconds;
          if (reading.pages[0]?.rotation) t.turned += 1;
        }
        if (process.env.ZEROMILE_BENCH_VERBOSE) {
          console.log(form.name, source, `${score.right}/${score.total}`, `rotation ${reading.pages[0]?.rotation ?? 0}`, `conf ${reading.pages[0]?.confidence ?? '-'}`, score.wrong.join('; '));
        }
      }
    }
    const rows: BenchRow[] = [];
    const pct = (t: Tally) => (t.total === 0 ? 0 : (100 * t.right) / t.total);
    // A scan turned by a quarter, half or three quarters is the same 200-dpi scan: the same target.
    const targets: Record<string, number | null> = { text_pdf: 100, scan_200dpi: 95, rotated_90: 95, rotated_180: 95, rotated_270: 95 };
    for (const source of sources) {
      const t = tally(`source ${source}`);
      const target = targets[source] ?? null;
      rows.push({
        figure: `fields right, ${source} (${t.right}/${t.total}, ${t.pages} pages, ${(t.seconds / t.pages).toFixed(1)} s/page${t.turned ? `, ${t.turned} read turned` : ''})`,
        value: pct(t), unit: '%', baseline: null, target: target === null ? 'reported' : `>= ${target}%`, pass: target === null || pct(t) >= target,
      });
    }
    for (const form of list) {
      const t = tally(`layout ${form.name}`);
      rows.push({ figure: `fields right, ${form.name}, all sources (${t.right}/${t.total})`, value: pct(t), unit: '%', baseline: null, target: 'reported', pass: true });
    }
    const all = tally('all');
    rows.push({
      figure: `proposed VINs differing from the truth without a mark (${all.markedVins} VINs marked)`, value: all.wrongVinsUnmarked, unit: 'VINs',
      baseline: null, target: '0', pass: all.wrongVinsUnmarked === 0,
    });
    if (!process.env.ZEROMILE_BENCH_FORMS) rows.push(await largeScanMemory(pdfs[list[0]!.name]!.pdf, workDir));
    return rows;
  },
};

/**
 * Peak memory of importing a 1200-dpi PNG scan (A4: 9,921 x 14,031 pixels) with the command line,
 * in a child process, against the same page at 200 dpi in the same run: the large scan is shrunk to
 * 300 dpi as it is decoded, so it must stay under 600 MB (1.69 GB before).
 */
async function largeScanMemory(pdf: string, workDir: string): Promise<BenchRow> {
  const dir = mkdtempSync(join(workDir, 'scan-memory-'));
  try {
    const peak = async (dpi: number) => {
      const prefix = join(dir, `page-${dpi}`);
      await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
      const casePath = join(dir, `c${dpi}.zmcase`);
      spawnSync(process.execPath, [CLI, 'new', casePath], { encoding: 'utf8' });
      const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("ZM_MAXRSS "+process.resourceUsage().maxRSS+"\\n"))';
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ['--import', hook, CLI, 'import', casePath, `${prefix}.png`, '--json'], { encoding: 'utf8', maxBuffer: 16 << 20 });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.status !== 0) throw new Error(`import of the ${dpi}-dpi scan failed: ${result.stderr}`);
      return { mb: Number(/ZM_MAXRSS (\d+)/.exec(result.stderr)?.[1] ?? NaN) / 1024, seconds, bytes: statSync(`${prefix}.png`).size };
    };
    const small = await peak(200);
    const large = await peak(1200);
    return {
      figure: `peak RSS importing a 1200-dpi A4 PNG scan (${(large.bytes / 1e6).toFixed(1)} MB file, ${large.seconds.toFixed(1)} s; baseline: the 200-dpi scan, ${small.seconds.toFixed(1)} s)`,
      value: large.mb, unit: 'MB', baseline: small.mb, target: '< 600 MB', pass: large.mb < 600,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
