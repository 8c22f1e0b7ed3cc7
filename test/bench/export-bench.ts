import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { exportCase, writeEvidence, writeReport, type ExportFormat } from '../../electron/backend/export/print-service';
import type { BenchRow, BenchSection } from './bench-table';

const here = dirname(fileURLToPath(import.meta.url));
/** bench.ts runs bundled from dist/, beside the CLI. */
const CLI = join(here, 'cli.mjs');

function zeromile(args: string[]): { seconds: number; stdout: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`zeromile ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return { seconds: (performance.now() - started) / 1000, stdout: run.stdout };
}

/** The same records with their documents, written as CSV by the sqlite3 shell: the floor for a CSV export. */
function sqliteCsv(casePath: string, out: string): number {
  const select = ['vehicle_records', 'sales', 'registrations', 'exports', 'shipments', 'confirmations']
    .map((t) => `SELECT '${t}', r.*, d.file_name, d.sha256 FROM ${t} r JOIN documents d ON d.id = r.document_id`).join(';\n');
  const started = performance.now();
  const run = spawnSync('sqlite3', ['-readonly', '-csv', '-cmd', `.output ${out}`, casePath, select], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sqlite3 failed: ${run.stderr}`);
  return (performance.now() - started) / 1000;
}

/**
 * Exports and printing on a demo case (20,000 vehicles at full scale): each export format, the CSV
 * of every record against the sqlite3 shell writing the same rows, and an evidence sheet and the
 * case report printed to PDF through headless Chromium (its start-up included, as the CLI pays it).
 */
export const exportBench: BenchSection = {
  name: 'export',
  async run(scale, workDir) {
    const vehicles = Math.max(1000, Math.round(20_000 * scale));
    const demo = join(workDir, 'export-demo');
    const casePath = join(workDir, 'export.zmcase');
    zeromile(['demo', demo, '--vehicles', String(vehicles), '--seed', '11']);
    zeromile(['new', casePath, '--title', 'Export bench']);
    const files = readdirSync(demo).filter((f) => !f.endsWith('.json')).map((f) => join(demo, f));
    zeromile(['import', casePath, ...files]);
    zeromile(['analyze', casePath]);
    const vin = spawnSync('sqlite3', ['-readonly', casePath, "SELECT vin FROM flags WHERE rule = 'zero_mileage_export' ORDER BY id LIMIT 1"], { encoding: 'utf8' }).stdout.trim();

    // Measured in this process, so the figures are the work and not Node's start-up.
    const caseFile = openCaseFile(casePath, { readonly: true });
    const exported = async (format: ExportFormat, table?: 'records') => {
      const out = join(workDir, `export-${format}-${Math.random().toString(36).slice(2)}.${format}`);
      const started = performance.now();
      const counts = await exportCase(caseFile.db, { format, out, table, flaggedOnly: false, unmaskIds: false });
      return { seconds: (performance.now() - started) / 1000, counts, bytes: statSync(out).size };
    };
    const print = async (work: () => Promise<number>) => {
      const started = performance.now();
      await work();
      return (performance.now() - started) / 1000;
    };
    let csv, floor, ftm, ftmTwice, xlsx, graphml, evidence, report;
    try {
      csv = await exported('csv', 'records');
      floor = sqliteCsv(casePath, join(workDir, 'sqlite-records.csv'));
      ftm = await exported('ftm');
      ftmTwice = await exported('ftm');
      xlsx = await exported('xlsx');
      graphml = await exported('graphml');
      const layout = { paper: 'a4' as const, landscape: false, unmaskIds: false };
      evidence = await print(() => writeEvidence(caseFile.db, vin, join(workDir, 'evidence.pdf'), layout));
      report = await print(() => writeReport(caseFile.db, join(workDir, 'report.pdf'), layout));
    } finally {
      caseFile.close();
    }
    const entities = Object.values(ftm.counts).reduce((a, b) => a + b, 0);
    const n = vehicles.toLocaleString('en-US');
    return [
      { figure: `export csv: ${csv.counts.records?.toLocaleString('en-US')} records with sources (vs sqlite3 -csv of the same rows)`, value: csv.seconds, unit: 's', baseline: floor, target: 'ratio <= 5', pass: csv.seconds <= 5 * Math.max(floor, 0.2) },
      { figure: `export ftm: ${entities.toLocaleString('en-US')} entities of ${n} vehicles`, value: ftm.seconds, unit: 's', baseline: null, target: `< ${Math.round(60 * scale) + 10} s`, pass: ftm.seconds < 60 * scale + 10 },
      { figure: 'export ftm: entities per second', value: entities / ftm.seconds, unit: 'ent/s', baseline: null, target: '-', pass: true },
      { figure: 'export ftm: two exports the same size (deterministic)', value: ftm.bytes === ftmTwice.bytes ? 1 : 0, unit: '', baseline: null, target: '= 1', pass: ftm.bytes === ftmTwice.bytes },
      { figure: 'export xlsx: four sheets', value: xlsx.seconds, unit: 's', baseline: null, target: `< ${Math.round(120 * scale) + 10} s`, pass: xlsx.seconds < 120 * scale + 10 },
      { figure: `export graphml: ${graphml.counts.nodes?.toLocaleString('en-US')} parties, ${graphml.counts.edges?.toLocaleString('en-US')} edges`, value: graphml.seconds, unit: 's', baseline: null, target: `< ${Math.round(60 * scale) + 10} s`, pass: graphml.seconds < 60 * scale + 10 },
      { figure: 'print: evidence sheet to PDF (Chromium start included)', value: evidence, unit: 's', baseline: null, target: '< 30 s', pass: evidence < 30 },
      { figure: 'print: case report to PDF (Chromium start included)', value: report, unit: 's', baseline: null, target: '< 60 s', pass: report < 60 },
    ] satisfies BenchRow[];
  },
};
