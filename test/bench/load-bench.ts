import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { listFlags } from '../../electron/backend/queries/flag-queries';
import { listVehicles } from '../../electron/backend/queries/table-grids';
import { runRules } from '../../electron/backend/rules/runner';
import type { BenchRow, BenchSection } from './bench-table';
import { writeRulesBenchCase } from './rules-bench-case';
import { writeSalesCsv } from './sales-csv';

const here = dirname(fileURLToPath(import.meta.url));
/** bench.ts runs bundled from dist/, beside the CLI. */
const CLI = join(here, 'cli.mjs');
const TARGET_MS = 200;

type Stats = { p50: number; p95: number; max: number; n: number };

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0, n: sorted.length };
}

/**
 * Grid blocks on a second connection while `zeromile import` writes a 1,000,000-row file into
 * the same case file in another process (the app's reader worker beside its writer): the
 * vehicles grid sorted by maker and the flag queue sorted by days, first 100 rows each, against
 * the same blocks on an idle case. One block every 50 ms for the whole import.
 */
export const loadBench: BenchSection = {
  name: 'load',
  async run(scale, workDir) {
    const vehicles = Math.round(1_000_000 * scale);
    const rows = Math.round(1_000_000 * scale);
    const casePath = join(workDir, 'load-bench.zmcase');
    const writer = openCaseFile(casePath, { create: { title: 'load bench' } });
    writeRulesBenchCase(writer.db, vehicles);
    runRules(writer, {});
    writer.db.exec('ANALYZE');
    writer.close();
    const csv = join(workDir, `load-sales-${rows}.csv`);
    await writeSalesCsv(csv, rows, 88);

    // The reader, as the app's reader worker opens it (read-only, its own connection).
    const reader = openCaseFile(casePath, { readonly: true, check: 'none' });
    const vehicleBlock = () => listVehicles(reader.db, { start: 0, end: 100, sort: { col: 'maker', dir: 'desc' } });
    const flagBlock = () => listFlags(reader.db, { start: 0, end: 100, sort: { col: 'days', dir: 'desc' } });
    const timeOf = (fn: () => unknown) => { const t = performance.now(); fn(); return performance.now() - t; };
    const idle = { vehicles: [] as number[], flags: [] as number[] };
    for (let i = 0; i < 100; i++) {
      idle.vehicles.push(timeOf(vehicleBlock));
      idle.flags.push(timeOf(flagBlock));
    }

    const busy = { vehicles: [] as number[], flags: [] as number[] };
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'import', casePath, csv, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    let exitCode: number | null | undefined;
    // 'close': its output is all read by then.
    child.on('close', (code) => { exitCode = code; });
    // Start measuring once the import is under way (the CLI has loaded and opened the case).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    while (exitCode === undefined) {
      busy.vehicles.push(timeOf(vehicleBlock));
      busy.flags.push(timeOf(flagBlock));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const importSeconds = (performance.now() - started) / 1000;
    reader.close();
    if (exitCode !== 0) throw new Error(`zeromile import failed (${exitCode}): ${stderr}`);
    const file = (JSON.parse(stdout) as { files: { rows: number; imported: number }[] }).files[0]!;
    process.stderr.write(`bench: load: ${vehicles} vehicles; import of ${file.rows} rows took ${importSeconds.toFixed(1)} s; ${busy.vehicles.length} block pairs during it\n`);

    const figures: BenchRow[] = [];
    for (const [label, idleSamples, busySamples] of [['vehicles grid (maker desc)', idle.vehicles, busy.vehicles], ['flag queue (days desc)', idle.flags, busy.flags]] as const) {
      const a = stats(idleSamples);
      const b = stats(busySamples);
      figures.push(
        { figure: `${label}: first block during a ${rows}-row import, p50`, value: b.p50, unit: 'ms', baseline: a.p50, target: `< ${TARGET_MS} ms`, pass: b.p50 < TARGET_MS },
        { figure: `${label}: first block during the import, p95 (${b.n} blocks)`, value: b.p95, unit: 'ms', baseline: a.p95, target: `< ${TARGET_MS} ms`, pass: b.p95 < TARGET_MS },
        { figure: `${label}: first block during the import, max`, value: b.max, unit: 'ms', baseline: a.max, target: `< ${TARGET_MS} ms`, pass: b.max < TARGET_MS },
      );
    }
    figures.push({ figure: `import of ${file.rows} rows beside the readers (${file.imported} imported)`, value: importSeconds, unit: 's', baseline: null, target: 'completes', pass: file.rows === rows });
    return figures;
  },
};
