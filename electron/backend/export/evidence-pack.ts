import type Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ZeroMileError } from '../../../shared/errors';
import { openPdf } from '../documents/pdf-reader';
import { writeGuarded } from '../files/guarded-write';
import { openPrinter, type ChromiumOptions, type Printer } from './chromium-print';
import { loadEvidenceSheet } from './evidence/evidence-data';
import { evidenceSection, htmlPage } from './evidence/evidence-sheet';
import { loadPackFront, PACK_MAX_VEHICLES, selectVins, type PackSelection } from './evidence/pack-data';
import { PACK_CSS, packFrontHtml } from './evidence/pack-front';
import { cssString, pageCss } from './evidence/page-style';
import { printText, type PrintText } from './evidence/print-text';
import type { PrintOptions } from './print-service';

/**
 * An evidence pack: one PDF with a cover, contents, a summary table and every vehicle's evidence
 * sheet, numbered "Page x of y" throughout. Memory stays bounded by printing the sheets in chunks
 * of CHUNK vehicles (their HTML kept in a temp folder, never all at once) and joining the chunk
 * PDFs with pdfunite (poppler-utils). Page numbers need two prints: the first counts each chunk's
 * pages and finds where each sheet starts (named destinations of the sheets' self-links), the
 * second prints with the pack's page numbers and total; the front is printed first with
 * placeholders of the same width, so its page breaks do not move when the numbers go in.
 */
export const CHUNK = 25;
/** Chunks printed at once (Chromium lays out each in its own renderer process). */
const PARALLEL = 2;

export type PackProgress = { phase: 'sheets' | 'counting' | 'printing' | 'joining'; done: number; total: number };
export type PackResult = { path: string; vehicles: number; pages: number; bytes: number };
export type PackOptions = PrintOptions & ChromiumOptions & { onProgress?: (p: PackProgress) => void; pdfunite?: string };

const run = promisify(execFile);
const UNTAGGED = { tagged: false };

async function pdfFacts(bytes: Buffer, name: string): Promise<{ pages: number; starts: Map<string, number> }> {
  const pdf = await openPdf(bytes, name);
  try {
    const dests = (await pdf.doc.getDestinations()) as Record<string, unknown[]>;
    const starts = new Map<string, number>();
    for (const [key, dest] of Object.entries(dests)) {
      const ref = dest?.[0];
      if (ref && typeof ref === 'object') starts.set(key, await pdf.doc.getPageIndex(ref as never));
    }
    return { pages: pdf.pages, starts };
  } finally {
    await pdf.close();
  }
}

/** Numbering for one print: the first page shows `first`, every page says "of total" (in the page's language). */
function numbering(text: PrintText, first: number, total: number | null): string {
  const [before = '', after = ''] = (total === null ? text.t('print.page_n') : text.t('print.page_of', { pages: total })).split('{page}');
  return `@page { @bottom-right { content: ${cssString(before)} counter(page) ${cssString(after)}; } }\nhtml { counter-reset: page ${first - 1}; }`;
}

