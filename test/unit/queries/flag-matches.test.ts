import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFlags } from '../../../electron/backend/queries/flag-queries';
import { statusOrderFromStored, storedFlagMatches } from '../../../electron/backend/queries/flag-matches';
import { setReviews } from '../../../electron/backend/queries/review-queries';
import { hasFlagSegments, saveFlagOrders } from '../../../electron/backend/casefile/run-flag-orders';
import { latestRunId } from '../../../electron/backend/casefile/latest-run';
import type { FlagFilter } from '../../../shared/contract/flags';
import { seededRandom } from '../../support/seeded-random';
import { createQueryFixture, type QueryFixture } from './workbench-fixture';

let fx: QueryFixture;
beforeEach(() => { fx = createQueryFixture(300); });
afterEach(() => fx.remove());

const RULES = ['early_export', 'rapid_resale', 'zero_mileage_export', 'Zero_mileage_export'];
const SEVERITIES = ['high', 'medium', 'low'];
const MAKERS = [null, 'BYD', 'byd', 'Maker 7', '长城'];
const EXPORTERS = [null, 'Exporter 1', 'Exporter 2', 'Exporter 10', ''];
const DESTINATIONS = [null, 'RU', 'KZ', 'BA', 'ru'];

/** 6,000 more flags in the latest run, with NULLs, empty text, case twins and ties in every filtered column, some already reviewed. */
function seedRun(seed: number): { runId: number; keys: string[] } {
  const db = fx.caseFile.db;
  const runId = latestRunId(db)!;
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  const insert = db.prepare(`INSERT INTO flags (run_id, rule, severity, flag_key, vin, reason, facts, maker, exporter, destination, days, km, status)
    VALUES (?, ?, ?, ?, ?, 'seeded', '{}', ?, ?, ?, ?, ?, ?)`);
  const keys: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < 6000; i++) {
      const key = `seeded:${seed}:${i}`;
      keys.push(key);
      const days = next() < 0.1 ? null : Math.floor(next() * 400) - 20;
      insert.run(runId, pick(RULES), pick(SEVERITIES), key, `LSEED${String(Math.floor(next() * 3000)).padStart(12, '0')}`, pick(MAKERS), pick(EXPORTERS),
        pick(DESTINATIONS), days, next() < 0.1 ? null : Math.round(next() * 900), next() < 0.05 ? pick(['confirmed', 'follow_up']) : 'open');
    }
  })();
  return { runId, keys };
}

/** The straightforward answer: the filter as plain SQL over the run's flags, ordered by the column then id. */
function reference(runId: number, filter: FlagFilter, col = 'id'): number[] {
  const sql = ['run_id = ?'];
  const params: unknown[] = [runId];
  for (const column of ['rule', 'status', 'severity', 'maker', 'exporter', 'destination'] as const) {
    const value = filter[column];
    if (value !== undefined && value !== '') {
      sql.push(`${column} = ?`);
      params.push(value);
    }
  }
  if (filter.days_min !== undefined) { sql.push('days >= ?'); params.push(filter.days_min); }
  if (filter.days_max !== undefined) { sql.push('days <= ?'); params.push(filter.days_max); }
  const order = col === 'id' ? 'id' : `${col}, id`;
  return fx.caseFile.db.prepare(`SELECT id FROM flags WHERE ${sql.join(' AND ')} ORDER BY ${order}`).pluck().all(...params) as number[];
}

function idsOf(matches: { low: number; bits: Uint8Array; count: number }): number[] {
  const ids: number[] = [];
  matches.bits.forEach((bit, i) => { if (bit === 1) ids.push(matches.low + i); });
  return ids;
}

