import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { documentWarningText } from '../../../renderer/src/lib/document-warning-text';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { getDocument, readDocumentBytes } from '../../../electron/backend/casefile/documents';
import { describeWarning } from '../../../electron/backend/documents/document-warnings';
import { listDocumentPages } from '../../../electron/backend/documents/document-pages';
import { searchDocuments } from '../../../electron/backend/documents/search-documents';
import { importFile } from '../../../electron/backend/import/import-file';
import { listDocuments } from '../../../electron/backend/queries/table-grids';
import { pdfOfObjects } from '../../fuzz/bad-inputs';
import { tempDir } from '../../support/paths';

// Issue 15: a PDF of more pages than are read (2,000) was refused whole, so a 30,000-page bundle of
// scanned papers was lost to the case. Now it is kept (its bytes and the pages read) with a warning
// naming the pages not read. The bound is a reading limit, set low here so the test stays cheap.
const temp = tempDir('zeromile-page-bound-');
let cf: CaseFile;
const VIN = '1M8GDM9AXKP042788';

beforeAll(() => {
  cf = openCaseFile(join(temp.dir, 'bound.zmcase'), { create: { title: 'bound' } });
});
afterAll(() => {
  cf?.close();
  temp.remove();
});

/** A PDF of `pages` pages, each with its own line of text in Helvetica (a flat page tree, as scanners write). */
function longPdf(pages: number, line: (page: number) => string): Buffer {
  const first = 4;
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${Array.from({ length: pages }, (_, i) => `${first + 2 * i} 0 R`).join(' ')}] /Count ${pages} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  for (let page = 1; page <= pages; page++) {
    const content = `BT /F1 12 Tf 72 720 Td (${line(page)}) Tj ET`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${first + 2 * page - 1} 0 R >>`);
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  return pdfOfObjects(objects);
}

describe('a PDF of more pages than are read', () => {
  it('is kept whole with the pages read, and one warning names the pages not read', async () => {
    const bytes = longPdf(30_000, (page) => `Report page ${page} of the export bundle ${page === 3 ? VIN : ''}`);
    const path = join(temp.dir, 'bundle.pdf');
    writeFileSync(path, bytes);
    const progress: string[] = [];
    const result = await importFile(cf.db, { path }, {
      readingLimits: { pages: 12 },
      onProgress: (p) => { if (p.phase === 'ocr') progress.push(`${p.page}/${p.pages}`); },
    });
    expect(result).toMatchObject({ file: 'bundle.pdf', kind: 'document', refused: null, pages: 12, vins: [VIN] });
    const bound = { code: 'too_many_pages', page: null, skipped: { from: 13, to: 30_000 } };
    expect(result.warnings![0]).toEqual(bound);
    expect(result.warnings!.filter((w) => w.code !== 'no_layout')).toEqual([bound]);
    expect(progress.at(-1)).toBe('12/12');

    const id = cf.db.prepare('SELECT id FROM documents WHERE sha256 = ?').pluck().get(result.sha256) as number;
    // The original bytes, every page of them.
    expect(createHash('sha256').update(readDocumentBytes(cf.db, id)).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(getDocument(cf.db, id)).toMatchObject({ pages: 12 });
    const pages = listDocumentPages(cf.db, id);
    expect(pages.map((p) => p.page)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(pages[11]!.text).toContain('Report page 12 of');
    // The document screen shows a whole document's warnings with its first page.
    expect(pages[0]!.warnings).toContainEqual(bound);
    expect(searchDocuments(cf.db, 'Report page 12 of').hits.map((h) => h.page)).toEqual([12]);
    expect(searchDocuments(cf.db, 'Report page 13 of').hits).toEqual([]);

    // The documents grid says it: 12 of 30,000 read (the page count of a document read whole stays alone).
    const grid = listDocuments(cf.db, { start: 0, end: 10 });
    expect(grid.rows.find((r) => r.id === id)).toMatchObject({ pages: 12, pages_in_file: 30_000 });
    expect(makeI18n('en').t('documents.pages_read', { read: '12', total: '30,000' })).toBe('12 of 30,000 read');

    // The same file again adds nothing: it is in the case.
    expect(await importFile(cf.db, { path }, { readingLimits: { pages: 12 } })).toMatchObject({ duplicate: true });
  }, 60_000);

  it('a PDF of exactly the bound is read whole, without the warning', async () => {
    const path = join(temp.dir, 'twelve.pdf');
    writeFileSync(path, longPdf(12, (page) => `Twelve page book, page ${page}`));
    const result = await importFile(cf.db, { path }, { readingLimits: { pages: 12 } });
    expect(result).toMatchObject({ refused: null, pages: 12 });
    expect(result.warnings!.map((w) => w.code)).not.toContain('too_many_pages');
    const grid = listDocuments(cf.db, { start: 0, end: 10 });
    expect(grid.rows.find((r) => r.file_name === 'twelve.pdf')).toMatchObject({ pages: 12, pages_in_file: null });
  }, 30_000);

  it('says so in English and Chinese, on the screens and on the command line', () => {
    const bound = { code: 'too_many_pages', page: null, skipped: { from: 2_001, to: 30_000 } } as const;
    expect(documentWarningText(bound, makeI18n('en'))).toBe('Document: it has 30,000 pages and at most 2,000 of a document are read: pages 2,001–30,000 were not read '
      + '(no text, not searched, nothing proposed from them). The file is kept whole; split it and import the parts to read them.');
    expect(documentWarningText(bound, makeI18n('zh'))).toBe('文件： 共 30,000 页，而每份文件最多读取 2,000 页：第 2,001–30,000 页未读取（无文字、不可搜索、未据以提出记录）。文件已完整保存；如需读取，请拆分后分别导入。');
    expect(describeWarning(bound)).toBe('document: it has 30,000 pages and at most 2,000 of a document are read, so pages 2,001-30,000 were not read '
      + '(no text, not searched, nothing proposed from them); the file is kept whole: split it and import the parts to read them');
  });
});
