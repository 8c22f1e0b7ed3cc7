import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRules } from '../../../electron/backend/rules/runner';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';
import { flagsOf } from '../../support/flag-query';

let f: Fixture;
beforeEach(() => { f = createFixture(); });
afterEach(() => f.remove());

/** `bought` vehicles bought new by `party` on 2024-01-01; the first `exported` leave after `days` days. */
function trader(party: string, start: number, bought: number, moved: number, days: number, how: 'export' | 'sell' = 'export') {
  for (let i = 0; i < bought; i++) {
    const vin = fixtureVin(start + i);
    f.vehicle(vin, { manufacturer: 'BYD Auto' });
    f.sale({ vin, date: '2024-01-01', seller: 'BYD Auto', buyer: party, type: 'new' });
    if (i >= moved) continue;
    const date = new Date(Date.UTC(2024, 0, 1 + days)).toISOString().slice(0, 10);
    if (how === 'export') f.export({ vin, date, exporter: party });
    else f.sale({ vin, date, seller: party, buyer: 'Export House', type: 'used' });
  }
}

describe('trade_intermediary', () => {
  it('flags parties with at least 10 new vehicles and half of them exported within 180 days', () => {
    trader('Inside Co', 0, 10, 5, 180); // 10 bought, 5 (50%) at 180 days: flagged
    trader('Few Co', 100, 9, 9, 1); // only 9 bought
    trader('Slow Co', 200, 10, 5, 181); // 181 days: outside
    trader('Half Less Co', 300, 10, 4, 10); // 40%
    trader('Seller Co', 400, 10, 6, 20, 'sell'); // sold to a party that exports
    f.vehicle(fixtureVin(999));
    f.export({ vin: fixtureVin(999), date: '2024-02-01', exporter: 'Export House' });
    const { run } = runRules(f.caseFile, {});
    const flags = flagsOf(f.caseFile.db, run.id, 'trade_intermediary');
    const names = flags.map((x) => x.exporter).sort();
    expect(names).toEqual(['Inside Co', 'Seller Co']);
    const inside = flags.find((x) => x.exporter === 'Inside Co')!;
    expect(inside.vin).toBeNull();
    expect(inside.party_id).toBe(f.party('Inside Co'));
    expect(inside.flag_key).toBe(`trade_intermediary:${f.party('Inside Co')}`);
    expect(inside.reason).toBe('bought 10 vehicles new; exported or sold to an exporter 5 of them (50%) within 180 days');
    expect(inside.evidence.filter((e) => e.startsWith('sales:'))).toHaveLength(10);
    expect(inside.evidence.filter((e) => e.startsWith('exports:'))).toHaveLength(5);
    const stricter = runRules(f.caseFile, { intermediary_export_share: 0.51, intermediary_min_vehicles: 10, intermediary_max_days: 180 });
    expect(flagsOf(f.caseFile.db, stricter.run.id, 'trade_intermediary').map((x) => x.exporter)).toEqual(['Seller Co']);
  });
});
