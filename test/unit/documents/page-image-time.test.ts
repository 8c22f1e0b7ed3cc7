import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { documentPageImage } from '../../../electron/backend/documents/document-pages';
import { closeReadingThread, warmReadingThread } from '../../../electron/backend/documents/warm-reading-thread';
import { importFile } from '../../../electron/backend/import/import-file';
import { renderMessage } from '../../../shared/i18n/message';
import { REFUSAL_CATALOGUE_EN } from '../../../shared/i18n/refusal-en';
import { REFUSAL_CATALOGUE_ZH } from '../../../shared/i18n/refusal-zh';
import { ZeroMileError } from '../../../shared/errors';
import { craftedPdf } from '../../support/hostile-pdf';
import { tempDir } from '../../support/paths';
import { settled, zombieChildren } from '../../support/processes';

// Issue 15: the review panel's page image (documents:page-image) was drawn by pdfjs on a reader of
// the case with no time bound: a page made to hold pdfjs held that reader for ever. It is now drawn
// on the reading thread within its time, and pdftoppm (where pdfjs has no canvas) is ended and its
// folder removed when the thread is stopped.
const temp = tempDir('zeromile-page-image-time-');
/** The folders this file's reading scratch goes in (os.tmpdir() reads TMPDIR): others' tests share /tmp. */
const scratchRoot = mkdtempSync(join(temp.dir, 'tmp-'));
const tmpBefore = process.env.TMPDIR;
let cf: CaseFile;
let id: number;
/** pdfjs, and poppler too, walk 2^40 forms to draw this page: they never end. */
const FOREVER = 40;

beforeAll(async () => {
  process.env.TMPDIR = scratchRoot;
  cf = openCaseFile(join(temp.dir, 'images.zmcase'), { create: { title: 'images' } });
  const path = join(temp.dir, 'held.pdf');
  writeFileSync(path, await craftedPdf([{ text: 'first page, drawn at once' }, { forms: FOREVER }]));
  const result = await importFile(cf.db, { path }, { readingLimits: { pageMs: 1_000 } });
  expect(result).toMatchObject({ refused: null, pages: 2 });
  id = cf.db.prepare('SELECT id FROM documents WHERE sha256 = ?').pluck().get(result.sha256) as number;
}, 30_000);
afterAll(async () => {
  await closeReadingThread();
  if (tmpBefore === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpBefore;
  cf?.close();
  temp.remove();
});

/** Processes whose command line names `text` (pdftoppm working in our scratch). */
function processesNaming(text: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(text)) found.push(Number(pid));
    } catch {
      // It ended meanwhile.
    }
  }
  return found;
}

const failure = async (work: Promise<unknown>): Promise<ZeroMileError> => {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ZeroMileError);
  return error as ZeroMileError;
};

describe('the review panel\'s page image', () => {
  it('is stopped past its time with a message in English and Chinese; the next page draws, the caller never waits', async () => {
    let stallMs = 0;
    let last = performance.now();
    const tick = setInterval(() => { const now = performance.now(); stallMs = Math.max(stallMs, now - last); last = now; }, 20);
    const started = performance.now();
    const error = await failure(documentPageImage(cf.db, id, 2, { timeMs: 1_000 })).finally(() => clearInterval(tick));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(stallMs).toBeLessThan(1_000);
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Drawing page 2 of held.pdf took longer than 1 s, so it was stopped. The text read from the page and the fields proposed from it are shown as read; check them against the original.');
    expect(renderMessage(error.msg!, REFUSAL_CATALOGUE_ZH)).toBe('绘制 held.pdf 第 2 页超过 1 秒，已停止。本页读出的文字和据此提出的字段仍按读取结果显示；请对照原件核对。');
    expect(renderMessage(error.msg!, REFUSAL_CATALOGUE_EN)).toBe(error.message);

    const before = warmReadingThread.started;
    const image = await documentPageImage(cf.db, id, 1);
    expect(image.media_type).toBe('image/png');
    expect(Buffer.from(image.data_base64, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
    // A fresh thread (the stopped one is gone), kept warm for the next page.
    expect(warmReadingThread.started - before).toBe(1);
    await documentPageImage(cf.db, id, 1);
    expect(warmReadingThread.started - before).toBe(1);
    expect((await failure(documentPageImage(cf.db, id, 3))).message).toBe('held.pdf has no page 3.');
  }, 30_000);

  it('drawn by pdftoppm: past its time the child is ended and its folder removed', async () => {
    const error = await failure(documentPageImage(cf.db, id, 2, { timeMs: 1_500, pdftoppm: true }));
    expect(error.msg?.key).toBe('refusal.page_image_timed_out');
    // The thread was stopped inside pdftoppm (poppler spins on this page too): nothing of it is left,
    // not even a zombie (a child killed after the thread that started it was gone was never waited for),
    // by the time the call fails: the child was killed and its exit taken before the folder went.
    expect(processesNaming(scratchRoot)).toEqual([]);
    expect(zombieChildren()).toEqual([]);
    expect(readdirSync(scratchRoot)).toEqual([]);
    // pdftoppm draws a sound page, and its folder goes too.
    const image = await documentPageImage(cf.db, id, 1, { pdftoppm: true });
    expect(Buffer.from(image.data_base64, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(readdirSync(scratchRoot)).toEqual([]);
    expect(zombieChildren()).toEqual([]);
  }, 30_000);

  it('drawn by pdftoppm: cancelled, the child is ended and waited for', async () => {
    const cancel = new AbortController();
    const drawing = failure(documentPageImage(cf.db, id, 2, { timeMs: 20_000, pdftoppm: true, signal: cancel.signal }));
    // Cancelled once pdftoppm runs (a fresh thread opens the document first: the last one was stopped).
    await settled(() => processesNaming(scratchRoot).length > 0, 15_000);
    expect(processesNaming(scratchRoot).length).toBeGreaterThan(0);
    cancel.abort();
    expect((await drawing).msg?.key).toBe('refusal.page_image_cancelled');
    expect(processesNaming(scratchRoot)).toEqual([]);
    expect(zombieChildren()).toEqual([]);
    expect(readdirSync(scratchRoot)).toEqual([]);
  }, 30_000);
});
