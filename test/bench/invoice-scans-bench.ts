import { readFileSync } from 'node:fs';
import { extractRecords } from '../../electron/backend/documents/extract-fields';
import { readDocument } from '../../electron/backend/documents/read-document';
import type { ProposedFields } from '../../shared/document-fields';
import { renderFixtures } from '../support/document-fixtures';
import { invoiceForm, scanInvoice, type ScanCondition } from '../support/invoice-scans';
import type { BenchRow, BenchSection } from './bench-table';

/** The values of an invoice that have a format: a wrong one must never be proposed without a mark. */
const FORMATTED = ['invoice_code', 'invoice_no', 'invoice_date', 'price'] as const;
const CONDITIONS: readonly (ScanCondition | 'text_pdf')[] = ['text_pdf', { dpi: 200, degrees: 0 }, { dpi: 200, degrees: 90 }, { dpi: 150, degrees: 180 }, { dpi: 120, degrees: 0 }];
const conditionName = (c: ScanCondition | 'text_pdf') => (c === 'text_pdf' ? 'text PDF' : `${c.dpi} dpi turned ${c.degrees}°`);

type Tally = { right: number; total: number; wrongUnmarked: number; emptyMarked: number; seconds: number; pages: number };

/**
 * Invoices of seed 47 (test/support/invoice-scans.ts: code and number on one line or two, ￥ full-width,
 * 元, 万元, words or not, three date styles) read from their text PDF and from scans at 200, 150 and
 * 120 dpi, upright and turned: the sale fields read right, and the code, number, date and price
 * proposed differing from what is printed without a mark on them (target 0). The text PDF is the baseline.
 */
export const invoiceScansBench: BenchSection = {
  name: 'invoice-scans',
  async run(scale) {
    const forms = Array.from({ length: scale < 1 ? 3 : 8 }, (_, n) => invoiceForm(47, n));
    const pdfs = await renderFixtures(Object.fromEntries(forms.map((f) => [f.name, f.html])), { png: false });
    const tallies = CONDITIONS.map((): Tally => ({ right: 0, total: 0, wrongUnmarked: 0, emptyMarked: 0, seconds: 0, pages: 0 }));
    for (const form of forms) {
      const pdf = pdfs[form.name]!.pdf;
      for (const [i, condition] of CONDITIONS.entries()) {
        const bytes = condition === 'text_pdf' ? readFileSync(pdf) : await scanInvoice(pdf, condition);
        const started = process.hrtime.bigint();
        const reading = await readDocument(bytes, `${form.name}.${condition === 'text_pdf' ? 'pdf' : 'jpg'}`, { ocr: condition !== 'text_pdf' });
        const t = tallies[i]!;
        t.seconds += Number(process.hrtime.bigint() - started) / 1e9;
        t.pages++;
        const draft = reading.pages.flatMap((page) => extractRecords(page))[0];
        const fields: ProposedFields = draft?.fields ?? {};
        const marked = new Set((draft?.marks ?? []).map((m) => m.field));
        for (const [name, value] of Object.entries(form.truth)) {
          t.total++;
          if (fields[name] === value) t.right++;
        }
        for (const name of FORMATTED) {
          const read = fields[name];
          if (read !== undefined && read !== form.truth[name] && !marked.has(name)) t.wrongUnmarked++;
          if (read === undefined && marked.has(name)) t.emptyMarked++;
        }
        if (process.env.ZEROMILE_BENCH_VERBOSE) {
          const wrong = Object.entries(form.truth).filter(([name, value]) => fields[name] !== value).map(([name, value]) => `${name}: ${JSON.stringify(fields[name])} (truth ${JSON.stringify(value)})`);
          console.log(form.name, conditionName(condition), wrong.join('; '), JSON.stringify(draft?.marks ?? []));
        }
      }
    }
    const pct = (t: Tally) => (t.total === 0 ? 0 : (100 * t.right) / t.total);
    const text = tallies[0]!;
    const rows: BenchRow[] = CONDITIONS.map((condition, i) => {
      const t = tallies[i]!;
      return {
        figure: `invoice fields right, ${conditionName(condition)} (${t.right}/${t.total}, ${t.pages} pages, ${(t.seconds / t.pages).toFixed(1)} s/page, ${t.emptyMarked} left empty with a mark; baseline: text PDF)`,
        value: pct(t), unit: '%', baseline: pct(text), target: condition === 'text_pdf' ? '100%' : 'reported', pass: condition !== 'text_pdf' || pct(t) === 100,
      };
    });
    const wrong = tallies.reduce((sum, t) => sum + t.wrongUnmarked, 0);
    rows.push({ figure: 'invoice codes, numbers, dates and prices proposed differing from the page without a mark, all conditions', value: wrong, unit: 'values', baseline: null, target: '0', pass: wrong === 0 });
    return rows;
  },
};