/** Random filters over the stored parts: one to four of them, values present, absent or on the edges. */
function filters(seed: number, n: number): FlagFilter[] {
  const next = seededRandom(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  const out: FlagFilter[] = [{ status: 'open' }, { status: 'confirmed' }, { rule: 'rapid_resale' }, { exporter: '' }, { maker: 'nobody' }, { days_min: -20, days_max: -20 }];
  for (let i = 0; i < n; i++) {
    const f: Record<string, unknown> = {};
    if (next() < 0.5) f.rule = pick(RULES);
    if (next() < 0.4) f.severity = pick(SEVERITIES);
    if (next() < 0.3) f.maker = pick(MAKERS.filter((m) => m !== null));
    if (next() < 0.3) f.exporter = pick(EXPORTERS.filter((m) => m !== null));
    if (next() < 0.3) f.destination = pick(DESTINATIONS.filter((m) => m !== null));
    if (next() < 0.3) f.days_min = Math.floor(next() * 420) - 30;
    if (next() < 0.3) f.days_max = Math.floor(next() * 420) - 30;
    if (next() < 0.4) f.status = pick(['open', 'confirmed', 'dismissed', 'follow_up']);
    out.push(Object.keys(f).length ? (f as FlagFilter) : { severity: 'low' });
  }
  return out;
}

describe("a filter's flags from the run's stored orders (issue 15 item 5)", () => {
  it('keeps exactly the flags the plain SQL filter keeps, before and after verdicts, and the status order is SQLite\'s', () => {
    const db = fx.caseFile.db;
    const { runId, keys } = seedRun(15);
    saveFlagOrders(db, runId);
    expect(hasFlagSegments(db, runId)).toBe(true);
    const check = (label: string) => {
      for (const filter of filters(7, 60)) {
        const matches = storedFlagMatches(db, runId, filter);
        // An empty value filters nothing (as in the queue's SQL): nothing to narrow.
        if (Object.values(filter).every((v) => v === '')) {
          expect(matches).toBeNull();
          continue;
        }
        const expected = reference(runId, filter);
        expect([label, filter, matches?.count, idsOf(matches!)]).toEqual([label, filter, expected.length, expected]);
      }
      expect(Array.from(statusOrderFromStored(db, runId)!), label).toEqual(reference(runId, {}, 'status'));
    };
    check('as the run wrote them');
    const next = seededRandom(3);
    setReviews(db, keys.filter(() => next() < 0.08).map((flag_key, i) => ({ flag_key, status: (['confirmed', 'dismissed', 'follow_up', 'open'] as const)[i % 4]!, reason: 'checked' })));
    check('after verdicts');
  });

  it('answers no filter with a part it cannot read from the orders, nor a run whose orders predate segments', () => {
    const db = fx.caseFile.db;
    const { runId } = seedRun(4);
    saveFlagOrders(db, runId);
    expect(storedFlagMatches(db, runId, { rule: 'rapid_resale', vin: 'LSEED' })).toBeNull();
    expect(storedFlagMatches(db, runId, { city: '成都' })).toBeNull();
    expect(storedFlagMatches(db, runId, {})).toBeNull();
    db.prepare('UPDATE run_flag_orders SET segments = NULL').run();
    expect(hasFlagSegments(db, runId)).toBe(false);
    expect(storedFlagMatches(db, runId, { rule: 'rapid_resale' })).toBeNull();
  });

  it('gives the queue the blocks and counts of the plain SQL filter, for stored, unstored and status sorts, with and without segments', () => {
    const db = fx.caseFile.db;
    const { runId, keys } = seedRun(99);
    saveFlagOrders(db, runId);
    const compare = (label: string) => {
      for (const filter of filters(11, 12)) {
        for (const col of ['id', 'vin', 'exporter', 'days', 'status'] as const) {
          const expected = reference(runId, filter, col);
          for (const dir of ['asc', 'desc'] as const) {
            const ordered = dir === 'asc' ? expected : [...expected].reverse();
            for (const start of [0, 5_000, Math.max(0, expected.length - 60)]) {
              const block = listFlags(db, { start, end: start + 100, sort: { col, dir }, filter, count: true });
              expect([label, filter, col, dir, start, block.count, block.rows.map((r) => r.id)])
                .toEqual([label, filter, col, dir, start, expected.length, ordered.slice(start, start + 100)]);
            }
          }
        }
      }
    };
    compare('with segments');
    setReviews(db, keys.slice(0, 400).map((flag_key, i) => ({ flag_key, status: i % 2 ? 'confirmed' : 'dismissed', reason: 'checked' })));
    compare('after verdicts');
    db.prepare('UPDATE run_flag_orders SET segments = NULL').run();
    compare('orders without segments');
  });
});
