import { join } from 'node:path';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { CaseHost } from '../../electron/backend/host/case-host';
import { importFiles } from '../../electron/backend/import/import-files';
import { startWebServer } from '../../electron/backend/web/server';
import { writeVehiclesCsv } from '../unit/shell/vehicles-csv';
import type { BenchRow, BenchSection } from './bench-table';
import { readerPoolRows } from './reader-pool-bench';

function quantile(samples: number[], q: number): number {
  const sorted = samples.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * The shell's promise: the UI is answered while the case file works. Reads go to the reader
 * worker; they are timed while the writer imports a large file, against the same reads idle.
 * The browser-mode HTTP round trip is timed against a direct host call.
 */
export const shellBench: BenchSection = {
  name: 'shell',
  async run(scale, workDir) {
    const rows: BenchRow[] = [];
    const host = await CaseHost.start({ workerPath: join(import.meta.dirname, 'case-worker.mjs') });
    try {
      await host.call('case:create', { path: join(workDir, 'shell-bench.zmcase'), title: 'shell bench' });
      const idle: number[] = [];
      for (let i = 0; i < 50; i++) idle.push(await timed(() => host.call('case:current', {})));

      const csv = join(workDir, 'shell-vehicles.csv');
      const vehicles = Math.max(10_000, Math.round(100_000 * scale));
      writeVehiclesCsv(csv, vehicles);
      let done = false;
      let progress = 0;
      const off = host.onEvent((e) => {
        if (e.type === 'import-progress') progress++;
      });
      const importStart = performance.now();
      const importing = host.call('import:files', { files: [{ path: csv }] }).finally(() => {
        done = true;
      });
      while (progress === 0 && !done) await new Promise((r) => setTimeout(r, 5));
      const busy: number[] = [];
      while (!done) {
        busy.push(await timed(() => host.call('case:current', {})));
        await new Promise((r) => setTimeout(r, 20));
      }
      await importing;
      off();
      const importMs = performance.now() - importStart;
      const p95Busy = quantile(busy, 0.95);
      const p50Idle = quantile(idle, 0.5);
      rows.push({ figure: `read during import of ${vehicles.toLocaleString('en-US')} rows, p95 (${busy.length} reads)`, value: p95Busy, unit: 'ms', baseline: quantile(idle, 0.95), target: '< 100 ms', pass: busy.length > 0 && p95Busy < 100 });
      rows.push({ figure: 'read idle, median', value: p50Idle, unit: 'ms', baseline: null, target: '< 20 ms', pass: p50Idle < 20 });
      // The same file imported in this process, without a worker: what the thread hop costs.
      const direct = openCaseFile(join(workDir, 'shell-direct.zmcase'), { create: { title: 'direct' } });
      const directStart = performance.now();
      try {
        await importFiles(direct, [{ path: csv }]);
      } finally {
        direct.close();
      }
      const directRate = vehicles / ((performance.now() - directStart) / 1000);
      const workerRate = vehicles / (importMs / 1000);
      rows.push({ figure: 'import through the writer worker (baseline: in-process)', value: workerRate, unit: 'rows/s', baseline: directRate, target: 'ratio >= 0.8', pass: workerRate >= 0.8 * directRate });
    } finally {
      await host.close();
    }

    const server = await startWebServer({ workerPath: join(import.meta.dirname, 'case-worker.mjs'), rendererDir: join(import.meta.dirname, 'renderer'), dataDir: join(workDir, 'web-data'), casePath: join(workDir, 'shell-bench.zmcase') });
    try {
      const first = await fetch(server.url, { redirect: 'manual' });
      const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
      const http: number[] = [];
      const direct: number[] = [];
      for (let i = 0; i < 100; i++) {
        http.push(await timed(async () => (await fetch(`http://127.0.0.1:${server.port}/api/invoke`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: '{"name":"case:current","args":{}}' })).json()));
        direct.push(await timed(() => server.host.call('case:current', {})));
      }
      const p50 = quantile(http, 0.5);
      rows.push({ figure: 'browser mode: POST /api/invoke round trip, median', value: p50, unit: 'ms', baseline: quantile(direct, 0.5), target: '< 20 ms', pass: p50 < 20 });
    } finally {
      await server.close();
    }
    rows.push(...await readerPoolRows(workDir));
    return rows;
  },
};
