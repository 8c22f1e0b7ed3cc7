import type Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import { openPdf } from '../documents/pdf-reader';
import { writeGuarded } from '../files/guarded-write';
import { openPrinter, type ChromiumOptions, type Printer, type PrintSession } from './chromium-print';
import { loadEvidenceSheet } from './evidence/evidence-data';
import { evidenceSection, htmlPage } from './evidence/evidence-sheet';
import { loadPackFront, PACK_MAX_VEHICLES, selectVins, type PackSelection } from './evidence/pack-data';
import { PACK_CSS, packFrontHtml } from './evidence/pack-front';
import { numberingCss, pageNumberLayer, pageNumbersBody, UNNUMBERED_CSS } from './evidence/page-numbers';
import { pageCss } from './evidence/page-style';
import { printedPdfFacts, type PrintedPdfFacts } from './evidence/printed-pdf';
import { printText } from './evidence/print-text';
import type { PrintOptions } from './print-service';

/**
 * An evidence pack: one PDF with a cover, contents, a summary table and every vehicle's evidence
 * sheet, numbered "Page x of y" throughout. Memory stays bounded by printing the sheets in chunks
 * of CHUNK vehicles (each chunk's HTML built when it is printed, its PDF kept in a temp folder)
 * and joining the chunk PDFs with pdfunite (poppler-utils).
 *
 * Every sheet is laid out once. Chunks are printed without their page numbers, which need the
 * pack's total: the PDFs give each chunk's pages and where each sheet starts (named destinations
 * of the sheets' self-links), the front (cover, contents, summary with each vehicle's page) is
 * printed with those numbers, then each chunk gets a layer of numbered blank pages drawn over it
 * (evidence/page-numbers.ts). The front is first printed with placeholders of the same width, to
 * count its own pages; a second print with the numbers must agree (at most three prints).
 */
export const CHUNK = 25;
/** Chunks printed at once (Chromium lays out each in its own renderer process). */
const PARALLEL = 2;
/** Pages numbered by one print of the numbers layer (blank pages: about 1 ms each to print). */
const NUMBERS_PAGES = 1000;

export type PackProgress = { phase: 'printing' | 'front' | 'numbering' | 'joining'; done: number; total: number };
export type PackResult = { path: string; vehicles: number; pages: number; bytes: number };
export type PackOptions = PrintOptions & ChromiumOptions & {
  onProgress?: (p: PackProgress) => void;
  pdfunite?: string;
  /** Vehicles per chunk (CHUNK); tests make packs of several chunks with few vehicles. */
  chunk?: number;
};

/** Where the parts of a pack start once its front takes `frontPages` pages; `summary` is the summary's first page. */
type Placing = { frontPages: number; offsets: number[]; total: number; byVin: Map<string, number>; summary: number };

const run = promisify(execFile);
const UNTAGGED = { tagged: false };
/**
 * The pack's pages are only ever printed: with nothing to show on screen, Chromium lays each page
 * out once, for print, instead of first for a 1400 px window (a tenth of a chunk's print).
 */
const PRINT_ONLY_CSS = '@media screen { body { display: none; } }';

/** Pages and where each named destination is, read by hand when the PDF is as Chromium writes it, else by pdfjs. */
async function pdfFacts(bytes: Buffer, name: string): Promise<PrintedPdfFacts> {
  const printed = printedPdfFacts(bytes);
  if (printed) return printed;
  const pdf = await openPdf(bytes, name, { checked: false });
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

/**
 * Runs `work` on the items, PARALLEL at a time, each worker printing through its own page of
 * `sessions` (opened on a worker's first item and kept for the pack's later steps).
 */
async function inParallel<T>(sessions: Sessions, items: T[], work: (item: T, session: PrintSession) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, async (_w, w) => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, await sessions.get(w));
    }
  }));
}

type Sessions = { get(worker: number): Promise<PrintSession>; close(): Promise<void> };

function sessionsOf(printer: Printer): Sessions {
  const open = new Map<number, Promise<PrintSession>>();
  return {
    get(worker) {
      let session = open.get(worker);
      if (!session) open.set(worker, session = printer.session());
      return session;
    },
    async close() {
      await Promise.all([...open.values()].map(async (s) => (await s).close().catch(() => undefined)));
    },
  };
}

/** Consecutive chunks whose pages add up to at most NUMBERS_PAGES (one chunk may be more): each group's numbers are one print. */
function numberGroups(chunkPages: number[]): number[][] {
  const groups: number[][] = [];
  let pages = Infinity;
  chunkPages.forEach((n, k) => {
    if (pages + n > NUMBERS_PAGES) { groups.push([]); pages = 0; }
    groups[groups.length - 1]!.push(k);
    pages += n;
  });
  return groups;
}

