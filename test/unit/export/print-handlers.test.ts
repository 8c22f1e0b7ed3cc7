import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import type { CaseSession } from '../../../electron/backend/session/case-session';
import { handlerSession } from '../../support/handler-session';
import { writeFailure } from '../../../electron/backend/files/write-errors';
import { toWireError } from '../../../shared/errors';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { failureText } from '../../../renderer/src/lib/failure-text';
import { createPrintFixture, PERSON_ID, VIN, type PrintFixture } from './print-fixture';

/** The print and export handlers through the real handler table, as the app and browser mode call them. */
let f: PrintFixture;
let session: CaseSession;
let ctx: HandlerContext;
beforeAll(async () => {
  f = await createPrintFixture();
  f.caseFile.db.pragma('wal_checkpoint(TRUNCATE)');
  ({ session, ctx } = handlerSession(f.path));
});
afterAll(() => {
  session.close();
  f.remove();
});

describe('print and export handlers', () => {
  it('serve the evidence sheet and report pages, escaped, paper from the arguments', async () => {
    const sheet = await dispatch(HANDLERS, ctx, 'print:evidence-html', { vin: VIN.toLowerCase(), paper: 'letter', landscape: true });
    expect(sheet.ok).toBe(true);
    const html = (sheet as { ok: true; value: { html: string; title: string } }).value.html;
    expect(html).toContain('size: letter landscape');
    expect(html).not.toContain('<img src=x');
    const report = await dispatch(HANDLERS, ctx, 'print:report-html', {});
    expect(report).toMatchObject({ ok: true, value: { title: 'Case report' } });
    const svg = await dispatch(HANDLERS, ctx, 'print:evidence-svg', { vin: VIN });
    expect((svg as { ok: true; value: { svg: string } }).value.svg).toMatch(/^<\?xml[^>]*>\n<svg /);
  });

  it('refuse bad arguments and unknown vehicles', async () => {
    expect(await dispatch(HANDLERS, ctx, 'print:evidence-html', { vin: 'not a vin', paper: 'a4', landscape: false })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatch(HANDLERS, ctx, 'print:evidence-html', { vin: VIN, paper: 'a3', landscape: false })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatch(HANDLERS, ctx, 'print:evidence-html', { vin: 'LSVAU2180N2183294', paper: 'a4', landscape: false })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('export to an absolute path with the right extension, never over the case file', async () => {
    const path = join(f.dir, 'parties.csv');
    const done = await dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', table: 'parties', path });
    expect(done).toMatchObject({ ok: true, value: { path, counts: { parties: 8 } } });
    expect(readFileSync(path, 'utf8')).not.toContain(PERSON_ID);
    // The file is there now: written over only when the analyst agreed (replace).
    expect(await dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', table: 'parties', path, unmask_ids: true })).toMatchObject({ ok: false, error: { code: 'file_exists' } });
    expect(readFileSync(path, 'utf8')).not.toContain(PERSON_ID);
    const open = await dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', table: 'parties', path, unmask_ids: true, replace: true });
    expect(open.ok).toBe(true);
    expect(readFileSync(path, 'utf8')).toContain(PERSON_ID);
    expect(await dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', path: 'relative.csv' })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatch(HANDLERS, ctx, 'export:file', { format: 'ftm', path: join(f.dir, 'x.csv') })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatch(HANDLERS, ctx, 'export:file', { format: 'graphml', path: f.path })).toMatchObject({ ok: false });
    expect(await dispatch(HANDLERS, ctx, 'print:save-pdf', { what: 'report', path: `${f.path}-wal.pdf`, paper: 'a4', landscape: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(existsSync(join(f.dir, 'x.csv'))).toBe(false);
  });

  it('say why an export failed in the reader\'s language: the path and the reason in Chinese, the English unchanged', async () => {
    const zh = makeI18n('zh');
    const missing = join(f.dir, 'nope', '导出.csv');
    const failed = await dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', table: 'vehicles', path: missing });
    expect(failed).toMatchObject({ ok: false, error: { code: 'write_failed', message: `Cannot write ${missing}: the folder does not exist. Nothing was written there.` } });
    const error = (failed as { ok: false; error: Parameters<typeof failureText>[1] }).error;
    expect(failureText(zh, error)).toBe(`无法写入 ${missing}：文件夹不存在。该处未写入任何内容。`);
    expect(failureText(makeI18n('en'), error)).toBe(error.message);
    const wrongName = join(f.dir, 'vehicles.txt');
    const extension = await dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', table: 'vehicles', path: wrongName });
    expect(failureText(zh, (extension as { ok: false; error: Parameters<typeof failureText>[1] }).error)).toBe(`无法写入 ${wrongName}：文件名必须以 .csv 结尾。`);
    const overCase = await dispatch(HANDLERS, ctx, 'print:save-pdf', { what: 'report', path: `${f.path}-wal.pdf`, paper: 'a4', landscape: false });
    expect(failureText(zh, (overCase as { ok: false; error: Parameters<typeof failureText>[1] }).error)).toBe('导出不能写在案件文件之上。');
    // What the disk says mid-write (guarded-write.ts passes the system error on): its reason and code.
    const full = toWireError(writeFailure('/x/导出.xlsx', Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })));
    expect(failureText(zh, full)).toBe('无法写入 /x/导出.xlsx：磁盘已满（ENOSPC）。该处未写入任何内容。');
    expect(full.message).toBe('Cannot write /x/导出.xlsx: the disk is full (ENOSPC). Nothing was written there.');
  });
});
