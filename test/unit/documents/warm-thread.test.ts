import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { readDocumentInThread } from '../../../electron/backend/documents/document-thread';
import { closeReadingThread, READING_THREAD_IDLE_MS, warmReadingThread } from '../../../electron/backend/documents/warm-reading-thread';
import { CaseSession } from '../../../electron/backend/session/case-session';
import { craftedPdf } from '../../support/hostile-pdf';
import { passwordProtectedPdf } from '../../support/document-fixtures';
import { tempDir } from '../../support/paths';

// Issue 15: each PDF or image started a reading thread of its own and loaded pdfjs in it, about
// 0.7 s a document. The thread is now kept warm between documents (and imports), and started
// again only after a page was stopped on it, or once it has been idle, or when the case closes.
const temp = tempDir('zeromile-warm-thread-');
afterAll(() => temp.remove());
beforeEach(async () => {
  await closeReadingThread();
  warmReadingThread.idleMs = READING_THREAD_IDLE_MS;
});
afterEach(() => closeReadingThread());

/** pdfjs walks 2^40 forms for this page's text layer: it never ends. */
const FOREVER = 40;
const book = (name: string) => craftedPdf([{ text: `${name}, first page` }, { text: `${name}, second page` }]);
const started = () => warmReadingThread.started;

describe('the warm reading thread', () => {
  it('reads one document after another on one thread, a refused file between them too', async () => {
    const before = started();
    for (const name of ['invoice one', 'invoice two', 'invoice three']) {
      const reading = await readDocumentInThread(await book(name), `${name}.pdf`, { ocr: false });
      expect(reading.pages.map((p) => p.text.trim())).toEqual([`${name}, first page`, `${name}, second page`]);
    }
    await expect(readDocumentInThread(passwordProtectedPdf(), 'locked.pdf', { ocr: false })).rejects.toThrow(/locked\.pdf is password-protected/);
    expect((await readDocumentInThread(await book('after'), 'after.pdf', { ocr: false })).pages).toHaveLength(2);
    expect(started() - before).toBe(1);
  }, 30_000);

  it('is started again only after a page was stopped on it, and the fresh one is kept', async () => {
    await readDocumentInThread(await book('warm'), 'warm.pdf', { ocr: false });
    const before = started();
    const slow = await craftedPdf([{ text: 'cover page of the slow one' }, { forms: FOREVER }, { text: 'third page of the slow one' }]);
    const reading = await readDocumentInThread(slow, 'slow.pdf', { ocr: false, limits: { pageMs: 1_000 } });
    expect(reading.warnings).toEqual([{ code: 'page_timed_out', page: 2, seconds: 1 }]);
    expect(reading.pages[2]!.text).toContain('third page of the slow one');
    // Page 3 went on a fresh thread (the warm one was stopped with page 2), which the next document reads on.
    expect(started() - before).toBe(1);
    await readDocumentInThread(await book('next'), 'next.pdf', { ocr: false });
    expect(started() - before).toBe(1);
  }, 30_000);

  it('a cancel stops it; the next document gets a fresh one', async () => {
    await readDocumentInThread(await book('warm'), 'warm.pdf', { ocr: false });
    const before = started();
    const controller = new AbortController();
    const stuck = await craftedPdf([{ text: 'a page before the stuck one' }, { forms: FOREVER }]);
    const reading = readDocumentInThread(stuck, 'stuck.pdf', { ocr: false, signal: controller.signal, onPage: () => setTimeout(() => controller.abort(), 200) });
    await expect(reading).rejects.toMatchObject({ code: 'cancelled' });
    expect(started() - before).toBe(0);
    await readDocumentInThread(await book('after'), 'after.pdf', { ocr: false });
    expect(started() - before).toBe(1);
  }, 30_000);

  it('is closed once idle for a while, and when the case closes', async () => {
    warmReadingThread.idleMs = 300;
    await readDocumentInThread(await book('one'), 'one.pdf', { ocr: false });
    let before = started();
    await new Promise((resolve) => setTimeout(resolve, 800));
    await readDocumentInThread(await book('two'), 'two.pdf', { ocr: false });
    expect(started() - before).toBe(1);

    warmReadingThread.idleMs = READING_THREAD_IDLE_MS;
    const session = new CaseSession();
    const ctx: HandlerContext = { session, caseFile: () => session.require(), emit: () => {}, signal: new AbortController().signal };
    await dispatch(HANDLERS, ctx, 'case:create', { path: join(temp.dir, 'warm.zmcase'), title: 'warm' });
    await readDocumentInThread(await book('three'), 'three.pdf', { ocr: false });
    before = started();
    await dispatch(HANDLERS, ctx, 'case:close', {});
    await readDocumentInThread(await book('four'), 'four.pdf', { ocr: false });
    expect(started() - before).toBe(1);
  }, 30_000);
});
