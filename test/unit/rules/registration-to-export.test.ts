import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRules } from '../../../electron/backend/rules/runner';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';
import { flagsOf, flaggedVins } from '../../support/flag-query';

let f: Fixture;
beforeEach(() => { f = createFixture(); });
afterEach(() => f.remove());

const V = (n: number) => fixtureVin(n);

/** A vehicle registered on `reg` and declared for export on `exp` with `km` on the odometer. */
function exported(n: number, reg: string, exp: string, km: number | null, country = 'RU') {
  f.vehicle(V(n), { manufacturer: 'BYD Auto' });
  f.registration({ vin: V(n), date: reg, owner: 'Chengdu Trade Co' });
  return f.export({ vin: V(n), date: exp, exporter: 'Chengdu Trade Co', km, country });
}

describe('zero_mileage_export and early_export', () => {
  it('flags exports within 180 days and at most 500 km, just inside and not just outside', () => {
    exported(1, '2024-01-01', '2024-06-29', 500); // 180 days, 500 km: inside both
    exported(2, '2024-01-01', '2024-06-30', 10); // 181 days: outside
    exported(3, '2024-01-01', '2024-01-10', 501); // 501 km: early_export instead
    exported(4, '2024-01-01', '2024-01-10', null); // no reading counts as zero mileage
    exported(5, '2024-01-01', '2024-01-01', 0); // same day
    exported(6, '2024-03-01', '2024-02-28', 0); // registered after the export: no anchor
    const { run, counts } = runRules(f.caseFile, {});
    expect(flaggedVins(f.caseFile.db, run.id, 'zero_mileage_export')).toEqual([V(1), V(4), V(5)].sort());
    expect(flaggedVins(f.caseFile.db, run.id, 'early_export')).toEqual([V(3)]);
    expect(counts.zero_mileage_export).toBe(3);
    const [first] = flagsOf(f.caseFile.db, run.id, 'zero_mileage_export').filter((x) => x.vin === V(1));
    expect(first!.reason).toBe('exported 180 days after first registration, odometer 500 km');
    expect(first!.days).toBe(180);
    expect(first!.km).toBe(500);
    expect(first!.severity).toBe('high');
    expect(first!.maker).toBe('BYD');
    expect(first!.exporter).toBe('Chengdu Trade Co');
    expect(first!.destination).toBe('RU');
    expect(first!.evidence).toHaveLength(2);
    expect(first!.evidence.some((e) => e.startsWith('exports:'))).toBe(true);
    expect(first!.evidence.some((e) => e.startsWith('registrations:'))).toBe(true);
    const noReading = flagsOf(f.caseFile.db, run.id, 'zero_mileage_export').find((x) => x.vin === V(4));
    expect(noReading!.reason).toBe('exported 9 days after first registration, no odometer reading');
  });

  it('follows the parameters of the run', () => {
    exported(1, '2024-01-01', '2024-01-31', 800); // 30 days, 800 km
    const strict = runRules(f.caseFile, { zero_mileage_max_days: 29, zero_mileage_max_km: 1000 });
    expect(flaggedVins(f.caseFile.db, strict.run.id, 'zero_mileage_export')).toEqual([]);
    const loose = runRules(f.caseFile, { zero_mileage_max_days: 30, zero_mileage_max_km: 800 });
    expect(flaggedVins(f.caseFile.db, loose.run.id, 'zero_mileage_export')).toEqual([V(1)]);
    const low = runRules(f.caseFile, { zero_mileage_max_km: 799.5 });
    expect(flaggedVins(f.caseFile.db, low.run.id, 'early_export')).toEqual([V(1)]);
  });

  it('anchors on the latest initial registration on or before the declaration, several on one day', () => {
    f.vehicle(V(1));
    f.registration({ vin: V(1), date: '2020-01-01', owner: 'Old Owner' });
    f.registration({ vin: V(1), date: '2024-05-01', owner: 'Trader A' });
    f.registration({ vin: V(1), date: '2024-05-01', event: 'transfer', owner: 'Trader B' });
    f.registration({ vin: V(1), date: '2024-09-01', owner: 'Later' }); // after the export: ignored
    f.export({ vin: V(1), date: '2024-05-11', exporter: 'Trader B', km: 3 });
    f.export({ vin: V(1), date: '2024-05-11', exporter: 'Trader B', km: 3, no: 'SAME-DAY' });
    const { run } = runRules(f.caseFile, {});
    const flags = flagsOf(f.caseFile.db, run.id, 'zero_mileage_export');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.days).toBe(10);
  });
});

describe('missing_after_sales_confirmation', () => {
  it('needs a confirmation naming the destination for declarations from 2026-01-01', () => {
    exported(1, '2025-12-01', '2025-12-31', 5); // before the rule applies
    exported(2, '2025-12-01', '2026-01-01', 5); // first day: flagged
    exported(3, '2025-12-01', '2026-01-05', 5, 'KZ');
    f.confirmation({ vin: V(3), date: '2025-12-20', countries: ['RU', 'KZ'] }); // names KZ: fine
    exported(4, '2025-12-01', '2026-01-05', 5, 'KZ');
    f.confirmation({ vin: V(4), date: '2025-12-20', countries: ['RU'] }); // names another country
    exported(5, '2025-07-05', '2026-01-01', 5); // 180 days: inside
    exported(6, '2025-07-04', '2026-01-01', 5); // 181 days: outside
    const { run } = runRules(f.caseFile, {});
    expect(flaggedVins(f.caseFile.db, run.id, 'missing_after_sales_confirmation')).toEqual([V(2), V(4), V(5)].sort());
    const four = flagsOf(f.caseFile.db, run.id, 'missing_after_sales_confirmation').find((x) => x.vin === V(4))!;
    expect(four.reason).toContain('without a maker confirmation naming KZ');
    expect(four.evidence.filter((e) => e.startsWith('confirmations:'))).toHaveLength(1);
    const later = runRules(f.caseFile, { confirmation_required_from: '2026-01-02' });
    expect(flaggedVins(f.caseFile.db, later.run.id, 'missing_after_sales_confirmation')).toEqual([V(4)]);
  });
});
