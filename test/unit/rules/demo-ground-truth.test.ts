import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { saveRulePack } from '../../../electron/backend/casefile/rule-packs';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { flagReason } from '../../../shared/flag-reasons';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { renderMessage } from '../../../shared/i18n/message';
import { RULE_IDS } from '../../../shared/rules';
import { tempDir } from '../../support/paths';

const temp = tempDir('zeromile-truth-');

/** Lower-case words inside a flag's facts (party names, makes, ports): data, not text to translate. */
function dataWords(facts: string): Set<string> {
  return new Set(facts.toLowerCase().match(/[a-z]{2,}/g) ?? []);
}
afterAll(() => temp.remove());

/**
 * The demo generator computes what each rule must find (ground-truth.json) in plain memory, apart
 * from the SQL rules. Generated, imported and analysed here, every rule must find exactly that set:
 * precision and recall 1.
 */
describe('rules against the demo ground truth', { timeout: 600_000 }, () => {
  it('flags exactly the vehicles and parties of ground-truth.json', async () => {
    const demoDir = join(temp.dir, 'demo');
    const truth = await writeDemo(demoDir, { vehicles: 1500, seed: 7 });
    expect(truth.ambiguous).toEqual([]);
    const caseFile = openCaseFile(join(temp.dir, 'demo.zmcase'), { create: { title: 'truth' } });
    try {
      const results = await importFiles(caseFile, truth.files.map((f) => ({ path: join(demoDir, f.file) })));
      expect(results.filter((r) => r.refused)).toEqual([]);
      // The demo's filled sample packs, as the demo case imports them: the pack clauses' truth assumes them.
      for (const pack of truth.packs) saveRulePack(caseFile.db, JSON.parse(readFileSync(join(demoDir, pack.file), 'utf8')), 'imported', pack.file);
      const { run } = runRules(caseFile, {});
      const found = caseFile.db.prepare(`
        SELECT f.rule, coalesce(f.vin, coalesce(p.party_id, 'name:' || p.norm_name)) AS subject
        FROM flags f LEFT JOIN parties p ON p.id = f.party_id WHERE f.run_id = ?`).all(run.id) as { rule: string; subject: string }[];
      const report: Record<string, { expected: number; found: number; missed: string[]; extra: string[] }> = {};
      for (const rule of RULE_IDS) {
        const expected = new Set(truth.rules[rule]);
        const got = new Set(found.filter((f) => f.rule === rule).map((f) => f.subject));
        report[rule] = {
          expected: expected.size,
          found: got.size,
          missed: [...expected].filter((x) => !got.has(x)).slice(0, 5),
          extra: [...got].filter((x) => !expected.has(x)).slice(0, 5),
        };
      }
      const perfect = Object.fromEntries(RULE_IDS.map((rule) => [rule, { expected: report[rule]!.expected, found: report[rule]!.found, missed: [], extra: [] }]));
      process.stderr.write(`ground truth per rule: ${JSON.stringify(Object.fromEntries(RULE_IDS.map((r) => [r, report[r]!.expected])))}\n`);
      expect(report).toEqual(perfect);
      expect(Object.values(report).every((r) => r.expected > 0)).toBe(true);

      // The single-connection path (no finder thread) finds the same flags, in the same order,
      // with the same evidence, as the finder threads did.
      const single = runRules(caseFile, {}, { finderThreads: 0 });
      const flagsOf = (runId: number) => caseFile.db.prepare(`
        SELECT rule, flag_key, vin, party_id, reason, facts, maker, exporter, destination, days, km, status,
          (SELECT group_concat(record_kind || ':' || record_id || ':' || coalesce(document_id, '') || ':' || coalesce(row_no, ''), ',')
           FROM (SELECT * FROM flag_evidence e WHERE e.flag_id = f.id ORDER BY record_kind, record_id)) AS evidence
        FROM flags f WHERE run_id = ? ORDER BY id`).all(runId);
      const threaded = flagsOf(run.id);
      expect(threaded.length).toBe(found.length);
      expect(flagsOf(single.run.id)).toEqual(threaded);
      expect(single.counts).toEqual(runRules(caseFile, {}, { finderThreads: 3 }).counts);

      // Every flag's reason is rebuilt from its facts (shared/flag-reasons.ts): in English exactly as
      // the rule wrote it, in Chinese with no English word left but the data's own (names, numbers).
      const reasons = caseFile.db.prepare('SELECT rule, reason, facts FROM flags WHERE run_id = ?').all(run.id) as { rule: string; reason: string; facts: string }[];
      const perRule = new Map<string, number>();
      for (const f of reasons) {
        const m = flagReason(f.rule, f.facts);
        expect(m, f.rule).not.toBeNull();
        expect(renderMessage(m!, CASE_EN), f.rule).toBe(f.reason);
        const chinese = renderMessage(m!, CASE_ZH);
        const leftover = chinese.replace(/(?:\{[^}]*\})/g, '').split(/[\s,;:()（），；：、/]+/).filter((w) => /^[a-z]{2,}$/.test(w) && f.reason.includes(`${w} `) && !dataWords(f.facts).has(w));
        expect(leftover, `${f.rule}: ${chinese}`).toEqual([]);
        perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
      }
      expect([...perRule.keys()].sort()).toEqual([...RULE_IDS].sort());
    } finally {
      caseFile.close();
    }
  });
});
