import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSection } from './bench-table';
import { writeSalesCsv } from './sales-csv';

const here = dirname(fileURLToPath(import.meta.url));
/** bench.ts runs bundled from dist/, beside the CLI. */
const CLI = join(here, 'cli.mjs');

function vmHwmKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Runs the import in a child process (`zeromile import`), so its peak memory is its own and not
 * that of the benchmark or of other sections. VmHWM only grows, so the last reading before the
 * child exits is its peak (read every 20 ms).
 */
async function timedImport(casePath: string, csv: string): Promise<{ seconds: number; peakMb: number; result: { files: { rows: number; imported: number; rejected: number }[] } }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'import', casePath, csv, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let peakKb = 0;
  const timer = setInterval(() => { peakKb = Math.max(peakKb, vmHwmKb(child.pid!) ?? 0); }, 20);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => { peakKb = Math.max(peakKb, vmHwmKb(child.pid!) ?? 0); resolve(c); }));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  if (code !== 0) throw new Error(`zeromile import failed (${code}): ${stderr}`);
  return { seconds, peakMb: peakKb / 1024, result: JSON.parse(stdout) };
}

export const importBench: BenchSection = {
  name: 'import',
  async run(scale, workDir) {
    const rows = Math.round(1_000_000 * scale);
    const csv = join(workDir, `sales-${rows}.csv`);
    await writeSalesCsv(csv, rows);
    const size = statSync(csv).size;

    const baselineDb = join(workDir, 'baseline.sqlite');
    const baseStart = performance.now();
    const base = spawnSync('/usr/bin/sqlite3', [baselineDb, '.import --csv ' + csv + ' sales'], { encoding: 'utf8' });
    const baseline = (performance.now() - baseStart) / 1000;
    if (base.status !== 0) throw new Error(`sqlite3 .import failed: ${base.stderr}`);

    const casePath = join(workDir, 'bench-import.zmcase');
    const created = spawnSync(process.execPath, [CLI, 'new', casePath, '--title', 'bench'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`zeromile new failed: ${created.stderr}`);
    const { seconds, peakMb, result } = await timedImport(casePath, csv);
    const file = result.files[0]!;
    if (file.rows !== rows || file.imported + file.rejected !== rows) throw new Error(`row accounting: ${JSON.stringify(file)}`);

    const table: BenchRow[] = [
      { figure: `import ${rows.toLocaleString('en-US')} sales rows (${(size / 1_048_576).toFixed(0)} MB CSV) vs sqlite3 .import --csv`, value: seconds, unit: 's', baseline, target: 'ratio <= 3', pass: seconds / baseline <= 3 },
      { figure: 'import throughput', value: rows / seconds, unit: 'rows/s', baseline: rows / baseline, target: '-', pass: true },
      { figure: `import peak memory (VmHWM of the import process; ${file.rejected} rows rejected)`, value: peakMb, unit: 'MB', baseline: null, target: '< 400 MB', pass: peakMb < 400 },
    ];
    return table;
  },
};
