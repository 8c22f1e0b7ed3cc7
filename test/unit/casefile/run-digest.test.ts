import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../electron/backend/casefile/audit';
import { factDigest } from '../../../electron/backend/casefile/fact-digests';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { storedRunDigest } from '../../../electron/backend/casefile/run-digest';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { tempDir } from '../../support/paths';

/**
 * A run's digest is hashed per rule where the rows are found (finder threads, or the runner for
 * the rules it finds itself) and recomputed by verify from the stored rows: both must agree for
 * every path a run takes, and runs committed in the first scheme must still verify.
 */
const temp = tempDir('zeromile-run-digest-');
let cf: CaseFile;

beforeAll(async () => {
  // A seed and size no other test uses, so the rules' counts are not the ones the scheme was written against.
  const demo = await writeDemo(join(temp.dir, 'demo'), { vehicles: 300, seed: 41 });
  cf = openCaseFile(join(temp.dir, 'digest.zmcase'), { create: { title: 'Run digest' } });
  await importFiles(cf, demo.files.map((f) => ({ path: join(demo.dir, f.file) })));
}, 120_000);
afterAll(() => {
  cf.close();
  temp.remove();
});

function committedRun(runId: number): Record<string, string> {
  const detail = JSON.parse(cf.db.prepare("SELECT detail FROM audit_log WHERE action = 'rules.run' AND subject = ? ORDER BY id DESC LIMIT 1").pluck().get(`run:${runId}`) as string) as { facts: Record<string, Record<string, string>> };
  return detail.facts[`run:${runId}`]!;
}

const problemsOf = () => verifyCaseFile(cf.db, { skipIntegrity: true }).problems.map((p) => `${p.what}:${p.problem}:${'key' in p ? p.key : ''}`);

describe('rule run digest (scheme v2)', () => {
  it('is the same whether rules are found in finder threads or on one connection, and verify recomputes it', async () => {
    const runs = [];
    for (const finderThreads of [0, 1, 2]) {
      const result = runRules(cf, {}, { finderThreads });
      await result.summary;
      runs.push(result.run.id);
    }
    const committed = runs.map(committedRun);
    for (const c of committed) {
      expect(c.flags).toMatch(/^v2:[0-9a-f]{64}$/);
      expect(c.flag_evidence).toMatch(/^v2:[0-9a-f]{64}$/);
    }
    // Runs number their flags from different first ids, so their flag digests differ; the evidence cites the same rows.
    expect(new Set(committed.map((c) => c.flag_evidence)).size).toBe(1);
    runs.forEach((id, i) => expect(storedRunDigest(cf.db, id)).toEqual({ flags: committed[i]!.flags, flag_evidence: committed[i]!.flag_evidence }));
    expect(problemsOf()).toEqual([]);
  }, 120_000);

  it('names the run when a flag is moved to another rule or run, or its evidence is changed', () => {
    const runId = cf.db.prepare('SELECT max(id) FROM rule_runs').pluck().get() as number;
    const attacks = [
      "UPDATE flags SET rule = 'early_export' WHERE id = (SELECT max(id) FROM flags WHERE run_id = @run AND rule = 'zero_mileage_export')",
      'UPDATE flags SET run_id = @run - 1 WHERE id = (SELECT min(id) FROM flags WHERE run_id = @run)',
      'UPDATE flag_evidence SET row_no = row_no + 1 WHERE flag_id = (SELECT max(flag_id) FROM flag_evidence)',
    ];
    for (const sql of attacks) {
      const savepoint = cf.db.transaction(() => {
        cf.db.prepare(sql).run({ run: runId });
        expect(problemsOf()).toContain(`facts:digest:run:${runId}`);
        throw new Error('roll back');
      });
      expect(() => savepoint()).toThrow('roll back');
    }
    expect(problemsOf()).toEqual([]);
  });

  it('still verifies runs committed in the first scheme (rows hashed in JavaScript), and their tampering', () => {
    const runId = cf.db.prepare('SELECT min(id) FROM rule_runs').pluck().get() as number;
    const v1 = factDigest(cf.db, `run:${runId}`, undefined, { flags: 'a digest of the first scheme' });
    expect(v1.flags).toMatch(/^[0-9a-f]{64}$/);
    // What an older case holds: the run's facts committed in the first scheme by its last entry.
    appendAudit(cf.db, { action: 'case.migrate', subject: null, detail: { facts: { [`run:${runId}`]: v1 } } });
    expect(problemsOf()).toEqual([]);
    const tamper = cf.db.transaction(() => {
      cf.db.prepare("UPDATE flags SET reason = 'nothing unusual' WHERE id = (SELECT min(id) FROM flags WHERE run_id = ?)").run(runId);
      expect(problemsOf()).toContain(`facts:digest:run:${runId}`);
      throw new Error('roll back');
    });
    expect(() => tamper()).toThrow('roll back');
  });
});
