import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { CaseSession } from '../../../electron/backend/session/case-session';
import { writeGuarded, writeGuardedBytes } from '../../../electron/backend/files/guarded-write';
import { writeGuardedStream } from '../../../electron/backend/files/guarded-stream';
import { CLI } from '../../support/paths';
import { createPrintFixture, type PrintFixture } from '../export/print-fixture';

// Issue 17 items 1 and 2: every file ZeroMile writes goes through one guarded writer. These run the
// built CLI and the handler table on a real case, the way an analyst would (mis)use them.
let f: PrintFixture;
let work: string;
const FORMATS = ['csv', 'graphml', 'xlsx', 'ftm'] as const;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const cli = (args: string[], limitKb?: number) => limitKb === undefined
  ? spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 })
  // `ulimit -f` makes the disk "full" for that process alone: writes past it fail with EFBIG.
  : spawnSync('bash', ['-c', `ulimit -f ${limitKb}; exec "$0" "$@"`, process.execPath, CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.part'));

beforeAll(async () => {
  f = await createPrintFixture();
  f.caseFile.db.pragma('wal_checkpoint(TRUNCATE)');
  work = join(f.dir, 'out');
  mkdirSync(work);
});
afterAll(() => f.remove());

describe('the CLI never writes over a case file', () => {
  it.each(FORMATS)('export --format %s --out the case itself is refused, the case intact', (format) => {
    const before = sha(f.path);
    const result = cli(['export', f.path, '--format', format, '--out', f.path]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Cannot write ${f.path}: it is a case file`);
    expect(sha(f.path)).toBe(before);
  });

  it('another case under any name is recognised by its bytes', () => {
    const other = join(work, 'evidence-backup.dat');
    copyFileSync(f.path, other);
    const before = sha(other);
    for (const format of FORMATS) {
      const result = cli(['export', f.path, '--format', format, '--out', other]);
      expect(result.status, format).toBe(1);
      expect(result.stderr).toContain('it is a case file');
    }
    expect(sha(other)).toBe(before);
    expect(cli(['backup', f.path, other]).status).toBe(1);
    expect(sha(other)).toBe(before);
  });

  it('never writes through a symbolic link', () => {
    const victim = join(work, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const link = join(work, 'link.csv');
    symlinkSync(victim, link);
    const result = cli(['export', f.path, '--format', 'csv', '--out', link]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('symbolic link');
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });
});

describe('a write that fails says where and why, and leaves nothing', () => {
  it.each(FORMATS)('%s to a missing folder and to a folder: exit 1, one line, no stack', (format) => {
    const missing = join(work, 'no-such-folder', `x.${format}`);
    const result = cli(['export', f.path, '--format', format, '--out', missing]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`zeromile export: Cannot write ${missing}: the folder does not exist. Nothing was written there.`);
    if (format !== 'csv') return;
    const folder = cli(['export', f.path, '--format', format, '--out', work]);
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain(`Cannot write ${work}: it is a folder`);
    expect(folder.stderr).not.toMatch(/\n\s+at /);
  });

  it.each(['flags', 'vehicles', 'parties', 'records'])('csv of the %s table where no file can be made: the path and reason, not a busy connection', (table) => {
    // /proc takes no new files, even from root (a stranger saw "This database connection is busy
    // executing a query" for a read-only folder: the flags table's rows were opened before the file).
    const out = '/proc/zeromile-export.csv';
    const result = cli(['export', f.path, '--format', 'csv', '--table', table, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Cannot write ${out}`);
    expect(result.stderr).not.toContain('busy');
  });

  it.each(FORMATS)('%s on a full disk: the old file stays whole, no partial file, no temp left', (format) => {
    const target = join(work, `full.${format}`);
    writeFileSync(target, 'the previous export');
    const table = format === 'csv' ? ['--table', 'records'] : [];
    const result = cli(['export', f.path, '--format', format, '--out', target, ...table], 2);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`Cannot write ${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: it would be larger than the 2,048 bytes this process may write to a file \\(its file size limit, ulimit -f\\): raise the limit \\(ulimit -f unlimited\\) and try again \\(EFBIG\\)`));
    expect(readFileSync(target, 'utf8')).toBe('the previous export');
    expect(leftovers(work)).toEqual([]);
    if (format !== 'csv') return;
    const fresh = join(work, `fresh.${format}`);
    expect(cli(['export', f.path, '--format', format, '--out', fresh, ...table], 2).status).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });

  it('a producer that fails midway leaves the old file; success replaces it whole', async () => {
    const target = join(work, 'stream.txt');
    writeFileSync(target, 'old');
    await expect(writeGuardedStream(target, async (out) => {
      await out.write('new half');
      throw new Error('the query failed');
    })).rejects.toThrow(`Cannot write ${target}: the query failed`);
    expect(readFileSync(target, 'utf8')).toBe('old');
    await writeGuardedStream(target, async (out) => { await out.write('new '); await out.write('whole'); });
    expect(readFileSync(target, 'utf8')).toBe('new whole');
    writeFileSync(join(work, 'x.zmcase'), '');
    await expect(writeGuarded(join(work, 'x.zmcase'), () => undefined)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(writeGuardedBytes(join(work, 'dir/'), 'x')).rejects.toMatchObject({ code: 'write_failed' });
    expect(leftovers(work)).toEqual([]);
  });
});

describe('the export handler (browser mode and the app) answers instead of hanging', () => {
  it('reports a missing folder and a folder with the path, for every format', async () => {
    const session = new CaseSession();
    session.open(f.path);
    const ctx: HandlerContext = { session, caseFile: () => session.require(), emit: () => {}, signal: new AbortController().signal };
    try {
      for (const format of FORMATS) {
        const ext = format === 'ftm' ? 'json' : format;
        const missing = join(work, 'gone', `x.${ext}`);
        expect(await dispatch(HANDLERS, ctx, 'export:file', { format, path: missing }), format)
          .toMatchObject({ ok: false, error: { code: 'write_failed', message: expect.stringContaining(`${missing}: the folder does not exist`) } });
      }
      const pdf = join(work, 'gone', 'report.pdf');
      expect(await dispatch(HANDLERS, ctx, 'print:save-pdf', { what: 'report', path: pdf }))
        .toMatchObject({ ok: false, error: { code: 'write_failed' } });
    } finally {
      session.close();
    }
  });
});
