import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRules } from '../../../electron/backend/rules/runner';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';
import { flagsOf, flaggedVins } from '../../support/flag-query';

let f: Fixture;
beforeEach(() => { f = createFixture(); });
afterEach(() => f.remove());
const V = (n: number) => fixtureVin(n);
const MAKER = 'BYD Auto';

describe('rapid_resale', () => {
  it('flags two non-maker sales at most 30 days apart, ignoring the maker sale', () => {
    for (const n of [1, 2, 3, 4]) f.vehicle(V(n), { manufacturer: MAKER });
    // 1: dealer -> trader -> exporter, 30 days apart: inside
    f.sale({ vin: V(1), date: '2024-01-01', seller: MAKER, buyer: 'Dealer' });
    f.sale({ vin: V(1), date: '2024-01-05', seller: 'Dealer', buyer: 'Trader' });
    f.sale({ vin: V(1), date: '2024-02-04', seller: 'Trader', buyer: 'Exporter', type: 'used' });
    // 2: 31 days apart: outside
    f.sale({ vin: V(2), date: '2024-01-05', seller: 'Dealer', buyer: 'Trader' });
    f.sale({ vin: V(2), date: '2024-02-05', seller: 'Trader', buyer: 'Exporter' });
    // 3: maker sale then one resale two days later: only one non-maker sale
    f.sale({ vin: V(3), date: '2024-01-01', seller: MAKER, buyer: 'Dealer' });
    f.sale({ vin: V(3), date: '2024-01-03', seller: 'Dealer', buyer: 'Trader' });
    // 4: several sales on one day
    f.sale({ vin: V(4), date: '2024-03-01', seller: 'Dealer', buyer: 'Trader' });
    f.sale({ vin: V(4), date: '2024-03-01', seller: 'Trader', buyer: 'Exporter' });
    const { run } = runRules(f.caseFile, {});
    expect(flaggedVins(f.caseFile.db, run.id, 'rapid_resale')).toEqual([V(1), V(4)].sort());
    const one = flagsOf(f.caseFile.db, run.id, 'rapid_resale').find((x) => x.vin === V(1))!;
    expect(one.days).toBe(30);
    expect(one.reason).toMatch(/^sold twice 30 days apart: Dealer to Trader on 2024-01-05 \(INV\d+\), then Trader to Exporter on 2024-02-04 \(INV\d+\)$/);
    expect(one.evidence).toHaveLength(2);
    const tighter = runRules(f.caseFile, { rapid_resale_days: 29 });
    expect(flaggedVins(f.caseFile.db, tighter.run.id, 'rapid_resale')).toEqual([V(4)]);
  });

  it('counts every sale when the maker is unknown', () => {
    f.vehicle(V(1));
    f.sale({ vin: V(1), date: '2024-01-01', seller: MAKER, buyer: 'Dealer' });
    f.sale({ vin: V(1), date: '2024-01-10', seller: 'Dealer', buyer: 'Trader' });
    const { run } = runRules(f.caseFile, {});
    expect(flaggedVins(f.caseFile.db, run.id, 'rapid_resale')).toEqual([V(1)]);
  });
});

describe('odometer_rollback', () => {
  it('flags a reading more than 100 km below the highest earlier one', () => {
    for (const n of [1, 2, 3, 4]) f.vehicle(V(n));
    f.registration({ vin: V(1), date: '2024-01-01', owner: 'A', km: 1000 });
    f.registration({ vin: V(1), date: '2024-02-01', event: 'transfer', owner: 'B', km: 1200 });
    f.export({ vin: V(1), date: '2024-03-01', exporter: 'B', km: 1099 }); // 101 below 1200: flagged
    f.registration({ vin: V(2), date: '2024-01-01', owner: 'A', km: 1000 });
    f.export({ vin: V(2), date: '2024-03-01', exporter: 'B', km: 900 }); // exactly 100 below: not flagged
    f.registration({ vin: V(3), date: '2024-01-01', owner: 'A', km: 1000 });
    f.export({ vin: V(3), date: '2024-01-01', exporter: 'B', km: 5 }); // same day: order unknown, not compared
    f.registration({ vin: V(4), date: '2024-01-01', owner: 'A', km: null });
    f.export({ vin: V(4), date: '2024-03-01', exporter: 'B', km: 5 }); // no earlier reading
    const { run } = runRules(f.caseFile, {});
    const flags = flagsOf(f.caseFile.db, run.id, 'odometer_rollback');
    expect(flags.map((x) => x.vin)).toEqual([V(1)]);
    expect(flags[0]!.reason).toBe('odometer 1099 km on 2024-03-01, 101 km below the 1200 km read on 2024-02-01');
    expect(flags[0]!.evidence).toHaveLength(2);
    const loose = runRules(f.caseFile, { rollback_tolerance_km: 101 });
    expect(flaggedVins(f.caseFile.db, loose.run.id, 'odometer_rollback')).toEqual([]);
  });
});
