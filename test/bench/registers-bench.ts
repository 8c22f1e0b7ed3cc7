import Database from 'better-sqlite3';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { allFactKeys, commitFacts, factDigest } from '../../electron/backend/casefile/fact-digests';
import { KeptBlockCheck, registerFromRows } from '../../electron/backend/casefile/register-digest';
import { verifyCaseFile } from '../../electron/backend/verify/verify';
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
      const kept = rowDigestCost(caseFile.db);
      caseFile.close();
      const named = namingCost(path);
      caseFile = openCaseFile(path, { check: 'none' });
      const rows: BenchRow[] = [
        { figure: `registers check before an import, nothing changed (${vehicles.toLocaleString('en-US')} vehicles; baseline: both registers hashed from their rows)`, value: keptMs, unit: 'ms', baseline: rehashMs, target: '<= 50 ms', pass: keptMs <= 50 },
        { figure: 'registers check after the schema cookie moved (the registers hashed and compared, once)', value: movedMs, unit: 'ms', baseline: rehashMs, target: 'ratio <= 2', pass: movedMs <= rehashMs * 2 },
        { figure: 'one vehicle block held to its kept digest before an import writes it (4,096 ids)', value: blockMs, unit: 'ms', baseline: null, target: '<= 25 ms', pass: blockMs <= 25 },
        ...kept, ...named,
      ];
      return rows;
    } finally {
      caseFile.close();
    }
  },
};

/**
 * What keeping each row's digest costs (row-digests.ts, packed a block to a row): every document and both registers
 * committed with their rows' digests kept, against the same digests made without keeping them
 * (what an import's commit paid before), and the size of what is kept.
 */
function rowDigestCost(db: Database.Database): BenchRow[] {
  const documents = allFactKeys(db).filter((key) => key.startsWith('document:'));
  const digestsMs = timed(() => {
    for (const key of documents) factDigest(db, key);
    registerFromRows(db, 'parties');
    registerFromRows(db, 'vehicles');
  }, 1);
  let keptMs = 0;
  db.transaction(() => {
    db.exec('DELETE FROM row_digest_blocks; DELETE FROM register_blocks');
    const clock = performance.now();
    commitFacts(db, [...documents, 'parties', 'vehicles']);
    keptMs = performance.now() - clock;
  })();
  const rows = db.prepare('SELECT coalesce(sum(length(digests)), 0) / 8 FROM row_digest_blocks').pluck().get() as number;
  const bytes = db.prepare("SELECT sum(pgsize) FROM dbstat WHERE name IN ('row_digest_blocks', 'row_digest_blocks_span')").pluck().get() as number;
  const caseBytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const mb = (n: number) => Math.round(n / 1_048_576);
  return [
    { figure: `every document and both registers committed keeping each row's digest (${rows.toLocaleString('en-US')} rows; baseline: the same digests without them)`, value: keptMs, unit: 'ms', baseline: digestsMs, target: 'ratio <= 2', pass: keptMs <= digestsMs * 2 },
    { figure: `row digests kept: ${mb(bytes)} MB of a ${mb(caseBytes)} MB case file, ${(bytes / Math.max(rows, 1)).toFixed(1)} bytes a row`, value: bytes / Math.max(caseBytes, 1) * 100, unit: '%', baseline: null, target: '<= 15 %', pass: bytes <= caseBytes * 0.15 },
  ];
}

/**
 * verify on the case as built (nothing changed), then after a sale and a vehicle edited with the
 * sqlite3 shell, the register triggers off: the rows named, against the verify that found nothing.
 */
function namingCost(path: string): BenchRow[] {
  const verify = () => {
    const cf = openCaseFile(path, { readonly: true, check: 'none' });
    try {
      return verifyCaseFile(cf.db, { skipIntegrity: true });
    } finally {
      cf.close();
    }
  };
  const clean = verify();
  execFileSync('sqlite3', [path, '.dbconfig enable_trigger off', `UPDATE sales SET price = price + 1 WHERE id = (SELECT max(id) FROM sales);
    UPDATE vehicles SET make = 'Edited' WHERE id = (SELECT id FROM vehicles ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM vehicles))`]);
  const edited = verify();
  const named = edited.problems.flatMap((p) => (p.what === 'facts' && p.changed_rows ? Object.values(p.changed_rows).flatMap((r) => r.rows.map((row) => `${row.table} ${row.id}`)) : []));
  return [
    { figure: `verify, nothing changed (${clean.fact_rows.toLocaleString('en-US')} rows at ${clean.rows_per_s.toLocaleString('en-US')} rows/s, ${clean.mb_per_s} MB/s, ${clean.problems.length} problems)`, value: clean.seconds * 1000, unit: 'ms', baseline: null, target: 'rate', pass: clean.ok },
    { figure: `verify after a sale and a vehicle edited with the triggers off (named: ${named.join(', ') || 'none'}; baseline: nothing changed)`, value: edited.seconds * 1000, unit: 'ms', baseline: clean.seconds * 1000, target: 'ratio <= 3', pass: named.length === 2 && edited.seconds <= clean.seconds * 3 },
  ];
}
