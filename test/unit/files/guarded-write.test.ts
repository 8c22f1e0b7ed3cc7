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
import { createPrintFixture, VIN, type PrintFixture } from '../export/print-fixture';

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
  }, 120_000);

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
    const result = cli(['export', f.path, '--format', format, '--out', target, '--force', ...table], 2);
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

describe('a file already at the output path is kept unless the analyst says to replace it (probe 56 item 5)', () => {
  const commands = (out: string): [string, string[]][] => [
    ['export', ['export', f.path, '--format', 'csv', '--out', `${out}.csv`]],
    ['evidence', ['evidence', f.path, VIN, '--out', `${out}.html`]],
    ['report', ['report', f.path, '--out', `${out}.html`]],
  ];

  it.each(['export', 'evidence', 'report'])('%s refuses an existing --out (exit 1, says --force, file untouched); --force replaces it', (name) => {
    const [, args] = commands(join(work, `precious-${name}`)).find(([n]) => n === name)!;
    const out = args[args.indexOf('--out') + 1]!;
    writeFileSync(out, 'precious');
    const refused = cli(args);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(`zeromile ${name}: ${out} already exists; nothing was written. Give --force to replace it, or choose another name.`);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    const forced = cli([...args, '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toBe('precious');
    expect(leftovers(work)).toEqual([]);
    // The usage text says so.
    const usage = cli([name, '--help']);
    expect(usage.stdout + usage.stderr).toContain('--force');
  }, 180_000);

  it('--force never writes over a case file, whatever its name', () => {
    const disguised = join(work, 'case-as-report.html');
    copyFileSync(f.path, disguised);
    const before = sha(disguised);
    const report = cli(['report', disguised, '--out', disguised, '--force']);
    expect(report.status).toBe(1);
    expect(report.stderr).toContain('it is a case file');
    const evidence = cli(['evidence', f.path, VIN, '--out', disguised, '--force']);
    expect(evidence.stderr).toContain('it is a case file');
    expect(cli(['export', f.path, '--format', 'csv', '--out', f.path, '--force']).stderr).toContain('it is a case file');
    expect(sha(disguised)).toBe(before);
  }, 180_000);

  it('export:file, print:save-pdf and print:evidence-pack refuse an existing path with file_exists until replace is given', async () => {
    const session = new CaseSession();
    session.open(f.path);
    const ctx: HandlerContext = { session, caseFile: () => session.require(), emit: () => {}, signal: new AbortController().signal };
    try {
      const csv = join(work, 'kept.csv');
      writeFileSync(csv, 'precious');
      expect(await dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', path: csv }))
        .toMatchObject({ ok: false, error: { code: 'file_exists', message: `${csv} already exists, and it was left as it was. Choose another name, or say to replace it.`, msg: { key: 'error.file_exists' } } });
      expect(readFileSync(csv, 'utf8')).toBe('precious');
      expect(await dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', path: csv, replace: true })).toMatchObject({ ok: true });
      expect(readFileSync(csv, 'utf8')).not.toBe('precious');
      const pdf = join(work, 'kept.pdf');
      writeFileSync(pdf, 'precious');
      expect(await dispatch(HANDLERS, ctx, 'print:save-pdf', { what: 'report', path: pdf })).toMatchObject({ ok: false, error: { code: 'file_exists' } });
      expect(await dispatch(HANDLERS, ctx, 'print:evidence-pack', { vins: [VIN], path: pdf })).toMatchObject({ ok: false, error: { code: 'file_exists' } });
      expect(readFileSync(pdf, 'utf8')).toBe('precious');
      // Replacing never reaches the case file.
      expect(await dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', path: `${f.path}.csv`, replace: true })).toMatchObject({ ok: true });
      copyFileSync(f.path, join(work, 'other-case.csv'));
      expect(await dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', path: join(work, 'other-case.csv'), replace: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      session.close();
    }
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
