import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../electron/backend/casefile/audit';
import { ALL_RULES } from '../../../electron/backend/rules/all-rules';
import { runRules } from '../../../electron/backend/rules/runner';
import { APP_VERSION } from '../../../electron/backend/app-version';
import { DEFAULT_RULE_PARAMS, RULE_IDS } from '../../../shared/rules';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';
import { flagsOf } from '../../support/flag-query';

let f: Fixture;
beforeEach(() => {
  f = createFixture();
  f.vehicle(fixtureVin(1));
  f.registration({ vin: fixtureVin(1), date: '2024-01-01', owner: 'T' });
  f.export({ vin: fixtureVin(1), date: '2024-01-09', exporter: 'T', km: 8 });
});
afterEach(() => f.remove());

describe('runRules', () => {
  it('lists every rule of shared/rules.ts once, in order', () => {
    expect(ALL_RULES.map((r) => r.id)).toEqual([...RULE_IDS]);
  });

  it('records the run and keeps earlier runs and their flags', () => {
    const progress: string[] = [];
    const first = runRules(f.caseFile, {}, { onProgress: (p) => progress.push(`${p.rule}:${p.done}/${p.total}`) });
    const second = runRules(f.caseFile, { zero_mileage_max_km: 5 });
    expect(progress).toHaveLength(RULE_IDS.length);
    expect(progress.at(-1)).toBe(`${RULE_IDS.at(-1)}:${RULE_IDS.length}/${RULE_IDS.length}`);
    const runs = f.caseFile.db.prepare('SELECT * FROM rule_runs ORDER BY id').all() as { id: number; params: string; counts: string; status: string; app_version: string; finished: string | null }[];
    expect(runs.map((r) => r.id)).toEqual([first.run.id, second.run.id]);
    expect(JSON.parse(runs[0]!.params)).toEqual(DEFAULT_RULE_PARAMS);
    expect(JSON.parse(runs[1]!.params).zero_mileage_max_km).toBe(5);
    expect(runs.every((r) => r.status === 'done' && r.finished !== null && r.app_version === APP_VERSION)).toBe(true);
    expect(JSON.parse(runs[0]!.counts).zero_mileage_export).toBe(1);
    expect(flagsOf(f.caseFile.db, first.run.id, 'zero_mileage_export')).toHaveLength(1);
    expect(flagsOf(f.caseFile.db, second.run.id, 'early_export')).toHaveLength(1);
    const audit = f.caseFile.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'rules.run'").get() as { n: number };
    expect(audit.n).toBe(2);
    expect(verifyAuditChain(f.caseFile.db).breaks).toEqual([]);
  });

  it('carries the analyst verdict over to the same flag in a new run', () => {
    const first = runRules(f.caseFile, {});
    const [flag] = flagsOf(f.caseFile.db, first.run.id, 'zero_mileage_export');
    expect(flag!.status).toBe('open');
    expect(flag!.flag_key).toBe(`zero_mileage_export:${fixtureVin(1)}`);
    f.caseFile.db.prepare("INSERT INTO reviews (flag_key, status, reason, updated_at) VALUES (?, 'confirmed', 'checked papers', '2026-01-01')").run(flag!.flag_key);
    const second = runRules(f.caseFile, {});
    expect(flagsOf(f.caseFile.db, second.run.id, 'zero_mileage_export')[0]!.status).toBe('confirmed');
    expect(flagsOf(f.caseFile.db, first.run.id, 'zero_mileage_export')[0]!.status).toBe('open');
  });

  it('rolls everything back when cancelled', () => {
    const controller = new AbortController();
    expect(() => runRules(f.caseFile, {}, {
      signal: controller.signal,
      onProgress: (p) => { if (p.done === 3) controller.abort(); },
    })).toThrow(/cancelled/);
    const counts = f.caseFile.db.prepare('SELECT (SELECT count(*) FROM rule_runs) AS runs, (SELECT count(*) FROM flags) AS flags').get();
    expect(counts).toEqual({ runs: 0, flags: 0 });
  });

  it('refuses bad parameters before touching the case file', () => {
    expect(() => runRules(f.caseFile, { zero_mileage_max_dayz: 3 })).toThrow(/zero_mileage_max_dayz/);
    expect(() => runRules(f.caseFile, { rapid_resale_days: -1 })).toThrow(/rapid_resale_days/);
    expect((f.caseFile.db.prepare('SELECT count(*) AS n FROM rule_runs').get() as { n: number }).n).toBe(0);
  });

  it('cites document and row for every piece of evidence', () => {
    const { run } = runRules(f.caseFile, {});
    const rows = f.caseFile.db.prepare(`SELECT e.* FROM flag_evidence e JOIN flags f ON f.id = e.flag_id WHERE f.run_id = ?`).all(run.id) as { document_id: number; row_no: number | null }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.document_id > 0 && r.row_no !== null)).toBe(true);
  });
});
