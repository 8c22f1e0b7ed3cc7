import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { listProposedRecords } from '../../../electron/backend/import/proposed-records';
import { openPdf, ocrRenderScale, pageImages } from '../../../electron/backend/documents/pdf-reader';
import { readDocument } from '../../../electron/backend/documents/read-document';
import { searchDocuments } from '../../../electron/backend/documents/search-documents';
import { importFile } from '../../../electron/backend/import/import-file';
import { NEW_INVOICE, newInvoiceHtml, renderFixtures, scannedPageHtml, type RenderedFixture } from '../../support/document-fixtures';
import { tempDir } from '../../support/paths';
import { greyTiff, pngToGrey, type GreyImage } from '../../support/tiff';

// OCR is slow (a few seconds a page on two cores): one image and one scanned page only.
const temp = tempDir('zeromile-ocr-');
let invoice: RenderedFixture;
let scanned: RenderedFixture;
let cf: CaseFile;

beforeAll(async () => {
  ({ new_invoice: invoice } = await renderFixtures({ new_invoice: newInvoiceHtml() }) as { new_invoice: RenderedFixture });
  ({ scanned } = await renderFixtures({ scanned: scannedPageHtml(readFileSync(invoice.png)) }) as { scanned: RenderedFixture });
  cf = openCaseFile(join(temp.dir, 'ocr.zmcase'), { create: { title: 'ocr' } });
}, 120_000);

afterAll(() => {
  cf?.close();
  temp.remove();
});

function counts() {
  return cf.db.prepare(`SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM document_pages) AS pages,
    (SELECT count(*) FROM proposed_records) AS proposed, (SELECT count(*) FROM audit_log) AS audit`).get();
}

describe('OCR of images and scanned PDFs', () => {
  it('reads a noisy PNG of an invoice: Chinese text without OCR spacing, the VIN, the fields', async () => {
    const path = join(temp.dir, 'invoice-scan.png');
    copyFileSync(invoice.png, path);
    const progress: number[] = [];
    // OCR runs before the import's write transaction: another connection can write meanwhile.
    const other = new Database(cf.path, { timeout: 0 });
    const writable: boolean[] = [];
    const canWrite = () => {
      try {
        other.exec('BEGIN IMMEDIATE');
        other.exec('ROLLBACK');
        return true;
      } catch {
        return false;
      }
    };
    const result = await importFile(cf.db, { path }, {
      onProgress: (p) => { if (p.phase === 'ocr' && p.page) { progress.push(p.page); writable.push(canWrite()); } },
    });
    other.close();
    expect(result).toMatchObject({ kind: 'document', refused: null, pages: 1, vins: [NEW_INVOICE.vin], proposed: 1, warnings: [] });
    expect(progress).toEqual([1]);
    expect(writable).toEqual([true]);
    const page = cf.db.prepare('SELECT text, source FROM document_pages').get() as { text: string; source: string };
    expect(page.source).toBe('ocr');
    expect(page.text).toContain('机动车销售统一发票');
    expect(searchDocuments(cf.db, '统一发票').hits).toHaveLength(1);
    const [proposal] = listProposedRecords(cf.db);
    expect(proposal).toMatchObject({ kind: 'sales', layout: 'sales_invoice_new', page: 1 });
    // Every laid-out field, though OCR misreads some labels (号 as 呈) and reads specks from the cell rules.
    expect(proposal!.fields).toEqual({ ...NEW_INVOICE, invoice_type: 'new', currency: 'CNY' });
    expect(proposal!.boxes?.vin?.w).toBeGreaterThan(0);
    // Read cleanly: the VIN carries the engine's confidences and no mark.
    expect(proposal!.marks).toEqual([]);
  }, 120_000);

  it('finds a scan by the share of the page its image covers, and renders it at the image\'s own resolution', async () => {
    const pdf = await openPdf(readFileSync(scanned.pdf), 'scan.pdf');
    const text = await openPdf(readFileSync(invoice.pdf), 'invoice.pdf');
    try {
      const images = await pageImages(pdf, 1);
      expect(images.coverage).toBeGreaterThan(0.5);
      // 1350 pixels across a page 210 mm wide, less the margins.
      expect(images.dpi).toBeGreaterThan(150);
      expect(images.dpi).toBeLessThan(190);
      expect(await pageImages(text, 1)).toEqual({ coverage: 0, dpi: null, blank: false });
      expect(ocrRenderScale(images)).toBeCloseTo(images.dpi! / 72, 5);
    } finally {
      await pdf.close();
      await text.close();
    }
  });

  it('sends a PDF page with a scanning app\'s footer for its only text to OCR', async () => {
    const pages: string[] = [];
    const reading = await readDocument(readFileSync(scanned.pdf), 'scan.pdf', { onPage: (p) => pages.push(`${p.page}/${p.pages} ${p.source}`) });
    expect(pages).toEqual(['1/1 ocr']);
    expect(reading.pages[0]!.text).toContain(NEW_INVOICE.vin);
    expect(reading.pages[0]!.text).toContain('销货单位名称');
  }, 120_000);

  it('reads every page of a multi-page TIFF, each citing its page', async () => {
    const invoicePage = pngToGrey(readFileSync(invoice.png));
    const blank: GreyImage = { width: 400, height: 300, pixels: new Uint8Array(400 * 300).fill(255) };
    const path = join(temp.dir, 'fax.tiff');
    writeFileSync(path, greyTiff([blank, invoicePage]));
    const pages: string[] = [];
    const result = await importFile(cf.db, { path }, { onProgress: (p) => { if (p.phase === 'ocr') pages.push(`${p.page}/${p.pages}`); } });
    expect(result).toMatchObject({ kind: 'document', refused: null, pages: 2, vins: [NEW_INVOICE.vin], proposed: 1 });
    expect(pages).toEqual(['1/2', '2/2']);
    const documentId = cf.db.prepare('SELECT id FROM documents WHERE sha256 = ?').pluck().get(result.sha256) as number;
    const stored = cf.db.prepare('SELECT page, text FROM document_pages WHERE document_id = ? ORDER BY page').all(documentId) as { page: number; text: string }[];
    expect(stored.map((p) => p.page)).toEqual([1, 2]);
    expect(stored[0]!.text.trim()).toBe('');
    expect(stored[1]!.text).toContain(NEW_INVOICE.vin);
    expect(listProposedRecords(cf.db, { documentId })).toMatchObject([{ kind: 'sales', page: 2 }]);
  }, 120_000);

  it('refuses an image it cannot decode, naming it, and keeps nothing of it', async () => {
    const before = counts();
    const path = join(temp.dir, 'cut-short.png');
    writeFileSync(path, readFileSync(invoice.png).subarray(0, 300));
    const result = await importFile(cf.db, { path });
    expect(result.refused).toMatchObject({ code: 'file_refused', message: expect.stringMatching(/^cut-short\.png cannot be read as an image/) });
    expect(counts()).toEqual(before);
  }, 60_000);

  it('cancels OCR on request and keeps nothing of the file', async () => {
    const before = counts();
    const path = join(temp.dir, 'scan.pdf');
    copyFileSync(scanned.pdf, path);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const result = await importFile(cf.db, { path }, { signal: controller.signal });
    expect(result.refused?.code).toBe('cancelled');
    // Well before the page would have been read (over ten seconds here).
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(counts()).toEqual(before);
  }, 60_000);
});
