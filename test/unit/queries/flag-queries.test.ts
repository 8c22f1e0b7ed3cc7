import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLAG_SORT_COLUMNS, type FlagRow } from '../../../shared/contract/flags';
import { flagBlock, listFlags } from '../../../electron/backend/queries/flag-queries';
import { FLAG_GRID, flagWhere } from '../../../electron/backend/queries/flag-queries';
import { blockSql, countSql } from '../../../electron/backend/queries/grid-query';
import { boundarySql, keysetBlock, keysetSql } from '../../../electron/backend/queries/keyset';
import { setReview } from '../../../electron/backend/queries/review-queries';
import { loadFlagOrder, saveFlagOrders } from '../../../electron/backend/casefile/run-flag-orders';
import type { FlagFilter } from '../../../shared/contract/flags';
import type { GridSort } from '../../../shared/contract/grids';
import { createQueryFixture, type QueryFixture } from './workbench-fixture';
import { latestRunId } from '../../../electron/backend/casefile/latest-run';

let fx: QueryFixture;
beforeEach(() => { fx = createQueryFixture(300); });
afterEach(() => fx.remove());

/** SQLite's order for the same column: NULLs first ascending, ties by id. */
function compare(col: Exclude<keyof FlagRow, 'pack_removed'>, dir: 'asc' | 'desc') {
  return (a: FlagRow, b: FlagRow) => {
    const x = a[col]; const y = b[col];
    let c = 0;
    if (x === null && y !== null) c = -1;
    else if (x !== null && y === null) c = 1;
    else if (x !== null && y !== null) c = x < y ? -1 : x > y ? 1 : 0;
    if (c === 0) c = a.id - b.id;
    return dir === 'asc' ? c : -c;
  };
}

