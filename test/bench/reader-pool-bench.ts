import { join } from 'node:path';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { CaseHost, readerCount } from '../../electron/backend/host/case-host';
import { runRules } from '../../electron/backend/rules/runner';
import type { BenchRow } from './bench-table';
import { writeRulesBenchCase } from './rules-bench-case';

/** Flag-queue blocks asked for, one after another, while `slow` runs; their times. */
async function blocksDuring(host: CaseHost, slow: () => Promise<unknown>): Promise<{ blocks: number[]; slowMs: number }> {
  const blocks: number[] = [];
  let done = false;
  const started = performance.now();
  const running = slow().finally(() => { done = true; });
  // The slow read is asked for first; the queue's first block right after it, as a user opening the queue.
  while (!done || blocks.length === 0) {
    const asked = performance.now();
    const block = await host.call('flags:list', { start: 0, end: 100, count: blocks.length === 0 });
    if (!block.ok) throw new Error(block.error.message);
    blocks.push(performance.now() - asked);
  }
  await running;
  return { blocks, slowMs: performance.now() - started };
}

/**
 * Issue 15: a flag queue opened just after the overview waited for it (12.9 s at province
 * scale). The first flag-queue block asked for while heavy reads run (an XLSX export of the case and
 * the overview), with the host's reader pool, against the same with one reader (every read behind
 * the others), in the same run.
 */
export async function readerPoolRows(workDir: string): Promise<BenchRow[]> {
  const vehicles = 10_000;
  const path = join(workDir, 'reader-pool.zmcase');
  const caseFile = openCaseFile(path, { create: { title: 'reader pool' } });
  try {
    writeRulesBenchCase(caseFile.db, vehicles);
    await runRules(caseFile, {}).checkpoint;
  } finally {
    caseFile.close();
  }
  const measure = async (readers: number) => {
    const host = await CaseHost.start({ workerPath: join(import.meta.dirname, 'case-worker.mjs'), readers });
    try {
      await host.call('case:open', { path });
      // Every reader warm (reads at once spread over the readers), so only the waiting is timed.
      await Promise.all(Array.from({ length: readers }, () => host.call('flags:list', { start: 0, end: 100, count: true })));
      return await blocksDuring(host, () => Promise.all([
        host.call('export:file', { format: 'xlsx', path: join(workDir, `reader-pool-${readers}.xlsx`) }),
        host.call('overview:get', {}),
      ]));
    } finally {
      await host.close();
    }
  };
  const pool = readerCount();
  const one = await measure(1);
  const many = await measure(pool);
  const first = many.blocks[0]!;
  return [
    {
      figure: `first flag-queue block while an XLSX export and the overview run (${vehicles.toLocaleString('en-US')} vehicles; ${pool} readers, baseline: 1 reader)`,
      value: first, unit: 'ms', baseline: one.blocks[0]!, target: '< 300 ms', pass: first < 300,
    },
    { figure: `  the export and the overview meanwhile (${pool} readers; baseline: 1 reader)`, value: many.slowMs, unit: 'ms', baseline: one.slowMs, target: 'info', pass: true },
  ];
}
