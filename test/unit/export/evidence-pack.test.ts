import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPrinter, type Printer } from '../../../electron/backend/export/chromium-print';
import { writeEvidencePack } from '../../../electron/backend/export/evidence-pack';
import { printedPdfFacts } from '../../../electron/backend/export/evidence/printed-pdf';
import { printText } from '../../../electron/backend/export/evidence/print-text';
import { ROOT } from '../../support/paths';
import { toWireError } from '../../../shared/errors';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { failureText } from '../../../renderer/src/lib/failure-text';
import { createPrintFixture, VIN, VIN_PRIVATE, type PrintFixture } from './print-fixture';

/**
 * Evidence packs are printed in chunks of vehicles, each chunk once without its page numbers, which
 * are drawn over its pages once the pack's total is known. Packs of one and of two vehicles a chunk
 * check what that could break: every page numbered once, in order, "of" the PDF's page count, in the
 * pack's language; and the summary's page of each vehicle is the page its sheet starts on.
 */
let f: PrintFixture;
let printer: Printer;
beforeAll(async () => {
  f = await createPrintFixture();
  printer = await openPrinter();
});
afterAll(async () => {
  await printer.close();
  f.remove();
});

const OUTPUT = join(ROOT, 'test', 'output');
const pageTexts = (path: string): string[] => execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', path, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
const NUMBER = { en: /Page (\d+) of (\d+)/g, zh: /第\s*(\d+)\s*页，共\s*(\d+)\s*页/g };

describe('evidence pack', () => {
  it.each([['en', 1], ['zh', 2]] as const)('in %s, %i vehicle(s) a chunk: numbered once per page, the summary pointing at each sheet', async (lang, chunk) => {
    mkdirSync(OUTPUT, { recursive: true });
    const path = join(OUTPUT, `evidence-pack-${lang}.pdf`);
    const result = await writeEvidencePack(f.caseFile.db, { kind: 'vins', vins: [VIN_PRIVATE, VIN] }, path, { paper: 'a4', landscape: false, unmaskIds: false, lang, printer, chunk });
    const pages = pageTexts(path);
    expect(result).toMatchObject({ vehicles: 2, pages: pages.length });
    expect(pages.length).toBeGreaterThan(3);
    const numbers = pages.map((text) => [...text.matchAll(NUMBER[lang])].map((m) => `${m[1]} / ${m[2]}`));
    expect(numbers).toEqual(pages.map((_t, i) => [`${i + 1} / ${pages.length}`]));

    const text = printText(lang);
    const summary = pages.findIndex((p) => p.includes(text.t('print.summary')) && p.includes(VIN));
    expect(summary).toBeGreaterThan(-1);
    for (const vin of [VIN, VIN_PRIVATE]) {
      const page = Number(new RegExp(`${vin}.*\\s(\\d+)\\s*$`, 'm').exec(pages[summary]!)?.[1]);
      expect(pages[page - 1], `${vin} on page ${page}`).toContain(text.t('print.evidence_sheet', { vin }));
      expect(pages[page - 2], `${vin} starts on page ${page}`).not.toContain(text.t('print.evidence_sheet', { vin }));
    }
  }, 120_000);

  it('says in the reader\'s language when the pack\'s pages cannot be joined (no pdfunite), nothing left at the path', async () => {
    mkdirSync(OUTPUT, { recursive: true });
    const path = join(OUTPUT, 'evidence-pack-no-pdfunite.pdf');
    rmSync(path, { force: true });
    const failed = await writeEvidencePack(f.caseFile.db, { kind: 'vins', vins: [VIN] }, path, { paper: 'a4', landscape: false, unmaskIds: false, lang: 'zh', printer, pdfunite: join(OUTPUT, 'no-such-pdfunite') })
      .then(() => null, (error: unknown) => toWireError(error));
    expect(failed).toMatchObject({ code: 'write_failed', message: 'Cannot join the pack\'s pages: pdfunite is missing (apt-get install poppler-utils).' });
    expect(failureText(makeI18n('zh'), failed!)).toBe('无法合并证据包的页面：缺少 pdfunite（apt-get install poppler-utils）。');
    expect(existsSync(path)).toBe(false);
  }, 120_000);

  it('reads the pages and destinations of what Chromium printed, nested page tree included, and gives up on other PDFs', async () => {
    // Ten pages: Chromium's page tree holds eight a node, so the tree has two levels.
    const body = Array.from({ length: 10 }, (_p, i) => `<section style="${i > 0 ? 'break-before: page' : ''}"><h2 id="s-${i}"><a href="#s-${i}">Sheet ${i}</a></h2></section>`).join('');
    const bytes = await printer.pdf(`<!DOCTYPE html><html><head><style>@page { size: A4; }</style></head><body>${body}</body></html>`, { tagged: false });
    expect(printedPdfFacts(bytes)).toEqual({ pages: 10, starts: new Map(Array.from({ length: 10 }, (_p, i) => [`s-${i}`, i])) });
    // The same document with a cross-reference stream and objects in streams, as pdf-lib saves it.
    const restyled = Buffer.from(await (await PDFDocument.load(bytes)).save({ useObjectStreams: true }));
    expect(printedPdfFacts(restyled)).toBeNull();
    expect(printedPdfFacts(bytes.subarray(0, bytes.length - 200))).toBeNull();
    expect(printedPdfFacts(Buffer.from('%PDF-1.4\nnot a PDF'))).toBeNull();
  }, 60_000);
});