describe('flag queue query', () => {
  it('serves the latest run, in blocks, with the exact count', () => {
    const runId = latestRunId(fx.caseFile.db);
    const first = listFlags(fx.caseFile.db, { start: 0, end: 100, count: true });
    expect(first.run_id).toBe(runId);
    expect(first.count).toBe(300);
    expect(first.rows).toHaveLength(100);
    expect(first.rows.every((r) => r.run_id === runId)).toBe(true);
    const last = listFlags(fx.caseFile.db, { start: 250, end: 350 });
    expect(last.rows).toHaveLength(50);
    expect(last.count).toBeNull();
  });

  it.each(FLAG_SORT_COLUMNS.flatMap((col) => [[col, 'asc'], [col, 'desc']] as const))('sorts by %s %s in SQL', (col, dir) => {
    const all = listFlags(fx.caseFile.db, { start: 0, end: 1000, sort: { col, dir } }).rows;
    expect(all).toHaveLength(300);
    expect(all.map((r) => r.id)).toEqual([...all].sort(compare(col, dir)).map((r) => r.id));
    // Blocks concatenate to the whole ordering.
    const blocks = [0, 100, 200].flatMap((start) => listFlags(fx.caseFile.db, { start, end: start + 100, sort: { col, dir } }).rows);
    expect(blocks.map((r) => r.id)).toEqual(all.map((r) => r.id));
  });

  it('filters by rule, status, destination, VIN prefix and days, and counts exactly', () => {
    const db = fx.caseFile.db;
    const all = listFlags(db, { start: 0, end: 1000 }).rows;
    const byRule = listFlags(db, { start: 0, end: 1000, count: true, filter: { rule: 'rapid_resale' } });
    expect(byRule.count).toBe(all.filter((r) => r.rule === 'rapid_resale').length);
    expect(byRule.rows.every((r) => r.rule === 'rapid_resale')).toBe(true);
    const combined = listFlags(db, { start: 0, end: 1000, count: true, filter: { destination: 'KZ', days_min: 50, days_max: 120 } });
    expect(combined.count).toBe(all.filter((r) => r.destination === 'KZ' && r.days !== null && r.days >= 50 && r.days <= 120).length);
    expect(combined.count).toBeGreaterThan(0);
    const vin = all[0]!.vin!;
    const byVin = listFlags(db, { start: 0, end: 1000, count: true, filter: { vin: vin.slice(0, 16).toLowerCase() } });
    expect(byVin.rows.every((r) => r.vin!.startsWith(vin.slice(0, 16)))).toBe(true);
    expect(byVin.count).toBe(all.filter((r) => r.vin!.startsWith(vin.slice(0, 16))).length);
    expect(listFlags(db, { start: 0, end: 10, count: true, filter: { status: 'dismissed' } }).count).toBe(0);
  });

  it('filters by the month of export and the city of first registration (the overview bars)', () => {
    const db = fx.caseFile.db;
    const all = listFlags(db, { start: 0, end: 1000 }).rows;
    // The fixture exports vehicle n in month 04, 05 or 06 (n % 3) and registers it in Xi'an when n % 3 is 0.
    const vinsWhere = (keep: (n: number) => boolean) => new Set(fx.vins.filter((_, n) => keep(n)));
    const may = vinsWhere((n) => n % 3 === 1);
    const byMonth = listFlags(db, { start: 0, end: 1000, count: true, filter: { export_month: '2024-05' } });
    expect(byMonth.count).toBe(all.filter((r) => may.has(r.vin!)).length);
    expect(byMonth.rows.every((r) => may.has(r.vin!))).toBe(true);
    expect(byMonth.count).toBeGreaterThan(0);
    const xian = vinsWhere((n) => n % 3 === 0);
    const byCity = listFlags(db, { start: 0, end: 1000, count: true, filter: { city: "Xi'an", rule: 'rapid_resale' } });
    expect(byCity.count).toBe(all.filter((r) => xian.has(r.vin!) && r.rule === 'rapid_resale').length);
    expect(byCity.count).toBeGreaterThan(0);
    expect(listFlags(db, { start: 0, end: 10, count: true, filter: { export_month: '2023-01' } }).count).toBe(0);
  });

  it('refuses a sort column outside the allowlist (no SQL from the request)', () => {
    expect(() => listFlags(fx.caseFile.db, { start: 0, end: 10, sort: { col: 'reason', dir: 'asc' } })).toThrow(/Cannot sort by "reason"/);
    expect(() => listFlags(fx.caseFile.db, { start: 0, end: 10, sort: { col: 'id; DROP TABLE flags', dir: 'asc' } })).toThrow(/Cannot sort/);
    // Issue 17 item 9: names an object lookup finds on Object.prototype are refused the same way.
    for (const col of ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty']) {
      expect(() => listFlags(fx.caseFile.db, { start: 0, end: 10, sort: { col, dir: 'asc' } }), col).toThrow(`Cannot sort by "${col}"`);
    }
    expect(listFlags(fx.caseFile.db, { start: 0, end: 1, count: true }).count).toBe(300);
  });

  // One covering index (flags_run) instead of an index per sort column, which made every flag
  // written by a rule run cost a random insert per column: a block sorts the run's narrow index
  // entries (never the wide rows) and then reads its rows by id. The id order needs no sort at all.
  it('picks every block from a covering index and reads only its rows (EXPLAIN QUERY PLAN)', () => {
    const db = fx.caseFile.db;
    db.exec('ANALYZE');
    for (const col of FLAG_SORT_COLUMNS) {
      for (const filter of [{}, { rule: 'zero_mileage_export' as const }, { status: 'open' as const }, { vin: 'LGX' }, { destination: 'KZ', days_min: 5 }]) {
        const sort = { col, dir: 'desc' as const };
        const { spec, where: w } = flagBlock(1, filter, sort);
        const rows = db.prepare(`EXPLAIN QUERY PLAN ${blockSql(spec, w, sort)}`).all(...w.params, 100, 0) as { id: number; parent: number; detail: string }[];
        const plan = rows.map((p) => p.detail).join(' | ');
        // The id pick: the rows under the LIST SUBQUERY node.
        const inner = new Set(rows.filter((r) => r.detail.startsWith('LIST SUBQUERY')).map((r) => r.id));
        for (const r of rows) if (inner.has(r.parent)) inner.add(r.id);
        const pick = rows.filter((r) => inner.has(r.id) && !r.detail.startsWith('LIST SUBQUERY')).map((r) => r.detail).join(' | ');
        const label = `${col} ${JSON.stringify(filter)}: ${plan}`;
        expect(pick, label).toMatch(/^SEARCH flags USING COVERING INDEX flags_(run|run_days|run_rule|run_status|vin) \((run_id=\?|run_id=\? AND (rule|status)=\?|vin>\? AND vin<\?)\)/);
        expect(plan, label).toMatch(/SEARCH flags USING INTEGER PRIMARY KEY \(rowid=\?\)/);
        expect(plan, label).not.toMatch(/SCAN flags/);
        // The whole run by id or by days: an index walk, no sort at all.
        if ((col === 'id' || col === 'days') && Object.keys(filter).length === 0) expect(pick, label).not.toMatch(/TEMP B-TREE/);
        if (col === 'days' && Object.keys(filter).length === 0) expect(pick, label).toMatch(/flags_run_days/);
        if (col === 'status' && (Object.keys(filter).length === 0 || 'status' in filter)) expect(pick, label).toMatch(/flags_run_status \(run_id=\?( AND status=\?)?\)$/);
        if (col === 'id' && 'rule' in filter) expect(pick, label).toMatch(/flags_run_rule \(run_id=\? AND rule=\?\)/);
        // The count reads a covering index too, never the rows.
        const count = flagBlock(1, filter, sort).count;
        const countPlan = (db.prepare(`EXPLAIN QUERY PLAN ${countSql(count.spec, count.where)}`).all(...count.where.params) as { detail: string }[])
          .map((r) => r.detail).join(' | ');
        expect(countPlan, label).toMatch(/USING COVERING INDEX flags_(run|run_days|run_rule|run_status|vin) /);
      }
    }
  });
});

