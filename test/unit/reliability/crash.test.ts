import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { writeSalesCsv } from '../../bench/sales-csv';
import { ROOT, tempDir } from '../../support/paths';
import { writeVehiclesCsv } from './vehicle-csv';

/**
 * SIGKILL a real child process at random points of an import and of a rule run, many times.
 * After each kill: integrity_check ok, verify ok, none of the interrupted work present, and the
 * same work done again cleanly. Time-bounded; the number of kills is printed.
 */
// ZEROMILE_CRASH_SECONDS=120 gives more kills on a busy machine (default: 25 s import, 12 s rules).
const BUDGET_S = Number(process.env.ZEROMILE_CRASH_SECONDS ?? 37);
const IMPORT_BUDGET_MS = BUDGET_S * 1000 * (25 / 37);
const RULES_BUDGET_MS = BUDGET_S * 1000 * (12 / 37);
const MAX_KILLS = Number(process.env.ZEROMILE_CRASH_KILLS ?? 50);
const SALES_ROWS = 5_000;

const temp = tempDir('zeromile-crash-');
const childPath = join(ROOT, 'test', 'output', `crash-child-${process.pid}.mjs`);
const importBase = join(temp.dir, 'import-base.zmcase');
const rulesBase = join(temp.dir, 'rules-base.zmcase');
const salesCsv = join(temp.dir, 'sales.csv');

beforeAll(async () => {
  mkdirSync(join(ROOT, 'test', 'output'), { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'test', 'unit', 'reliability', 'crash-child.ts')],
    outfile: childPath, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning',
    banner: { js: "import { createRequire as __zmCreateRequire } from 'node:module'; const require = __zmCreateRequire(import.meta.url);" },
  });
  await writeSalesCsv(salesCsv, SALES_ROWS, 7);
  // A case with earlier work in it, so "nothing of the interrupted import" is not just "empty".
  const earlier = join(temp.dir, 'earlier.csv');
  writeVehiclesCsv(earlier, 200, 3);
  const cf = openCaseFile(importBase, { create: { title: 'crash: import' } });
  await importFiles(cf, [{ path: earlier }]);
  cf.close();

  const demoDir = join(temp.dir, 'demo');
  await writeDemo(demoDir, { vehicles: 3000, seed: 5 });
  const rules = openCaseFile(rulesBase, { create: { title: 'crash: rules' } });
  await importFiles(rules, readdirSync(demoDir).filter((f) => !f.endsWith('.json')).map((f) => ({ path: join(demoDir, f) })));
  rules.close();
}, 120_000);

afterAll(() => {
  rmSync(childPath, { force: true });
  temp.remove();
});

type Child = { process: ChildProcess; casePath: string; ready: Promise<void>; finished: Promise<boolean>; exited: Promise<void> };

let copies = 0;
function startChild(mode: 'import' | 'rules', base: string): Child {
  const casePath = join(temp.dir, `work-${copies++}.zmcase`);
  copyFileSync(base, casePath);
  const child = spawn(process.execPath, [childPath, mode, casePath, salesCsv], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => { out += d; if (out.includes('ready')) resolve(); });
    void exited.then(() => reject(new Error(`child exited before it was ready: ${err}`)));
  });
  // The last pre-started child is killed unused: its readiness may never come, and that is fine.
  ready.catch(() => undefined);
  const finished = exited.then(() => out.includes('finished'));
  return { process: child, casePath, ready, finished, exited };
}

async function go(child: Child): Promise<number> {
  await child.ready;
  child.process.stdin!.write('go\n');
  return performance.now();
}

type Count = { n: number };
const count = (db: Database.Database, sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as Count).n;

/** What every killed case file must satisfy, whatever the moment of the kill. */
function checkSurvivor(path: string): void {
  // The first open after a crash: SQLite rolls the WAL forward to the last commit, as the app would.
  const raw = new Database(path);
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();
  const cf = openCaseFile(path);
  const report = verifyCaseFile(cf.db);
  expect(report.problems).toEqual([]);
  cf.close();
}

async function crashLoop(mode: 'import' | 'rules', base: string, budgetMs: number, minKills: number, after: (path: string, completed: boolean) => Promise<void>): Promise<{ kills: number; interrupted: number }> {
  // Calibrate: how long the whole work takes from "go", so kills land all over it.
  const calibration = startChild(mode, base);
  const t0 = await go(calibration);
  expect(await calibration.finished).toBe(true);
  const fullMs = performance.now() - t0;
  await after(calibration.casePath, true);

  const started = performance.now();
  let kills = 0;
  let interrupted = 0;
  let next = startChild(mode, base);
  // The minimum number of kills always happens (a loaded machine just takes longer); more only within the budget.
  const more = () => kills < minKills || (kills < MAX_KILLS && performance.now() - started < budgetMs);
  while (more()) {
    const child = next;
    const at = await go(child);
    next = startChild(mode, base);
    const delay = Math.random() * fullMs * 1.1;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, delay - (performance.now() - at))));
    child.process.kill('SIGKILL');
    await child.exited;
    const completed = await child.finished;
    kills++;
    if (!completed) interrupted++;
    checkSurvivor(child.casePath);
    await after(child.casePath, completed);
    rmSync(child.casePath, { force: true });
    rmSync(`${child.casePath}-wal`, { force: true });
    rmSync(`${child.casePath}-shm`, { force: true });
  }
  next.process.kill('SIGKILL');
  await next.exited;
  process.stderr.write(`crash test (${mode}): ${kills} SIGKILLs survived (${interrupted} mid-work), full run ${Math.round(fullMs)} ms\n`);
  return { kills, interrupted };
}

