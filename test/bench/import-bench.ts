import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSection } from './bench-table';
import { writeSalesCsv } from './sales-csv';

const here = dirname(fileURLToPath(import.meta.url));
/** bench.ts runs bundled from dist/, beside the CLI. */
const CLI = join(here, 'cli.mjs');
const RUNNER = join(here, 'import-runner.mjs');
const FLOOR_RUNNER = join(here, 'writer-floor-runner.mjs');

/** Bundles a runner (test/bench/NAME.ts) beside the CLI (dependencies stay external, as in build.mjs). */
async function buildRunner(name: string): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(here, '..', 'test', 'bench', `${name}.ts`)], outfile: join(here, `${name}.mjs`), bundle: true, platform: 'node', target: 'node20', format: 'esm',
    packages: 'external', logLevel: 'warning',
    banner: { js: "import { createRequire as __zmCreateRequire } from 'node:module'; const require = __zmCreateRequire(import.meta.url);" },
  });
}

type FloorOutput = { records: number; seconds: { insert: number; bytes: number; indexes: number; vehicles: number; commit: number } };

/** writer-floor-runner.ts in a process of its own: the import's SQLite work alone, on the records just imported. */
function writerFloor(casePath: string, floorCase: string, csv: string): FloorOutput {
  const run = spawnSync(process.execPath, [FLOOR_RUNNER, casePath, floorCase, csv], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`the writer floor failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as FloorOutput;
}

function vmHwmKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Runs the import in a child process (import-runner.ts: importFiles and nothing else), so its peak
 * memory is its own and not that of the benchmark, of other sections or of CLI modules it does not use. VmHWM only grows, so the last reading before the
 * child exits is its peak (read every 20 ms).
 */
type RunnerOutput = {
  seconds: number;
  /** Seconds from the runner's start at which each step began. */
  steps: { opened: number; finishing: number; done: number; returned: number; closed: number };
  /** The WAL checkpoint after the import, on its own thread. */
  checkpoint: { ms: number; ok: boolean; message?: string } | null;
  result: { rows: number; imported: number; rejected: number; refused: unknown };
};

type TimedImport = { seconds: number; peakMb: number; steps: RunnerOutput['steps']; checkpoint: RunnerOutput['checkpoint']; result: RunnerOutput['result'] };

async function timedImport(casePath: string, csv: string): Promise<TimedImport> {
  const started = performance.now();
  const child = spawn(process.execPath, [RUNNER, casePath, csv], { stdio: ['ignore', 'pipe', 'pipe'] });
  let peakKb = 0;
  const timer = setInterval(() => { peakKb = Math.max(peakKb, vmHwmKb(child.pid!) ?? 0); }, 20);
  let stdout = '';
  let stderr = '';
  let returned = 0;
  child.stdout.on('data', (d) => {
    stdout += d;
    if (returned === 0 && stdout.startsWith('returned\n')) returned = performance.now();
  });
  child.stderr.on('data', (d) => { stderr += d; });
  child.on('exit', () => { peakKb = Math.max(peakKb, vmHwmKb(child.pid!) ?? 0); });
  // 'close': the output is all read by then.
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearInterval(timer);
  if (code !== 0 || returned === 0) throw new Error(`the import failed (${code}): ${stderr}`);
  // From the child's start (start-up included, as the sqlite3 shell's) until importFiles returned
  // with the file committed; the checkpoint that follows on its own thread is reported apart.
  const seconds = (returned - started) / 1000;
  const output = JSON.parse(stdout.slice('returned\n'.length)) as RunnerOutput;
  return { seconds, peakMb: peakKb / 1024, steps: output.steps, checkpoint: output.checkpoint, result: output.result };
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
    await buildRunner('import-runner');
    await buildRunner('writer-floor-runner');
    const { seconds, peakMb, steps, checkpoint, result: file } = await timedImport(casePath, csv);
    if (!checkpoint?.ok) throw new Error(`the checkpoint after the import failed: ${checkpoint?.message ?? 'it did not run'}`);
    if (file.rows !== rows || file.imported + file.rejected !== rows) throw new Error(`row accounting: ${JSON.stringify(file)}`);

    const floor = writerFloor(casePath, join(workDir, 'writer-floor.zmcase'), csv);
    const f = floor.seconds;
    const floorSeconds = f.insert + f.bytes + f.indexes + f.vehicles + f.commit;

    const table: BenchRow[] = [
      { figure: `import ${rows.toLocaleString('en-US')} sales rows (${(size / 1_048_576).toFixed(0)} MB CSV) vs sqlite3 .import --csv`, value: seconds, unit: 's', baseline, target: 'ratio <= 3', pass: seconds / baseline <= 3 },
      { figure: 'import throughput', value: rows / seconds, unit: 'rows/s', baseline: rows / baseline, target: '-', pass: true },
      { figure: `import peak memory (VmHWM of the import process; ${file.rejected} rows rejected)`, value: peakMb, unit: 'MB', baseline: null, target: '< 400 MB', pass: peakMb < 400 },
      // Where the time goes: hashing and reading, validating and writing rows, then what follows the last row.
      { figure: '  of which: hash the file, read, validate and write every row', value: steps.finishing - steps.opened, unit: 's', baseline: null, target: '-', pass: true },
      { figure: '  of which: store the original bytes, rebuild the bulk load\'s indexes, register vehicles', value: steps.done - steps.finishing, unit: 's', baseline: null, target: '-', pass: true },
      { figure: '  of which: commit, process start', value: seconds - (steps.done - steps.opened), unit: 's', baseline: null, target: '-', pass: true },
      // SQLite has one writer: this much of the import is serial whatever the reading thread does.
      {
        figure: `the import's SQLite work alone, records prebuilt in memory (insert ${f.insert.toFixed(1)}, bytes ${f.bytes.toFixed(1)}, indexes ${f.indexes.toFixed(1)}, vehicles ${f.vehicles.toFixed(1)}, commit ${f.commit.toFixed(1)} s)`,
        value: floorSeconds, unit: 's', baseline, target: '-', pass: true,
      },
      { figure: 'WAL checkpoint after the import (own thread, not counted above)', value: checkpoint.ms / 1000, unit: 's', baseline: null, target: '-', pass: true },
    ];
    return table;
  },
};