describe('deep blocks (issue 15 item 4)', () => {
  /**
   * 12,000 more flags in the run, with NULLs and ties in every sortable column, so blocks past
   * KEYSET_FROM take the kept order; every block is checked against OFFSET's rows.
   */
  function deepQueue(): { db: QueryFixture['caseFile']['db']; runId: number; byOffset: (filter: FlagFilter, sort: GridSort, start: number, end: number) => number[] } {
    const db = fx.caseFile.db;
    const runId = latestRunId(db)!;
    db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
      INSERT INTO flags (run_id, rule, severity, flag_key, vin, reason, facts, maker, exporter, destination, days, km, status)
      SELECT ?, CASE i % 3 WHEN 0 THEN 'early_export' WHEN 1 THEN 'rapid_resale' ELSE 'zero_mileage_export' END,
        CASE i % 4 WHEN 0 THEN 'high' WHEN 1 THEN 'medium' ELSE 'low' END, 'deep:' || i,
        CASE WHEN i % 17 = 0 THEN NULL ELSE printf('LDEEP%012d', (i * 7919) % 12000) END, 'deep', '{}',
        CASE WHEN i % 5 = 0 THEN NULL ELSE 'Maker ' || (i % 7) END, CASE WHEN i % 11 = 0 THEN NULL ELSE 'Exporter ' || (i % 13) END,
        CASE WHEN i % 9 = 0 THEN NULL ELSE char(65 + i % 20, 65 + i % 3) END, CASE WHEN i % 6 = 0 THEN NULL ELSE i % 400 END,
        CASE WHEN i % 8 = 0 THEN NULL ELSE (i % 900) * 1.5 END, CASE i % 5 WHEN 0 THEN 'confirmed' ELSE 'open' END FROM n`).run(runId);
    const byOffset = (filter: FlagFilter, sort: GridSort, start: number, end: number) => {
      const w = flagWhere(runId, filter);
      return (db.prepare(blockSql(FLAG_GRID, w, sort)).all(...w.params, end - start, start) as { id: number }[]).map((r) => r.id);
    };
    return { db, runId, byOffset };
  }

  const BLOCKS = [[0, 100], [6_200, 6_300], [9_000, 9_100], [12_250, 12_350], [12_400, 12_500]] as const;

  it('gives exactly the rows OFFSET gives, for every sort both ways, sorted on request and from the stored orders', () => {
    const { db, runId, byOffset } = deepQueue();
    const check = (label: string) => {
      for (const col of FLAG_SORT_COLUMNS) {
        for (const dir of ['asc', 'desc'] as const) {
          const sort = { col, dir };
          for (const [start, end] of BLOCKS) {
            const block = listFlags(db, { start, end, sort, count: true });
            expect(block.count).toBe(12_300);
            expect([label, col, dir, start, block.rows.map((r) => r.id)]).toEqual([label, col, dir, start, byOffset({}, sort, start, Math.min(end, 12_300))]);
          }
        }
      }
    };
    check('sorted on request');
    saveFlagOrders(db, runId);
    expect(loadFlagOrder(db, runId, 'vin')!.length).toBe(12_300);
    check('stored orders');
  });

  it('narrows a stored order to a filter, and a verdict moves a flag between status blocks at once', () => {
    const { db, runId, byOffset } = deepQueue();
    saveFlagOrders(db, runId);
    const filters: FlagFilter[] = [{ status: 'open' }, { rule: 'rapid_resale' }, { maker: 'Maker 3', destination: 'BA' }, { severity: 'low', days_min: 100 }];
    const compareAll = (label: string) => {
      for (const filter of filters) {
        const total = listFlags(db, { start: 0, end: 1, count: true, filter }).count!;
        for (const col of ['vin', 'exporter', 'km', 'status'] as const) {
          for (const dir of ['asc', 'desc'] as const) {
            const sort = { col, dir };
            for (const start of [0, Math.max(0, total - 50), 5_000, 6_000]) {
              const block = listFlags(db, { start, end: start + 100, sort, filter, count: true });
              expect(block.count, label).toBe(total);
              expect([label, filter, col, dir, start, block.rows.map((r) => r.id)]).toEqual([label, filter, col, dir, start, byOffset(filter, sort, start, Math.min(start + 100, total))]);
            }
          }
        }
      }
    };
    compareAll('before the verdict');
    const open = listFlags(db, { start: 6_000, end: 6_001, sort: { col: 'vin', dir: 'asc' }, filter: { status: 'open' } }).rows[0]!;
    setReview(db, { flag_key: open.flag_key, status: 'dismissed', reason: 'checked' });
    compareAll('after the verdict');
    expect(listFlags(db, { start: 6_000, end: 6_001, sort: { col: 'vin', dir: 'asc' }, filter: { status: 'open' } }).rows[0]!.id).not.toBe(open.id);
  });

  it('reads a grid longer than the kept orders from boundary keys (keyset), with the rows OFFSET gives', () => {
    const { db, runId, byOffset } = deepQueue();
    for (const col of ['vin', 'km', 'id', 'days'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const sort = { col, dir };
        const plan = flagBlock(runId, {}, sort);
        for (const [start, end] of BLOCKS) {
          // orderMax below the run's flags: only every STRIDE-th key is kept.
          const block = keysetBlock(db, plan.spec, plan.where, sort, { start, end }, { orderMax: 2_000 })!;
          expect(block.count).toBe(12_300);
          expect([col, dir, start, block.raw.map((r) => r.id)]).toEqual([col, dir, start, byOffset({}, sort, start, Math.min(end, 12_300))]);
        }
      }
    }
  });

  it('plans each read from a boundary and each sorted pass over covering indexes (EXPLAIN QUERY PLAN)', () => {
    const db = fx.caseFile.db;
    for (const col of FLAG_SORT_COLUMNS) {
      for (const filter of [{}, { rule: 'zero_mileage_export' as const }, { status: 'open' as const }]) {
        const plan = flagBlock(1, filter, { col, dir: 'asc' });
        const plans = [
          keysetSql(plan.spec, plan.where, { col, dir: 'asc' }, { key: col === 'id' ? null : 'X', id: 5 }),
          keysetSql(plan.spec, plan.where, { col, dir: 'asc' }, { key: null, id: 5 }),
          { sql: boundarySql(plan.spec, plan.where, { col, dir: 'asc' }), params: plan.where.params, limit: false },
        ].map((q) => (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params, ...('limit' in q ? [] : [100, 0])) as { detail: string }[]).map((r) => r.detail).join(' | '));
        for (const p of plans) {
          expect(p, `${col} ${JSON.stringify(filter)}`).toMatch(/USING COVERING INDEX flags_run/);
          expect(p, `${col} ${JSON.stringify(filter)}`).not.toMatch(/SCAN flags/);
        }
      }
    }
  });
});