export async function writeEvidencePack(db: Database.Database, selection: PackSelection, out: string, options: PackOptions): Promise<PackResult> {
  const { vins, criteria } = selectVins(db, selection, options);
  if (vins.length === 0) throw new ZeroMileError('not_found', `No vehicles to print: ${criteria(printText())} (none).`);
  const text = printText(options.lang);
  if (vins.length > PACK_MAX_VEHICLES) throw new ZeroMileError('bad_argument', `${vins.length} vehicles are more than one pack holds (${PACK_MAX_VEHICLES}); narrow the selection.`);
  const now = new Date();
  const front = loadPackFront(db, vins, criteria(text), now);
  const sheetOptions = { paper: options.paper, landscape: options.landscape, unmaskIds: options.unmaskIds, lang: options.lang };
  const css = `${pageCss(options, front.header)}${PACK_CSS}\n${PRINT_ONLY_CSS}`;
  const width = String(vins.length * 40 + 100).length;
  const dir = mkdtempSync(join(tmpdir(), 'zeromile-pack-'));
  const printer: Printer = options.printer ?? await openPrinter(options);
  const report = options.onProgress ?? (() => undefined);
  const page = (body: string, extraCss: string) => htmlPage(text.t('print.pack'), `${css}\n${extraCss}`, body, text.htmlLang);
  const sessions = sessionsOf(printer);
  const print = (session: PrintSession, body: string, extraCss: string) => session.pdf(page(body, extraCss), UNTAGGED);
  const frontHtml = (at: Placing | null) => packFrontHtml(front, at && { summary: at.summary, sheets: at.frontPages + 1, byVin: at.byVin }, width, text);
  try {
    const size = Math.max(1, options.chunk ?? CHUNK);
    const chunks: string[][] = [];
    for (let i = 0; i < vins.length; i += size) chunks.push(vins.slice(i, i + size));

    // The front with placeholders for its numbers (its own pages), and every chunk's sheets without
    // page numbers: the pages of the pack as they will stay.
    let frontFirst = { pages: 0, starts: new Map<string, number>() };
    const chunkPages: number[] = new Array<number>(chunks.length).fill(0);
    const starts = new Map<string, number>();
    let printed = 0;
    await inParallel(sessions, [-1, ...chunks.keys()], async (k, session) => {
      if (k < 0) {
        frontFirst = await pdfFacts(await print(session, frontHtml(null), numberingCss(text, 1, null)), 'front');
        return;
      }
      const chunk = chunks[k]!;
      const body = chunk.map((vin, i) => evidenceSection(loadEvidenceSheet(db, vin, now), sheetOptions, false, i === 0)).join('\n');
      const bytes = await print(session, body, UNNUMBERED_CSS);
      const facts = await pdfFacts(bytes, `chunk ${k}`);
      chunkPages[k] = facts.pages;
      for (const [key, index] of facts.starts) if (key.startsWith('v-')) starts.set(key.slice(2), index);
      writeFileSync(join(dir, `chunk-${k}.pdf`), bytes);
      report({ phase: 'printing', done: printed += chunk.length, total: vins.length });
    });

    // Where everything starts once the front takes `frontPages` pages.
    const place = (frontPages: number, summaryStart: number | undefined): Placing => {
      const offsets: number[] = [];
      let total = frontPages;
      for (const pages of chunkPages) { offsets.push(total); total += pages; }
      const byVin = new Map<string, number>();
      chunks.forEach((chunk, k) => chunk.forEach((vin) => byVin.set(vin, offsets[k]! + (starts.get(vin) ?? 0) + 1)));
      return { frontPages, offsets, total, byVin, summary: (summaryStart ?? 1) + 1 };
    };
    let at = place(frontFirst.pages, frontFirst.starts.get('summary'));

    // The front with the pack's numbers. The numbers and "of N" in the footer could still move a
    // break in a long summary: the front is then printed again with the new count, until two
    // prints agree.
    const frontSession = await sessions.get(0);
    let frontBytes = await print(frontSession, frontHtml(at), numberingCss(text, 1, at.total));
    for (let attempt = 1; ; attempt++) {
      const again = await pdfFacts(frontBytes, 'front');
      if (again.pages === at.frontPages) break;
      if (attempt === 3) throw new ZeroMileError('internal', `The pack's front took ${again.pages} pages, then ${at.frontPages}, on three prints; nothing was written.`);
      at = place(again.pages, again.starts.get('summary'));
      frontBytes = await print(frontSession, frontHtml(at), numberingCss(text, 1, at.total));
    }
    writeFileSync(join(dir, 'front.pdf'), frontBytes);
    report({ phase: 'front', done: 1, total: 1 });

    // Each chunk's numbers, drawn over its pages: a layer printed for a group of chunks at once.
    const { offsets, total } = at;
    let numbered = 0;
    await inParallel(sessions, numberGroups(chunkPages), async (group, session) => {
      const body = pageNumbersBody(group.reduce((sum, k) => sum + chunkPages[k]!, 0));
      const layer = await pageNumberLayer(await print(session, body.body, `${body.css}\n${numberingCss(text, offsets[group[0]!]! + 1, total)}`));
      let from = 0;
      for (const k of group) {
        const file = join(dir, `chunk-${k}.pdf`);
        writeFileSync(file, await layer.stamp(readFileSync(file), from, `chunk ${k + 1} of the pack`));
        from += chunkPages[k]!;
        report({ phase: 'numbering', done: ++numbered, total: chunks.length });
      }
    });

    report({ phase: 'joining', done: 0, total: 1 });
    const parts = [join(dir, 'front.pdf'), ...chunks.map((_c, k) => join(dir, `chunk-${k}.pdf`))];
    await writeGuarded(out, async (temp) => {
      try {
        await run(options.pdfunite ?? 'pdfunite', [...parts, temp], { maxBuffer: 1 << 20 });
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw code === 'ENOENT'
          ? refusal('write_failed', 'error.write.pdfunite_missing')
          : refusal('write_failed', 'error.write.pdfunite_failed', { detail: (error as Error).message.split('\n')[0]! });
      }
    });
    report({ phase: 'joining', done: 1, total: 1 });
    return { path: out, vehicles: vins.length, pages: total, bytes: statSync(out).size };
  } finally {
    await sessions.close();
    if (!options.printer) await printer.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
