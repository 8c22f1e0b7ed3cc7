import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectVins } from '../../../electron/backend/export/evidence/pack-data';
import { runRules } from '../../../electron/backend/rules/runner';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

let f: Fixture;
beforeAll(() => {
  f = createFixture();
  for (let n = 1; n <= 12; n++) {
    const vin = fixtureVin(n);
    f.vehicle(vin, { manufacturer: 'BYD Auto' });
    f.sale({ vin, date: '2024-01-01', seller: 'BYD Auto', buyer: 'Trader One', price: 100_000 + n });
    f.sale({ vin, date: '2024-01-04', seller: 'Trader One', buyer: 'Export Co', price: 101_000 + n });
    f.registration({ vin, date: '2024-01-05', owner: 'Export Co', city: 'Chengdu', km: 3 });
    f.export({ vin, date: '2024-01-20', exporter: 'Export Co', consignee: 'OOO Avto', country: 'RU', km: 5 });
  }
  runRules(f.caseFile, {});
});
afterAll(() => f.remove());

describe('an evidence pack by rule', () => {
  it('says a rule that flags parties has no vehicles of its own to print, and where its pack is', () => {
    const parties = f.caseFile.db.prepare("SELECT count(*) FROM flags WHERE rule = 'trade_intermediary' AND party_id IS NOT NULL AND vin IS NULL").pluck().get() as number;
    expect(parties).toBeGreaterThan(0);
    expect(() => selectVins(f.caseFile.db, { kind: 'rule', rule: 'trade_intermediary' })).toThrow(/trade_intermediary flags of run \d+ are about parties \(\d+ part(y|ies)\), not vehicles: print a party.s pack/);
    // A rule that flags vehicles still selects them.
    expect(selectVins(f.caseFile.db, { kind: 'rule', rule: 'zero_mileage_export' }).vins.length).toBeGreaterThan(0);
  });
});
