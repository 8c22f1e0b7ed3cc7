import { readFileSync } from 'node:fs';
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

type Form = { name: string; html: string; truth: ProposedFields[] };
type Tally = { right: number; total: number; wrongVinsUnmarked: number; markedVins: number; pages: number; seconds: number };

function forms(quick: boolean): Form[] {
  const all: Form[] = [
    { name: 'sales_invoice_new', html: newInvoiceHtml(), truth: [NEW_INVOICE] },
    { name: 'sales_invoice_used', html: usedInvoiceHtml(), truth: [{ ...USED_INVOICE, export_zero_rate: true }] },
    { name: 'export_declaration', html: exportDeclarationHtml(), truth: [EXPORT_DECLARATION] },
    { name: 'registration_certificate', html: certificateHtml(), truth: CERTIFICATE.owners.map((o) => ({ ...o, vin: CERTIFICATE.vin })) },
    ...practiceForms().map((f) => ({ name: f.name, html: f.html, truth: f.truth })),
  ];
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
  async run(scale) {
    const list = forms(scale < 1);
    const pdfs = await renderFixtures(Object.fromEntries(list.map((f) => [f.name, f.html])), { png: false });
    const sources = ['text_pdf', ...SCAN_SOURCES] as const;
    const tallies = new Map<string, Tally>();
    const tally = (key: string) => {
      let t = tallies.get(key);
      if (!t) tallies.set(key, (t = { right: 0, total: 0, wrongVinsUnmarked: 0, markedVins: 0, pages: 0, seconds: 0 }));
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
        }
        if (process.env.ZEROMILE_BENCH_VERBOSE) console.log(form.name, source, `${score.right}/${score.total}`, score.wrong.join('; '));
      }
    }
    const rows: BenchRow[] = [];
    const pct = (t: Tally) => (t.total === 0 ? 0 : (100 * t.right) / t.total);
    const targets: Record<string, number | null> = { text_pdf: 100, scan_200dpi: 95, phone_photo: null, rotated_90: null };
    for (const source of sources) {
      const t = tally(`source ${source}`);
      const target = targets[source] ?? null;
      rows.push({
        figure: `fields right, ${source} (${t.right}/${t.total}, ${t.pages} pages, ${(t.seconds / t.pages).toFixed(1)} s/page)`,
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
    return rows;
  },
};