describe('SIGKILL at random points', () => {
  it('an import killed anywhere leaves a sound case file without any of it, and imports again cleanly', async () => {
    const baseline = new Database(importBase, { readonly: true });
    const baseDocs = count(baseline, 'SELECT count(*) AS n FROM documents');
    const baseParties = count(baseline, 'SELECT count(*) AS n FROM parties');
    baseline.close();
    let expectedRows = 0;
    const { kills, interrupted } = await crashLoop('import', importBase, IMPORT_BUDGET_MS, 5, async (path, completed) => {
      const cf = openCaseFile(path);
      const docs = count(cf.db, 'SELECT count(*) AS n FROM documents');
      if (!completed) {
        // Killed before its commit finished: either none of it, or (killed inside COMMIT's last step) all of it.
        expect([baseDocs, baseDocs + 1]).toContain(docs);
      }
      if (docs === baseDocs) {
        expect(count(cf.db, 'SELECT count(*) AS n FROM sales')).toBe(0);
        expect(count(cf.db, 'SELECT count(*) AS n FROM parties')).toBe(baseParties);
        expect(count(cf.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'import.file'")).toBe(baseDocs);
      }
      // Whatever is there is whole: every document's rows add up.
      for (const d of cf.db.prepare('SELECT id, rows_total, rows_imported, rows_rejected FROM documents').all() as { id: number; rows_total: number; rows_imported: number; rows_rejected: number }[]) {
        const records = count(cf.db, 'SELECT (SELECT count(*) FROM sales WHERE document_id = ?) + (SELECT count(*) FROM vehicle_records WHERE document_id = ?) AS n', d.id, d.id);
        expect(records).toBe(d.rows_imported);
        expect(count(cf.db, 'SELECT count(*) AS n FROM rejected_rows WHERE document_id = ?', d.id)).toBe(d.rows_rejected);
        expect(d.rows_imported + d.rows_rejected).toBe(d.rows_total);
      }
      // The same file again: a clean full import, or "already in the case" if the kill came after the commit.
      const [again] = await importFiles(cf, [{ path: salesCsv }]);
      expect(again!.refused).toBeNull();
      if (docs === baseDocs) {
        expect(again!.rows).toBe(SALES_ROWS);
        expectedRows ||= again!.imported;
        expect(again!.imported).toBe(expectedRows);
      } else {
        expect(again!.duplicate).toBe(true);
      }
      expect(count(cf.db, 'SELECT count(*) AS n FROM documents')).toBe(baseDocs + 1);
      cf.close();
    });
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(interrupted).toBeGreaterThanOrEqual(2);
  }, 60_000 + IMPORT_BUDGET_MS * 4);

  it('a rule run killed anywhere leaves no trace of that run, and runs again cleanly', async () => {
    let expectedFlags = -1;
    const { kills, interrupted } = await crashLoop('rules', rulesBase, RULES_BUDGET_MS, 4, async (path, completed) => {
      const cf = openCaseFile(path);
      const runs = cf.db.prepare('SELECT id, status FROM rule_runs').all() as { id: number; status: string }[];
      if (!completed) expect(runs.length).toBeLessThanOrEqual(1);
      expect(runs.every((r) => r.status !== 'running')).toBe(true);
      if (runs.length === 0) {
        expect(count(cf.db, 'SELECT count(*) AS n FROM flags')).toBe(0);
        expect(count(cf.db, 'SELECT count(*) AS n FROM flag_evidence')).toBe(0);
      }
      expect(count(cf.db, 'SELECT count(*) AS n FROM flags WHERE run_id NOT IN (SELECT id FROM rule_runs)')).toBe(0);
      const result = runRules(cf, {});
      const flags = count(cf.db, 'SELECT count(*) AS n FROM flags WHERE run_id = ?', result.run.id);
      if (expectedFlags < 0) expectedFlags = flags;
      expect(flags).toBe(expectedFlags);
      expect(flags).toBeGreaterThan(0);
      cf.close();
    });
    expect(kills).toBeGreaterThanOrEqual(4);
    expect(interrupted).toBeGreaterThanOrEqual(1);
  }, 60_000 + RULES_BUDGET_MS * 4);
});
