import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSection } from './bench-table';

const here = dirname(fileURLToPath(import.meta.url));
/** bench.ts runs bundled from dist/, beside the CLI. */
const CLI = join(here, 'cli.mjs');

/** Runs the CLI under GNU time: wall seconds and the peak RSS of the CLI or of the printer it waited for. */
function timed(args: string[]): { seconds: number; peakMb: number; stdout: string } {
  const run = spawnSync('/usr/bin/time', ['-f', 'ZM_TIME %e %M', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`zeromile ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const m = /ZM_TIME ([\d.]+) (\d+)/.exec(run.stderr);
  if (!m) throw new Error(`no timing from /usr/bin/time: ${run.stderr.slice(-500)}`);
  return { seconds: Number(m[1]), peakMb: Number(m[2]) / 1024, stdout: run.stdout };
}

/**
 * Evidence packs (issue 20 item 4): 1,000 flagged vehicles of a demo case in one PDF through the
 * CLI (`zeromile evidence CASE --vins FILE`), against a pack of a tenth of them in the same run.
 * Sheets are printed 25 at a time, so the peak memory of the pack should not grow with its size:
 * the RSS ratio of the two packs is the figure for that.
 */
export const packBench: BenchSection = {
  name: 'pack',
  async run(scale, workDir) {
    const wanted = Math.max(100, Math.round(1000 * scale));
    const demo = join(workDir, 'pack-demo');
    const casePath = join(workDir, 'pack.zmcase');
    timed(['demo', demo, '--vehicles', String(Math.max(2000, wanted * 5)), '--seed', '20']);
    timed(['new', casePath, '--title', 'Pack bench']);
    timed(['import', casePath, ...readdirSync(demo).filter((f) => !f.endsWith('.json')).map((f) => join(demo, f))]);
    timed(['analyze', casePath]);
    const flagged = spawnSync('sqlite3', ['-readonly', casePath, `SELECT DISTINCT vin FROM flags WHERE vin IS NOT NULL ORDER BY vin LIMIT ${wanted}`], { encoding: 'utf8' })
      .stdout.trim().split('\n').filter(Boolean);
    const pack = (vins: string[], name: string) => {
      const list = join(workDir, `${name}.txt`);
      writeFileSync(list, `${vins.join('\n')}\n`);
      const result = timed(['evidence', casePath, '--vins', list, '--out', join(workDir, `${name}.pdf`), '--json']);
      const facts = JSON.parse(result.stdout) as { pages?: number };
      return { ...result, pages: facts.pages ?? 0 };
    };
    const small = pack(flagged.slice(0, Math.ceil(flagged.length / 10)), 'pack-small');
    const big = pack(flagged, 'pack-big');
    const n = flagged.length.toLocaleString('en-US');
    const rows: BenchRow[] = [
      { figure: `evidence pack of ${n} flagged vehicles (${big.pages} pages), CLI wall time vs a pack of a tenth of them`, value: big.seconds, unit: 's', baseline: small.seconds, target: '< 120 s', pass: big.seconds < 120 },
      { figure: `evidence pack of ${n} vehicles: peak RSS of the CLI or its printer vs the tenth (bounded: ratio < 1.5)`, value: big.peakMb, unit: 'MB', baseline: small.peakMb, target: 'ratio < 1.5', pass: big.peakMb < 1.5 * small.peakMb },
    ];
    return rows;
  },
};
