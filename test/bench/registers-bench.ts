import Database from 'better-sqlite3';
import { join } from 'node:path';
import { KeptBlockCheck, registerFromRows } from '../../electron/backend/casefile/register-digest';
import { registersChangedOutside } from '../../electron/backend/casefile/register-outside';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import type { BenchRow, BenchSection } from './bench-table';
import { auditBenchImports, openRulesBenchCase } from './rules-bench-case';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timed(f: () => unknown, times: number): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const clock = performance.now();
    f();
    ms.push(performance.now() - clock);
  }
  return median(ms);
}

/**
 * What an import or an accepted proposed record pays before it writes the registers, on the rules
 * bench's case (1,000,000 vehicles): the check that they are still the rows last committed
 * (register-outside.ts: the kept block digests and the schema cookie), the same after the cookie
 * moved (a VACUUM, a trigger dropped and created again: the registers hashed from their rows), and
 * one block held to its kept digest (register-writes.ts). Baseline: both registers hashed from
 * every row in the same run, what the check would cost without the kept digests.
 */
export const registersBench: BenchSection = {
  name: 'registers',
  async run(scale, workDir) {
    const vehicles = Math.round(1_000_000 * scale);
    const path = join(workDir, 'registers-bench.zmcase');
    let { caseFile } = openRulesBenchCase(path, vehicles);
    try {
      auditBenchImports(caseFile.db); // the registers committed, as an import does, and their block digests kept
      const db = () => caseFile.db;
      const rehashMs = timed(() => { registerFromRows(db(), 'parties'); registerFromRows(db(), 'vehicles'); }, 3);
      const keptMs = timed(() => registersChangedOutside(db()), 5);
      const check = new KeptBlockCheck(db());
      const blocks = db().prepare("SELECT block FROM register_blocks WHERE tbl = 'vehicles' ORDER BY block").pluck().all() as number[];
      const sample = blocks.filter((_, i) => i % Math.max(1, Math.floor(blocks.length / 20)) === 0);
      const blockMs = timed(() => { for (const b of sample) check.differing('vehicles', b); }, 3) / Math.max(1, sample.length);
      // The cookie moved by another connection, as the sqlite3 shell would: a trigger dropped and created again.
      caseFile.close();
      const raw = new Database(path);
      const sql = raw.prepare("SELECT sql FROM sqlite_schema WHERE name = 'register_blocks_vehicles_update'").pluck().get() as string;
      raw.exec(`DROP TRIGGER register_blocks_vehicles_update; ${sql}`);
      raw.close();
      caseFile = openCaseFile(path, { check: 'none' });
      const movedMs = timed(() => registersChangedOutside(caseFile.db), 1);
      const rows: BenchRow[] = [
        { figure: `registers check before an import, nothing changed (${vehicles.toLocaleString('en-US')} vehicles; baseline: both registers hashed from their rows)`, value: keptMs, unit: 'ms', baseline: rehashMs, target: '<= 50 ms', pass: keptMs <= 50 },
        { figure: 'registers check after the schema cookie moved (the registers hashed and compared, once)', value: movedMs, unit: 'ms', baseline: rehashMs, target: 'ratio <= 2', pass: movedMs <= rehashMs * 2 },
        { figure: 'one vehicle block held to its kept digest before an import writes it (4,096 ids)', value: blockMs, unit: 'ms', baseline: null, target: '<= 25 ms', pass: blockMs <= 25 },
      ];
      return rows;
    } finally {
      caseFile.close();
    }
  },
};
