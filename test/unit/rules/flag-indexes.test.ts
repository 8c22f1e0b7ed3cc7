import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { tempDir } from '../../support/paths';

/**
 * A rule run writes its flags with the flags' indexes set aside and builds them once at its end
 * while its flags are at least an eighth of those the case holds (casefile/flag-indexes.ts); past
 * that it keeps them. Either way the indexes and every run's flags are the same.
 */
const temp = tempDir('zeromile-flag-indexes-');
let cf: CaseFile;

beforeAll(async () => {
  const demo = await writeDemo(join(temp.dir, 'demo'), { vehicles: 100, seed: 5150 });
  cf = openCaseFile(join(temp.dir, 'runs.zmcase'), { create: { title: 'Flag indexes' } });
  await importFiles(cf, demo.files.map((f) => ({ path: join(demo.dir, f.file) })));
}, 120_000);
afterAll(() => {
  cf.close();
  temp.remove();
});

describe("the flags' indexes in a rule run", () => {
  it('are built again by the first eight runs of a size, kept by the ninth, and the same after every run', () => {
    const indexes = () => cf.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'flags' ORDER BY name").all();
    const before = indexes();
    const rebuilt: boolean[] = [];
    let flags = 0;
    for (let run = 1; run <= 9; run++) {
      const result = runRules(cf, {}, { finderThreads: 0, summarize: false });
      const count = Object.values(result.counts).reduce((sum, n) => sum + n, 0);
      if (run === 1) flags = count;
      expect(count, `run ${run}`).toBe(flags);
      const detail = JSON.parse(cf.db.prepare("SELECT detail FROM audit_log WHERE action = 'rules.run' ORDER BY id DESC LIMIT 1").pluck().get() as string) as Record<string, unknown>;
      rebuilt.push('schema_cookie_from' in detail);
      expect(indexes(), `run ${run}`).toEqual(before);
    }
    expect(flags).toBeGreaterThan(0);
    expect(rebuilt).toEqual([true, true, true, true, true, true, true, true, false]);
    // Every run's flags read through the indexes as written.
    expect(cf.db.prepare('SELECT count(*) FROM flags INDEXED BY flags_run_rule WHERE run_id > 0').pluck().get()).toBe(9 * flags);
    expect(verifyCaseFile(cf.db, { skipIntegrity: false }).problems).toEqual([]);
  });
});
