import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { documentWarningText } from '../../../renderer/src/lib/document-warning-text';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { describeWarning } from '../../../electron/backend/documents/document-warnings';
import { readDocumentInThread } from '../../../electron/backend/documents/document-thread';
import { readDocument } from '../../../electron/backend/documents/read-document';
import { importFile } from '../../../electron/backend/import/import-file';
import { listDocumentPages } from '../../../electron/backend/documents/document-pages';
import { craftedPdf } from '../../support/hostile-pdf';
import { invoiceBookHtml, renderFixtures } from '../../support/document-fixtures';
import { tempDir } from '../../support/paths';

// Issue 15 (robustness): a PDF was read on the import's own thread (the case's writer) with no
// time bound. A page of forms nested 40 deep, a few hundred bytes, holds pdfjs for years: the
// import never ended, every other request to the case waited behind it, and cancel could not
// reach it. Now each page has its time on a reading thread of its own.
const temp = tempDir('zeromile-reading-time-');
let cf: CaseFile;
const VIN = '1M8GDM9AXKP042788';
/** pdfjs walks 2^40 forms for this page's text layer: it never ends. */
const FOREVER = 40;

beforeAll(() => {
  cf = openCaseFile(join(temp.dir, 'time.zmcase'), { create: { title: 'time' } });
});
afterAll(() => {
  cf?.close();
  temp.remove();
});

async function writePdf(name: string, pages: Parameters<typeof craftedPdf>[0]): Promise<string> {
  const path = join(temp.dir, name);
  writeFileSync(path, await craftedPdf(pages));
  return path;
}

