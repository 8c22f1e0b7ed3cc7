import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasFlagSegments, loadFlagOrder, missingFlagOrders, saveFlagOrders, SEGMENTED_FLAG_SORTS, sortFlags, STORED_FLAG_SORTS } from '../../../electron/backend/casefile/run-flag-orders';
import { compareCodePoints } from '../../../electron/backend/casefile/sql-order';
import { createFixture, type Fixture } from '../../support/record-fixture';

// The queue's stored sort orders are sorted in memory from one read of the run's flags: they must
// be exactly what SQLite's ORDER BY column, id gives, whatever the values (NULLs, reals equal to
// integers, text where a number belongs, blobs, characters past U+FFFF against U+E000-U+FFFF).

let f: Fixture;
beforeEach(() => { f = createFixture(); });
afterEach(() => f.remove());

/** Park-Miller: the same values every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

function insertFlags(seed: number, count: number): number {
  const db = f.caseFile.db;
  const runId = Number(db.prepare("INSERT INTO rule_runs (started, app_version, params, status, packs) VALUES ('2026-01-01', 'test', '{}', 'done', '[]')").run().lastInsertRowid);
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const texts = ['', 'a', 'A', 'ab', 'b', 'Z', '比亚迪', '长城', '\uE000', '\uFFFD', '\u{1F697}', '\u{20000}', 'a\u{1F697}', 'a\uFFFF', 'BYD', 'byd', ' BYD'];
  const text = () => (next() < 0.15 ? null : pick(texts));
  // Blobs only in km: a segmented column's runs are JSON (the flags never hold blobs).
  const number = (blobs: boolean) => (next() < 0.1 ? null : next() < 0.1 ? pick(['x', '', '12a']) : blobs && next() < 0.05 ? Buffer.from([Math.floor(next() * 3)]) : next() < 0.5 ? Math.floor(next() * 20) : Math.floor(next() * 40) / 2);
  const insert = db.prepare(`INSERT INTO flags (id, run_id, rule, severity, flag_key, vin, reason, facts, maker, exporter, destination, days, km)
    VALUES (?, ?, ?, ?, ?, ?, '', '{}', ?, ?, ?, ?, ?)`);
  // Ids with gaps, as runs after deleted ones leave them; inserted out of order.
  const ids = Array.from({ length: count }, (_, i) => seed * 100_000 + i * 3);
  ids.sort(() => next() - 0.5);
  db.transaction(() => {
    for (const id of ids) {
      insert.run(id, runId, pick(['zero_mileage_export', 'early_export', 'rapid_resale']), pick(['high', 'medium', 'low']), `k${id}`,
        text(), text(), text(), text(), number(false), number(true));
    }
  })();
  return runId;
}

describe('stored flag orders', () => {
  it('equal SQLite\'s ORDER BY for every sort, on mixed values (seeded)', () => {
    for (const seed of [1, 7, 42]) {
      const runId = insertFlags(seed, 2_000);
      const db = f.caseFile.db;
      const orders = sortFlags(db, runId);
      for (const sort of STORED_FLAG_SORTS) {
        const bySql = db.prepare(`SELECT id FROM flags WHERE run_id = ? ORDER BY ${sort === 'id' ? 'id' : `${sort}, id`}`).pluck().all(runId);
        expect([seed, sort, Array.from(orders.get(sort)!.order)]).toEqual([seed, sort, bySql]);
        // The runs of equal values, as the queue's filters slice them (migration 012): SQLite's groups, in its order.
        const groups = SEGMENTED_FLAG_SORTS.includes(sort as never)
          ? db.prepare(`SELECT ${sort}, count(*) FROM flags WHERE run_id = ? GROUP BY ${sort} ORDER BY ${sort}`).raw().all(runId) : null;
        expect([seed, sort, orders.get(sort)!.segments]).toEqual([seed, sort, groups]);
      }
    }
  });

  it('stores only the orders missing, each equal to the sort of a full pass', () => {
    const runId = insertFlags(3, 500);
    const db = f.caseFile.db;
    saveFlagOrders(db, runId);
    const all = sortFlags(db, runId);
    db.prepare("DELETE FROM run_flag_orders WHERE sort IN ('maker', 'km')").run();
    const written: string[] = [];
    saveFlagOrders(db, runId, () => { written.push('step'); });
    expect(written).toHaveLength(2);
    for (const sort of STORED_FLAG_SORTS) expect(Array.from(loadFlagOrder(db, runId, sort)!)).toEqual(Array.from(all.get(sort)!.order));
    // Orders stored before their runs of equal values were kept (migration 012) are stored again, with them.
    db.prepare("UPDATE run_flag_orders SET segments = NULL WHERE sort IN ('rule', 'days')").run();
    expect(missingFlagOrders(db, runId)).toEqual(['rule', 'days']);
    saveFlagOrders(db, runId);
    expect(hasFlagSegments(db, runId)).toBe(true);
    expect(missingFlagOrders(db, runId)).toEqual([]);
  });

  it('compares text by code point, as SQLite compares UTF-8 bytes', () => {
    const texts = ['\u{1F697}', '\uFFFF', '\uE000', '\uD7FF', 'a', '', '\u{10000}', '\u{10FFFF}'];
    const byBytes = [...texts].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...texts].sort(compareCodePoints)).toEqual(byBytes);
  });
});
