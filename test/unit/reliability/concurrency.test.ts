import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { CaseSession } from '../../../electron/backend/session/case-session';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { CLI, tempDir } from '../../support/paths';
import { writeLockHolder } from './child-scripts';
import { writeVehiclesCsv } from './vehicle-csv';

const temp = tempDir('zeromile-concurrency-');
let holder = '';

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing (npm run build)`);
  holder = writeLockHolder(temp.dir);
});
afterAll(() => temp.remove());

function newCase(name: string): string {
  const path = join(temp.dir, name);
  openCaseFile(path, { create: { title: name } }).close();
  return path;
}

/** Starts the lock holder and resolves once it holds the write lock. */
async function holdLock(casePath: string, ms: number): Promise<{ child: ChildProcess; done: Promise<string> }> {
  const child = spawn(process.execPath, [holder, casePath, String(ms)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  // 'close': all of its output has been read by then ('exit' may come first).
  const done = new Promise<string>((resolve) => child.on('close', () => resolve(out)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => { out += d; if (out.includes('locked')) resolve(); });
    child.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return { child, done };
}

let cliPid = 0;

/** Resolves once process `pid` holds `path` open (Linux /proc). */
async function waitUntilOpen(pid: number, path: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        try {
          if (readlinkSync(`/proc/${pid}/fd/${fd}`) === path) return;
        } catch { /* closed meanwhile */ }
      }
    } catch { /* not started yet */ }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`process ${pid} never opened ${path}`);
}

function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  cliPid = child.pid!;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr, ms: Date.now() - started })));
}

function appContext(session: CaseSession): HandlerContext {
  return { session, caseFile: () => session.require(), emit: () => {}, signal: new AbortController().signal };
}

function healthy(path: string): void {
  const cf = openCaseFile(path, { readonly: true });
  const report = verifyCaseFile(cf.db);
  cf.close();
  expect(report.problems).toEqual([]);
  expect(report.integrity).toBe('ok');
}

describe('the app and the command line on one case file', { timeout: 120_000 }, () => {
  it('the app waits for the busy timeout, then answers case_busy with a clear message; nothing is lost', async () => {
    const path = newCase('app-busy.zmcase');
    const session = new CaseSession({ busyTimeoutMs: 400 });
    session.open(path);
    const { done } = await holdLock(path, 2500);
    const started = Date.now();
    const result = await dispatch(HANDLERS, appContext(session), 'case:update-meta', { title: 'renamed' });
    const waited = Date.now() - started;
    expect(result).toMatchObject({ ok: false, error: { code: 'case_busy' } });
    if (!result.ok) expect(result.error.message).toMatch(/in use by another ZeroMile.*try again/i);
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(await done).toContain('committed');
    // Once the other writer is done, the same call goes through.
    expect(await dispatch(HANDLERS, appContext(session), 'case:update-meta', { title: 'renamed' })).toMatchObject({ ok: true });
    session.close();
    healthy(path);
  });

  it('the command line waits for a short write to finish, then imports', async () => {
    const path = newCase('cli-waits.zmcase');
    const csv = join(temp.dir, 'wait.csv');
    writeVehiclesCsv(csv, 50, 1);
    const { child, done } = await holdLock(path, 60_000);
    const cli = runCli(['import', path, csv, '--json']);
    // Release the lock one second after the command line has the case file open, well inside its
    // five-second busy timeout: it must wait, then go through.
    await waitUntilOpen(cliPid, path);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.stdin!.write('release\n');
    const result = await cli;
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).files[0]).toMatchObject({ rows: 51, imported: 50, rejected: 1 });
    expect(await done).toContain('committed');
    healthy(path);
  });

  it('the command line gives up after its busy timeout with case_busy and changes nothing', async () => {
    const path = newCase('cli-busy.zmcase');
    const csv = join(temp.dir, 'busy.csv');
    writeVehiclesCsv(csv, 20);
    // Held until the command line has given up (its start-up time varies with the machine's load).
    const { child, done } = await holdLock(path, 60_000);
    const result = await runCli(['import', path, csv]);
    child.stdin!.write('release\n');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/in use by another ZeroMile/);
    expect(result.stderr).not.toMatch(/at .*\.mjs/);
    expect(await done).toContain('committed');
    const cf = openCaseFile(path, { readonly: true });
    expect(cf.db.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 0 });
    expect(cf.db.prepare("SELECT count(*) AS n FROM case_meta WHERE key = 'lock_test'").get()).toEqual({ n: 1 });
    cf.close();
    healthy(path);
  }, 40_000);

  it('two command-line imports and the app writing at once: all serialised, nothing corrupted', async () => {
    const path = newCase('three-writers.zmcase');
    const files = [0, 1].map((i) => {
      const csv = join(temp.dir, `together-${i}.csv`);
      writeVehiclesCsv(csv, 10_000, 0, i * 100_000);
      return csv;
    });
    const session = new CaseSession({ busyTimeoutMs: 10_000 });
    session.open(path);
    const imports = files.map((csv) => runCli(['import', path, csv, '--json']));
    let appWrites = 0;
    let settled = false;
    void Promise.all(imports).then(() => { settled = true; });
    while (!settled) {
      const r = await dispatch(HANDLERS, appContext(session), 'case:update-meta', { analyst: `analyst ${appWrites}` });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      appWrites++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    session.close();
    for (const result of await Promise.all(imports)) {
      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).files[0]).toMatchObject({ rows: 10_000, imported: 10_000 });
    }
    expect(appWrites).toBeGreaterThan(0);
    const cf = openCaseFile(path, { readonly: true });
    expect(cf.db.prepare('SELECT count(*) AS n FROM vehicle_records').get()).toEqual({ n: 20_000 });
    expect(cf.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'case.update-meta'").get()).toEqual({ n: appWrites });
    cf.close();
    healthy(path);
    expect(spawnSync('sqlite3', [path, 'PRAGMA integrity_check'], { encoding: 'utf8' }).stdout.trim()).toBe('ok');
  }, 60_000);
});