/** The longest the calling thread's event loop went without a turn while `work` ran. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 20);
  try {
    return { value: await work(), stallMs };
  } finally {
    clearInterval(tick);
  }
}

const counts = () => cf.db.prepare('SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM audit_log) AS audit').get();

describe('a page that takes too long', () => {
  it('is stopped, kept with a warning, and the next page is read on a fresh thread; the case\'s thread never waits', async () => {
    const path = await writePdf('slow-page.pdf', [{ text: `first page ${VIN}` }, { forms: FOREVER, text: 'drawn under the forms' }, { text: 'third page' }]);
    const progress: string[] = [];
    const started = performance.now();
    const { value: result, stallMs } = await longestStall(() => importFile(cf.db, { path }, {
      readingLimits: { pageMs: 1_000 },
      onProgress: (p) => { if (p.phase === 'ocr') progress.push(`${p.page}/${p.pages}`); },
    }));
    expect(performance.now() - started).toBeLessThan(15_000);
    // pdfjs ran elsewhere: the importing thread answered all along.
    expect(stallMs).toBeLessThan(1_000);
    expect(result).toMatchObject({ kind: 'document', refused: null, pages: 3, vins: [VIN] });
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
    expect(result.warnings).toEqual([{ code: 'no_layout', page: 1 }, { code: 'page_timed_out', page: 2, seconds: 1 }, { code: 'no_layout', page: 3 }]);
    const id = cf.db.prepare('SELECT id FROM documents WHERE sha256 = ?').pluck().get(result.sha256) as number;
    const pages = listDocumentPages(cf.db, id);
    expect(pages.map((p) => [p.page, p.source])).toEqual([[1, 'text'], [2, 'none'], [3, 'text']]);
    expect(pages[2]!.text).toContain('third page');
    expect(pages[1]!.warnings.map((w) => w.code)).toEqual(['page_timed_out']);
  }, 30_000);

  it('says so in English and Chinese, on the screens and on the command line', () => {
    const warning = { code: 'page_timed_out', page: 2, seconds: 60 } as const;
    expect(documentWarningText(warning, makeI18n('en'))).toBe('Page 2: reading it took longer than 60 s, so it was stopped and the next page read: '
      + 'only its text layer, if read in time, is kept; check the page itself.');
    expect(documentWarningText(warning, makeI18n('zh'))).toBe('第 2 页： 读取本页超过 60 秒，已停止并继续读取下一页：仅保留按时读到的文字层（如有）；请对照原页核对。');
    const stopped = { code: 'pages_stopped', page: null, count: 3, skipped: { from: 4, to: 9 } } as const;
    expect(documentWarningText(stopped, makeI18n('en'))).toBe('Document: 3 pages each took too long or too much memory to read, so the rest of the document was not read: pages 4–9 are kept without text.');
    expect(documentWarningText(stopped, makeI18n('zh'))).toBe('文件： 已有 3 页因读取过慢或占用内存过多而被停止，文件其余部分未读取：第 4–9 页保留为无文字页。');
    const late = { code: 'document_timed_out', page: null, seconds: 1800, skipped: { from: 241, to: 300 } } as const;
    expect(documentWarningText(late, makeI18n('en'))).toBe('Document: reading the document took longer than 30 minutes, so it was stopped: pages 241–300 were not read and are kept without text.');
    expect(documentWarningText(late, makeI18n('zh'))).toBe('文件： 读取整份文件超过 30 分钟，已停止：第 241–300 页未读取，保留为无文字页。');
    expect(describeWarning(warning)).toBe('page 2: reading it took longer than 60 s, so it was stopped and the next page read: only its text layer, if read in time, is kept; check the page itself');
    expect(describeWarning(late)).toBe('document: reading the document took longer than 30 minutes, so it was stopped: pages 241-300 not read and kept without text');
  });

  it('after three stopped pages the rest is not read; past the document\'s bound neither', async () => {
    const spinning = await craftedPdf([{ text: `cover ${VIN}` }, ...Array.from({ length: 5 }, () => ({ forms: FOREVER }))]);
    const reading = await readDocumentInThread(spinning, 'spinning.pdf', { limits: { pageMs: 500 } });
    expect(reading.pages.map((p) => p.source)).toEqual(['text', 'none', 'none', 'none', 'none', 'none']);
    expect(reading.warnings).toEqual([
      { code: 'page_timed_out', page: 2, seconds: 1 }, { code: 'page_timed_out', page: 3, seconds: 1 }, { code: 'page_timed_out', page: 4, seconds: 1 },
      { code: 'pages_stopped', page: null, count: 3, skipped: { from: 5, to: 6 } },
    ]);

    const late = await readDocumentInThread(spinning, 'spinning.pdf', { limits: { pageMs: 60_000, documentMs: 4_000 } });
    expect(late.pages.map((p) => p.source)).toEqual(['text', 'none', 'none', 'none', 'none', 'none']);
    expect(late.warnings).toEqual([{ code: 'document_timed_out', page: null, seconds: 4, skipped: { from: 2, to: 6 } }]);
    expect(late.pages[0]!.text).toContain(VIN);
  }, 30_000);

  it('a PDF that cannot be opened in its time is refused by name, nothing kept', async () => {
    const before = counts();
    const path = await writePdf('slow-open.pdf', [{ text: 'a page' }]);
    const result = await importFile(cf.db, { path }, { readingLimits: { openMs: 0 } });
    expect(result.refused).toMatchObject({ code: 'file_refused', message: 'Opening slow-open.pdf took longer than 0 s, so its reading was stopped; nothing of it was imported.' });
    expect(counts()).toEqual(before);
  });
});

describe('cancel', () => {
  it('stops the reading mid-document at once, even inside pdfjs, and keeps nothing', async () => {
    const before = counts();
    const path = await writePdf('cancelled.pdf', [{ text: `first page ${VIN}` }, { forms: FOREVER }, { text: 'third page' }]);
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await importFile(cf.db, { path }, {
      signal: controller.signal,
      // The default bound (a minute): only the cancel can end page 2.
      onProgress: (p) => {
        if (p.phase === 'ocr' && p.page === 1) setTimeout(() => { abortedAt = performance.now(); controller.abort(); }, 300);
      },
    });
    expect(performance.now() - abortedAt).toBeLessThan(2_000);
    expect(result.refused).toMatchObject({ code: 'cancelled' });
    expect(counts()).toEqual(before);
  }, 30_000);
});

describe('documents read on their thread as before', () => {
  let book: Buffer;
  beforeAll(async () => {
    const { book: rendered } = await renderFixtures({ book: invoiceBookHtml(3) }, { png: false }) as unknown as { book: { pdf: string } };
    book = readFileSync(rendered.pdf);
  }, 60_000);

  it('gives the same pages, text and warnings as the reading in process', async () => {
    const progress: string[] = [];
    const threaded = await readDocumentInThread(book, 'book.pdf', { ocr: false, onPage: (p) => progress.push(`${p.page}/${p.pages} ${p.source}`) });
    const inProcess = await readDocument(book, 'book.pdf', { ocr: false });
    expect(threaded).toEqual(inProcess);
    expect(progress).toEqual(['1/3 text', '2/3 text', '3/3 text']);
    expect(threaded.pages[2]!.text.length).toBeGreaterThan(20);
  }, 30_000);
});