async function inParallel<T>(items: T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

export async function writeEvidencePack(db: Database.Database, selection: PackSelection, out: string, options: PackOptions): Promise<PackResult> {
  const { vins, criteria } = selectVins(db, selection);
  if (vins.length === 0) throw new ZeroMileError('not_found', `No vehicles to print: ${criteria(printText())} (none).`);
  const text = printText(options.lang);
  if (vins.length > PACK_MAX_VEHICLES) throw new ZeroMileError('bad_argument', `${vins.length} vehicles are more than one pack holds (${PACK_MAX_VEHICLES}); narrow the selection.`);
  const now = new Date();
  const front = loadPackFront(db, vins, criteria(text), now);
  const sheetOptions = { paper: options.paper, landscape: options.landscape, unmaskIds: options.unmaskIds, lang: options.lang };
  const css = pageCss(options, front.header) + PACK_CSS;
  const width = String(vins.length * 40 + 100).length;
  const dir = mkdtempSync(join(tmpdir(), 'zeromile-pack-'));
  const printer: Printer = options.printer ?? await openPrinter(options);
  const report = options.onProgress ?? (() => undefined);
  try {
    // The sheets' HTML, chunk by chunk, kept on disk: what the two prints read.
    const chunks: string[][] = [];
    for (let i = 0; i < vins.length; i += CHUNK) chunks.push(vins.slice(i, i + CHUNK));
    chunks.forEach((chunk, k) => {
      const body = chunk.map((vin, i) => evidenceSection(loadEvidenceSheet(db, vin, now), sheetOptions, false, i === 0)).join('\n');
      writeFileSync(join(dir, `chunk-${k}.html`), body);
      report({ phase: 'sheets', done: Math.min(vins.length, (k + 1) * CHUNK), total: vins.length });
    });
    const page = (body: string, extraCss: string) => htmlPage(text.t('print.pack'), `${css}\n${extraCss}`, body, text.htmlLang);

    // First print: pages of the front and of each chunk, and where each sheet starts.
    const frontFirst = await pdfFacts(await printer.pdf(page(packFrontHtml(front, null, width, text), numbering(text, 1, null)), UNTAGGED), 'front');
    const chunkPages: number[] = new Array<number>(chunks.length).fill(0);
    const starts = new Map<string, number>();
    let counted = 0;
    await inParallel(chunks, async (_chunk, k) => {
      const facts = await pdfFacts(await printer.pdf(page(readFileSync(join(dir, `chunk-${k}.html`), 'utf8'), numbering(text, 1, null)), UNTAGGED), `chunk ${k}`);
      chunkPages[k] = facts.pages;
      for (const [key, index] of facts.starts) if (key.startsWith('v-')) starts.set(key.slice(2), index);
      report({ phase: 'counting', done: ++counted, total: chunks.length });
    });
    // Where everything starts once the front takes `frontPages` pages.
    const place = (frontPages: number, summaryStart: number | undefined) => {
      const offsets: number[] = [];
      let total = frontPages;
      for (const pages of chunkPages) { offsets.push(total); total += pages; }
      const byVin = new Map<string, number>();
      chunks.forEach((chunk, k) => chunk.forEach((vin) => byVin.set(vin, offsets[k]! + (starts.get(vin) ?? 0) + 1)));
      return { frontPages, offsets, total, byVin, summary: (summaryStart ?? 1) + 1 };
    };
    let at = place(frontFirst.pages, frontFirst.starts.get('summary'));

    // Second print, with the pack's numbers. The numbers and "of N" in the footer can still move a
    // break in a long summary (1,000 vehicles: 64 pages, then 65): the front is then printed again
    // with the new count, until two prints agree.
    let frontBytes = await printer.pdf(page(packFrontHtml(front, { summary: at.summary, sheets: at.frontPages + 1, byVin: at.byVin }, width, text), numbering(text, 1, at.total)), UNTAGGED);
    for (let attempt = 1; ; attempt++) {
      const again = await pdfFacts(frontBytes, 'front');
      if (again.pages === at.frontPages) break;
      if (attempt === 3) throw new ZeroMileError('internal', `The pack's front took ${again.pages} pages, then ${at.frontPages}, on three prints; nothing was written.`);
      at = place(again.pages, again.starts.get('summary'));
      frontBytes = await printer.pdf(page(packFrontHtml(front, { summary: at.summary, sheets: at.frontPages + 1, byVin: at.byVin }, width, text), numbering(text, 1, at.total)), UNTAGGED);
    }
    const { offsets, total } = at;
    writeFileSync(join(dir, 'front.pdf'), frontBytes);
    let printed = 0;
    await inParallel(chunks, async (_chunk, k) => {
      const bytes = await printer.pdf(page(readFileSync(join(dir, `chunk-${k}.html`), 'utf8'), numbering(text, offsets[k]! + 1, total)), UNTAGGED);
      writeFileSync(join(dir, `chunk-${k}.pdf`), bytes);
      rmSync(join(dir, `chunk-${k}.html`));
      report({ phase: 'printing', done: ++printed, total: chunks.length });
    });

    report({ phase: 'joining', done: 0, total: 1 });
    const parts = [join(dir, 'front.pdf'), ...chunks.map((_c, k) => join(dir, `chunk-${k}.pdf`))];
    await writeGuarded(out, async (temp) => {
      try {
        await run(options.pdfunite ?? 'pdfunite', [...parts, temp], { maxBuffer: 1 << 20 });
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new ZeroMileError('write_failed', code === 'ENOENT'
          ? 'Cannot join the pack\'s pages: pdfunite is missing (apt-get install poppler-utils).'
          : `Cannot join the pack's pages: ${(error as Error).message.split('\n')[0]}`);
      }
    });
    report({ phase: 'joining', done: 1, total: 1 });
    return { path: out, vehicles: vins.length, pages: total, bytes: statSync(out).size };
  } finally {
    if (!options.printer) await printer.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
