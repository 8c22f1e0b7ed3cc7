import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confinedPathError, isInsideFolders, pagePathError } from '../../../electron/backend/files/path-policy';
import { safeUploadName } from '../../../electron/backend/web/guards';
import { startWebServer, type WebServer } from '../../../electron/backend/web/server';
import { makeUploadDir } from '../../../electron/backend/web/upload';
import { ROOT, tempDir } from '../../support/paths';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { failureText } from '../../../renderer/src/lib/failure-text';
import { rawRequest } from './http-client';

// Issue 17 item 8: what the page may name, and what uploads may do to the machine.
const temp = tempDir('zeromile-paths-');
let server: WebServer;
let cookie: string;
const caseDir = join(temp.dir, 'cases');
const invoke = async (name: string, args: unknown) => JSON.parse((await rawRequest(server.port, {
  method: 'POST', path: '/api/invoke', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: JSON.stringify({ name, args }),
})).body) as { ok: boolean; error?: { code: string; message: string } };
const upload = (name: string, body: string | Buffer, headers: Record<string, string> = {}) => rawRequest(server.port, {
  method: 'POST', path: `/api/upload?name=${encodeURIComponent(name)}`, headers: { Cookie: cookie, ...headers }, body,
});

beforeAll(async () => {
  mkdirSync(caseDir);
  server = await startWebServer({
    rendererDir: join(ROOT, 'dist', 'renderer'), workerPath: join(ROOT, 'dist', 'case-worker.mjs'),
    dataDir: join(temp.dir, 'data'), casePath: join(caseDir, 'web.zmcase'),
  });
  const first = await rawRequest(server.port, { path: `/?token=${server.token}` });
  cookie = String(first.headers['set-cookie']?.[0]).split(';')[0]!;
});
afterAll(async () => {
  await server?.close();
  temp.remove();
});

describe('browser mode confines paths to the folders the user set', () => {
  it('refuses to export, print, create, open or import outside them', async () => {
    const outside = join(temp.dir, 'elsewhere');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.csv'), 'VIN\n');
    for (const [name, args] of [
      ['export:file', { format: 'csv', path: join(outside, 'x.csv') }],
      ['print:save-pdf', { what: 'report', path: '/etc/cron.d/x.pdf' }],
      ['print:evidence-pack', { rule: 'zero_mileage_export', path: join(outside, 'pack.pdf') }],
      ['case:create', { path: join(outside, 'new.zmcase'), title: 't' }],
      ['case:open', { path: '/etc/passwd' }],
      ['import:files', { files: [{ path: join(outside, 'secret.csv') }] }],
      ['export:file', { format: 'csv', path: join(caseDir, '..', 'elsewhere', 'y.csv') }],
    ] as const) {
      const result = await invoke(name, args);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(result.error!.message).toContain('outside the folders');
      // Keyed, so the screens say it in Chinese too (the save and export lines showed this English under "未能完成").
      const zh = failureText(makeI18n('zh'), result.error!);
      expect(zh, name).toMatch(/不在本浏览器会话可(写入|读取|打开案件文件)的文件夹内/);
      expect(zh, name).not.toContain('outside');
      // The folders named are those the analyst set, never this run's upload folder.
      expect(result.error!.message, name).not.toContain('zeromile-uploads');
    }
    // Opening a case is refused as an open, naming the folders case files are opened from.
    const open = await invoke('case:open', { path: '/etc/passwd' });
    expect(open.error!.message).toBe(`/etc/passwd is outside the folders this browser session may open case files from (${join(temp.dir, 'data', 'cases')}, ${caseDir}). Start it with --folder DIR to add one.`);
    expect(failureText(makeI18n('zh'), open.error!)).toContain('/etc/passwd 不在本浏览器会话可打开案件文件的文件夹内');
    expect(readdirSync(outside)).toEqual(['secret.csv']);
    const inside = await invoke('export:file', { format: 'csv', path: join(caseDir, 'flags.csv') });
    expect(inside.ok).toBe(true);
    expect(existsSync(join(caseDir, 'flags.csv'))).toBe(true);
  });

  it('follows links before deciding', () => {
    expect(isInsideFolders('/tmp/../etc/passwd', ['/tmp'])).toBe(false);
    expect(isInsideFolders('relative.csv', ['/tmp'])).toBe(false);
    expect(confinedPathError('case:current', {}, [])).toBeNull();
  });

  it('Electron: the page may not name a path to write, and reads only what was handed over', () => {
    const granted = new Set(['/home/a/dropped.csv', '/home/a/case.zmcase']);
    expect(pagePathError('export:file', { format: 'csv', path: '/home/a/out.csv' }, granted)?.code).toBe('forbidden');
    expect(pagePathError('case:create', { path: '/home/a/case.zmcase', title: 'x' }, granted)?.code).toBe('forbidden');
    expect(pagePathError('print:save-pdf', { path: '/home/a/dropped.csv' }, granted)?.code).toBe('forbidden');
    expect(pagePathError('import:files', { files: [{ path: '/home/a/dropped.csv' }, { path: '/home/a/.ssh/id_rsa' }] }, granted)?.code).toBe('forbidden');
    expect(pagePathError('import:files', { files: [{ path: '/home/a/dropped.csv' }] }, granted)).toBeNull();
    expect(pagePathError('case:open', { path: '/home/a/case.zmcase' }, granted)).toBeNull();
  });
});

describe('uploads', () => {
  it('take a name of 100 CJK characters (300 bytes) and right-to-left overrides, made safe', async () => {
    const long = `${'车辆销售发票'.repeat(17)}.csv`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(255);
    const saved = await upload(long, 'VIN\n');
    expect(saved.status).toBe(200);
    const name = (JSON.parse(saved.body) as { value: { name: string } }).value.name;
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
    expect(name.endsWith('.csv')).toBe(true);
    expect(safeUploadName('invoice\u202Efdp.exe')).toBe('invoice_fdp.exe');
    expect(safeUploadName('a\u2066b\u200fc')).toBe('a_b_c');
  });

  it('refuse a body over the cap, keep nothing of it', async () => {
    const refused = await upload('huge.csv', 'VIN\n', { 'Content-Length': String(3 * 1024 ** 3) }).catch(() => null);
    // Either the answer 413, or the connection closed at once: never a 3 GB file.
    if (refused) expect(refused.status).toBe(413);
  });

  it('are removed once imported, and folders of dead servers at the next start', async () => {
    const saved = JSON.parse((await upload('sales.csv', 'VIN,品牌\nLGXCE4CB0N2123456,BYD\n')).body) as { value: { path: string } };
    expect(existsSync(saved.value.path)).toBe(true);
    await invoke('import:files', { files: [{ path: saved.value.path }] });
    expect(existsSync(saved.value.path)).toBe(false);
    const base = join(temp.dir, 'tmp');
    mkdirSync(join(base, 'zeromile-uploads-999999999-abc', 'x'), { recursive: true });
    mkdirSync(join(base, `zeromile-uploads-${process.pid}-live`));
    const fresh = makeUploadDir(base);
    expect(readdirSync(base).sort()).toEqual([fresh.split('/').pop(), `zeromile-uploads-${process.pid}-live`].sort());
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
  });
});
