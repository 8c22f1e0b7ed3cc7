import { loadavg } from 'node:os';
import { join } from 'node:path';
import { saveRulePack } from '../../electron/backend/casefile/rule-packs';
import { SAMPLE_PACKS } from '../../electron/backend/demo/sample-packs';
import { runRules } from '../../electron/backend/rules/runner';
import { RULE_IDS } from '../../shared/rules';
import { StepPeaks, type BenchRow, type BenchSection } from './bench-table';
import { openRulesBenchCase } from './rules-bench-case';

const RECORD_TABLES = ['vehicle_records', 'sales', 'registrations', 'exports', 'shipments', 'confirmations'];

/**
 * All rules on a case of 1,000,000 vehicles (about 4.3 million records), built by bulk SQL (see
 * rules-bench-case.ts), with the demo's filled sample rule packs active. Baseline: a plain `SELECT count(*)` of every record table in the same run.
 */
export const rulesBench: BenchSection = {
  name: 'rules',
  async run(scale, workDir) {
    const vehicles = Math.round(1_000_000 * scale);
    const { caseFile, records, buildMs, cached } = openRulesBenchCase(join(workDir, 'rules-bench.zmcase'), vehicles);
    try {
      process.stderr.write(`bench: rules case: ${vehicles} vehicles, ${records} records in ${(buildMs / 1000).toFixed(1)} s${cached ? ' (copied from ZEROMILE_BENCH_CACHE)' : ''}\n`);
      let clock = performance.now();
      for (const table of RECORD_TABLES) caseFile.db.prepare(`SELECT count(*) FROM ${table}`).get();
      const baselineMs = performance.now() - clock;
      clock = performance.now();
      // Wall time on a shared 2-core machine depends on what else runs: the 1-minute load average
      // before and after the run goes beside the figures.
      // The rule packs active: the demo's filled samples (RU brand list, AE minimum use).
      for (const pack of SAMPLE_PACKS) saveRulePack(caseFile.db, pack, 'imported', `sample ${pack.id}`);
      const loadBefore = loadavg()[0]!;
      const cpuBefore = process.cpuUsage();
      const peaks = new StepPeaks();
      // Without the summary thread, as `zeromile analyze` runs it: the run's own time and memory.
      const result = runRules(caseFile, {}, { summarize: false });
      const totalMs = performance.now() - clock;
      // CPU time of the run: on a shared machine wall time also counts other processes' turns.
      // Every thread's: the finders run in this process.
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const checkpoint = await result.checkpoint;
      const flags = Object.values(result.counts).reduce((a, b) => a + b, 0);
      const loadAfter = loadavg()[0]!;
      peaks.end('the run and its checkpoint (runner, finder and checkpoint threads)');
      const rows: BenchRow[] = [
        { figure: `${cached ? 'copy cached' : 'build'} case (${vehicles} vehicles, ${records} records, bulk SQL)`, value: buildMs, unit: 'ms', baseline: null, target: 'info', pass: true },
        { figure: 'shared export anchor (latest registration per declaration)', value: result.timings.prepare, unit: 'ms', baseline: baselineMs, target: 'info', pass: true },
        // Finding (in a finder thread) plus writing: rules overlap, so these add up to more than the wall time.
        ...RULE_IDS.map((id) => ({ figure: `${id} (${result.counts[id]} flags; find + write)`, value: result.timings[id], unit: 'ms', baseline: baselineMs, target: 'info', pass: true })),
        { figure: `all rules (${flags} flags) vs count(*) of record tables`, value: totalMs, unit: 'ms', baseline: baselineMs, target: `< ${Math.round(20_000 * scale)} ms`, pass: totalMs < 20_000 * scale },
        {
          figure: `WAL checkpoint after the run (own thread, once the run has returned${checkpoint.ok ? '' : `; FAILED: ${checkpoint.message}`})`,
          value: checkpoint.ms, unit: 'ms', baseline: null, target: 'info', pass: checkpoint.ok,
        },
        { figure: `all rules, CPU time of this process (user ${Math.round(cpu.user / 1000)} ms + system ${Math.round(cpu.system / 1000)} ms)`, value: cpuMs, unit: 'ms', baseline: baselineMs, target: 'info', pass: true },
        ...peaks.rows('all rules', 1024),
        { figure: `1-minute load average before the run (after it: ${loadAfter.toFixed(2)}; 2 cores)`, value: loadBefore, unit: '', baseline: null, target: 'info', pass: true },
      ];
      return rows;
    } finally {
      caseFile.close();
    }
  },
};
