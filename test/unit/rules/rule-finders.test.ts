import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { writeRulesBenchCase } from '../../bench/rules-bench-case';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRules } from '../../../electron/backend/rules/runner';
import { finderJobs } from '../../../electron/backend/rules/rule-finders';
import { ALL_RULES } from '../../../electron/backend/rules/all-rules';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

// The rules are found on finder threads, each with its own connection, and written by the
// runner's connection from per-rule scratch files (rule-finder.ts, rule-finders.ts).
let f: Fixture;
beforeEach(() => {
  f = createFixture();
  for (let n = 1; n <= 3; n++) {
    f.vehicle(fixtureVin(n));
    f.registration({ vin: fixtureVin(n), date: '2024-01-01', owner: 'T' });
    f.export({ vin: fixtureVin(n), date: '2024-01-09', exporter: 'T', km: 8 });
  }
});
afterEach(() => f.remove());

// This process's own: other test files may be running rules at the same time.
const scratchDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith(`zeromile-run-${process.pid}-`)));

describe('rule finders', () => {
  it('numbers each rule\'s flags after the last run\'s, in flag key order, and leaves no scratch file', () => {
    const before = scratchDirs();
    const first = runRules(f.caseFile, {});
    const second = runRules(f.caseFile, {});
    const ids = (run: number) => f.caseFile.db.prepare('SELECT id, flag_key FROM flags WHERE run_id = ? ORDER BY id').all(run) as { id: number; flag_key: string }[];
    const a = ids(first.run.id);
    const b = ids(second.run.id);
    expect(a.map((r) => r.id)).toEqual(a.map((_, i) => i + 1));
    expect(b.map((r) => r.id)).toEqual(b.map((_, i) => a.length + i + 1));
    expect(b.map((r) => r.flag_key)).toEqual(a.map((r) => r.flag_key));
    const zero = a.filter((r) => r.flag_key.startsWith('zero_mileage_export:')).map((r) => r.flag_key);
    expect(zero).toEqual([1, 2, 3].map((n) => `zero_mileage_export:${fixtureVin(n)}`).sort());
    // Every evidence row belongs to a flag of its run.
    const orphans = f.caseFile.db.prepare('SELECT count(*) FROM flag_evidence e LEFT JOIN flags x ON x.id = e.flag_id WHERE x.id IS NULL').pluck().get();
    expect(orphans).toBe(0);
    const leftover = [...scratchDirs()].filter((name) => !before.has(name));
    expect(leftover).toEqual([]);
  });

  it('removes the scratch of a run whose process was killed, and only that', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const orphan = mkdtempSync(join(tmpdir(), `zeromile-run-${dead}-`));
    writeFileSync(join(orphan, '0-zero_mileage_export.sqlite'), 'left by a killed run');
    const living = mkdtempSync(join(tmpdir(), `zeromile-run-${process.ppid}-`));
    try {
      runRules(f.caseFile, {});
      expect(existsSync(orphan)).toBe(false);
      expect(existsSync(living)).toBe(true);
    } finally {
      rmSync(orphan, { recursive: true, force: true });
      rmSync(living, { recursive: true, force: true });
    }
  });

  it('fails the whole run with the finder\'s reason when a rule fails there, and saves nothing', () => {
    // Only timeline_conflict, on a finder, reads the production dates of vehicle master records.
    f.caseFile.db.exec('ALTER TABLE vehicle_records RENAME COLUMN production_date TO produced');
    expect(() => runRules(f.caseFile, {})).toThrow(/rule timeline_conflict failed; nothing was saved: .*production_date/);
    const counts = f.caseFile.db.prepare('SELECT (SELECT count(*) FROM rule_runs) AS runs, (SELECT count(*) FROM flags) AS flags, (SELECT count(*) FROM flag_evidence) AS evidence').get();
    expect(counts).toEqual({ runs: 0, flags: 0, evidence: 0 });
  });

  it('closes the case only after the background checkpoint: the file alone then holds the run, and may be moved', () => {
    // Big enough that the checkpoint thread is still at work when close() is called.
    const path = join(dirname(f.caseFile.path), 'big.zmcase');
    const big = openCaseFile(path, { create: { title: 'big' } });
    writeRulesBenchCase(big.db, 20_000);
    const { run } = runRules(big, {});
    const flags = big.db.prepare('SELECT count(*) FROM flags WHERE run_id = ?').pluck().get(run.id) as number;
    expect(flags).toBeGreaterThan(0);
    // The bench case is a valid case: its documents have bytes, hashes and import entries (verify found 10 problems before).
    expect(verifyCaseFile(big.db, { skipIntegrity: true }).problems).toEqual([]);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    big.close();
    // The closing connection was the last: the WAL is folded in and gone, nobody holds the file.
    expect(existsSync(`${path}-wal`)).toBe(false);
    // The first run renames the demo case right after closing it, and opens it again.
    const moved = `${path}.moved`;
    renameSync(path, moved);
    const db = new Database(moved);
    try {
      expect(db.pragma('journal_mode = DELETE', { simple: true })).toBe('delete');
      expect(db.prepare('SELECT count(*) FROM flags WHERE run_id = ?').pluck().get(run.id)).toBe(flags);
    } finally {
      db.close();
    }
  }, 60_000);

  it('closes the case only after every finder closed its connection, so its folder can go at once', () => {
    // In a run this small one finder may take every job while the other is still opening its
    // connection; a folder removed meanwhile got that connection's WAL back (ENOTEMPTY).
    for (let i = 0; i < 8; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'zeromile-finders-'));
      const small = openCaseFile(join(dir, 'small.zmcase'), { create: { title: 'small' } });
      runRules(small, {});
      small.close();
      expect(readdirSync(dir)).toEqual(['small.zmcase']);
      rmSync(dir, { recursive: true });
    }
  });

  it('checkpoints the run into the case file on a thread of its own once it has committed', async () => {
    const result = runRules(f.caseFile, {});
    const checkpoint = await result.checkpoint;
    expect(checkpoint).toMatchObject({ ok: true });
    // The commit itself does not checkpoint: only the background checkpoint puts every page of
    // the run into the case file itself (the WAL holds them until then).
    const db = f.caseFile.db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    expect(statSync(f.caseFile.path).size).toBeGreaterThanOrEqual(pages * pageSize);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});

describe('finder jobs', () => {
  const ids = (jobs: number[][], rules: readonly { id: string }[]) => jobs.map((job) => job.map((index) => rules[index]!.id));

  it('claims the job of the run\'s first rule first, then the dearest: no finder is left with a big rule alone at the end', () => {
    // In run order trade_intermediary, a third of its thread's CPU at a million vehicles, was
    // claimed last while the other thread had nothing left to find.
    const rules = ALL_RULES.filter((rule) => !rule.onRunner);
    expect(ids(finderJobs(rules), rules)).toEqual([
      ['zero_mileage_export', 'early_export', 'missing_after_sales_confirmation'],
      ['rapid_resale'], ['trade_intermediary'], ['odometer_rollback'], ['undervalued_export'], ['timeline_conflict'], ['duplicate_export'],
    ]);
    // The run's first rule is whichever the run names first.
    const some = rules.filter((rule) => ['duplicate_export', 'odometer_rollback', 'trade_intermediary', 'early_export'].includes(rule.id));
    expect(ids(finderJobs(some), some)).toEqual([['early_export'], ['trade_intermediary'], ['odometer_rollback'], ['duplicate_export']]);
    expect(finderJobs([])).toEqual([]);
  });

  it('finds the same flags whatever order the finders claim them in', () => {
    // The flags of each rule stay numbered in run order: the ids of a run do not depend on which finder ended first.
    const first = runRules(f.caseFile, {}, { finderThreads: 2 });
    const second = runRules(f.caseFile, {}, { finderThreads: 0 });
    const flags = (run: number, offset: number) => (f.caseFile.db.prepare('SELECT id, rule, flag_key FROM flags WHERE run_id = ? ORDER BY id').all(run) as { id: number; rule: string; flag_key: string }[])
      .map((r) => ({ ...r, id: r.id - offset }));
    const a = flags(first.run.id, 0);
    expect(a.length).toBeGreaterThan(0);
    expect(flags(second.run.id, a.length)).toEqual(a);
  });
});
