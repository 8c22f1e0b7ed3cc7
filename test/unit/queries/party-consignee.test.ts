import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../electron/backend/casefile/audit';
import { partySumsStored, storedPartyFigures } from '../../../electron/backend/casefile/party-sums';
import { partyNetwork } from '../../../electron/backend/queries/party-network-queries';
import { countPartyFlaggedVins, partyDetail, partyFlaggedVins, partyVehicles } from '../../../electron/backend/queries/party-queries';
import { savePartySums } from '../../../electron/backend/queries/party-sums';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

// helper-70's probe (probe-70 #7): a foreign buyer's page showed nothing of the declarations naming
// it as consignee: every figure 0, its period empty, its chart one lone node, though 108
// declarations of the demo case named it. A consignee's declarations are now its fourth kind of trade.

let f: Fixture;
let runId: number;

beforeAll(() => {
  f = createFixture();
  const db = f.caseFile.db;
  db.transaction(() => {
    for (let n = 1; n <= 9; n++) {
      const vin = fixtureVin(n);
      f.vehicle(vin, { manufacturer: 'BYD Auto' });
      f.registration({ vin, date: '2024-02-01', owner: n <= 6 ? 'Hub Trading' : 'Export Co', city: n <= 6 ? '成都' : '西安' });
      f.sale({ vin, date: '2024-01-10', seller: 'BYD Auto', buyer: n <= 6 ? 'Hub Trading' : 'Export Co', price: 100_000 });
      // Vehicles 1-5 to Al Noor from the hub (vehicle 5 twice: two declarations), 7-8 from Export Co; 6 and 9 elsewhere.
      const consignee = n <= 5 || n === 7 || n === 8 ? 'Al Noor Used Cars Trading LLC' : 'OOO Avto';
      f.export({ vin, date: `2024-03-${String(10 + n).padStart(2, '0')}`, exporter: n <= 6 ? 'Hub Trading' : 'Export Co', consignee, country: 'AE', value: 15_000 });
      if (n === 5) f.export({ vin, date: '2024-04-02', exporter: 'Hub Trading', consignee, country: 'AE', value: 15_500 });
    }
    runId = Number(db.prepare("INSERT INTO rule_runs (started, finished, app_version, params, status) VALUES ('2026-01-01', '2026-01-01', 'test', '{}', 'done')").run().lastInsertRowid);
    const flag = db.prepare("INSERT INTO flags (run_id, rule, severity, flag_key, vin, reason, facts) VALUES (?, 'early_export', 'high', ?, ?, 'r', '{}')");
    for (const n of [2, 5, 6, 8]) flag.run(runId, `early_export:${n}`, fixtureVin(n));
  })();
});
afterAll(() => f.remove());

describe("a foreign buyer's page: the declarations naming it as consignee", () => {
  it('counts the vehicles and declarations it received, their flagged vehicles and period, and draws the exporters that sent them', () => {
    const db = f.caseFile.db;
    const buyer = f.party('Al Noor Used Cars Trading LLC');
    const detail = partyDetail(db, buyer);
    expect(detail.figures).toMatchObject({ vehicles_received: 7, declarations_received: 8, vehicles_bought: 0, vehicles_exported: 0, flagged_vehicles: 3 });
    expect(detail.period).toEqual({ first: '2024-03-11', last: '2024-04-02' });
    const network = partyNetwork(db, buyer);
    const hub = f.party('Hub Trading');
    const exportCo = f.party('Export Co');
    expect(network.nodes.find((n) => n.id === buyer)).toMatchObject({ role: 'foreign_buyer', vehicles: 7, flagged: 3 });
    expect(network.edges).toEqual([
      { source: hub, target: buyer, vehicles: 5, first: '2024-03-11', last: '2024-04-02', value: 90_500, flagged: 2 },
      { source: exportCo, target: buyer, vehicles: 2, first: '2024-03-17', last: '2024-03-18', value: 30_000, flagged: 1 },
    ].sort((a, b) => a.source - b.source));
    expect(network.nodes.find((n) => n.id === hub)).toMatchObject({ role: 'exporter', city: '成都' });
    expect(partyFlaggedVins(db, buyer, runId)).toEqual([2, 5, 8].map(fixtureVin).sort());
    expect(countPartyFlaggedVins(db, buyer, runId)).toBe(3);
    // The exporter's own page is as before: its consignees on its right.
    expect(partyNetwork(db, hub).edges.filter((e) => e.target === buyer)).toHaveLength(1);
  });

  it('lists the vehicles it received on its page, each with its first declaration to it: date, exporter and source row', () => {
    const db = f.caseFile.db;
    const buyer = f.party('Al Noor Used Cars Trading LLC');
    const listed = partyVehicles(db, buyer);
    // Vehicles 1-5, 7 and 8, in VIN order; vehicle 5 once, by its first declaration (2024-03-15, not 04-02).
    expect(listed.map((v) => v.vin)).toEqual([1, 2, 3, 4, 5, 7, 8].map(fixtureVin).sort());
    const five = listed.find((v) => v.vin === fixtureVin(5))!;
    expect(five).toMatchObject({ received: '2024-03-15', exporter: { id: f.party('Hub Trading'), name: 'Hub Trading' }, bought: null, exported: null, days: null });
    // Cited to its declaration: exports.csv, the fifth vehicle's row (row 2 is the first record; vehicle 5's second declaration is row 7).
    expect(five.sources).toEqual({ bought: null, exported: null, received: expect.objectContaining({ record_kind: 'exports', file_name: 'exports.csv', row: 6, sheet: null, page: null }) });
    const record = db.prepare('SELECT declaration_date, consignee_party_id, row_no FROM exports WHERE id = ?').get(five.sources.received!.record_id);
    expect(record).toEqual({ declaration_date: '2024-03-15', consignee_party_id: buyer, row_no: 6 });
    expect(listed.find((v) => v.vin === fixtureVin(8))).toMatchObject({ received: '2024-03-18', exporter: { name: 'Export Co' } });
    // Bounded: the first vehicles in VIN order.
    expect(partyVehicles(db, buyer, 3).map((v) => v.vin)).toEqual(listed.slice(0, 3).map((v) => v.vin));
    // The exporter's own list: its purchases and exports, each cited, and nothing received.
    const hub = partyVehicles(db, f.party('Hub Trading'));
    expect(hub).toHaveLength(6);
    expect(hub.every((v) => v.received === null && v.sources.bought?.file_name === 'sales.csv' && v.sources.exported?.file_name === 'exports.csv')).toBe(true);
    expect(hub.find((v) => v.vin === fixtureVin(5))).toMatchObject({ bought: '2024-01-10', exported: '2024-03-15', days: 65 });
  });

  it('is summed after the run when the consignee is busy, and the stored page equals the one from the records', () => {
    const db = f.caseFile.db;
    const buyer = f.party('Al Noor Used Cars Trading LLC');
    const fromRecords = { detail: partyDetail(db, buyer), network: partyNetwork(db, buyer), flagged: partyFlaggedVins(db, buyer, runId) };
    expect(savePartySums(db, runId, { busyRecords: 8 })).toBeGreaterThanOrEqual(1);
    expect(db.prepare('SELECT 1 FROM party_sums WHERE party_id = ?').get(buyer)).toBeDefined();
    expect({ detail: partyDetail(db, buyer), network: partyNetwork(db, buyer), flagged: partyFlaggedVins(db, buyer, runId) }).toEqual(fromRecords);
    // Sums stored before consignees were read (no vehicles_received, nor a sums_format) are not read, and are summed again.
    db.prepare("UPDATE party_sums SET figures = json_remove(figures, '$.figures.vehicles_received', '$.sums_format'), network = json_set(network, '$.months', json('[]')) WHERE party_id = ?").run(buyer);
    expect(partySumsStored(db, runId)).toBe(false);
    expect(partyNetwork(db, buyer)).toEqual(fromRecords.network);
    expect(savePartySums(db, runId, { busyRecords: 8 })).toBe(1);
    expect(partySumsStored(db, runId)).toBe(true);
    expect(partyDetail(db, buyer)).toEqual(fromRecords.detail);
    // A registration accepted for a vehicle it received (its exporter's city of first registration) sends its page back to the records.
    const record = f.registration({ vin: fixtureVin(7), date: '2024-01-20', owner: 'Someone Else', city: '重庆' });
    appendAudit(db, { action: 'proposed.accept', subject: String(record), detail: { document_id: 1, page: 1, kind: 'registrations', record_id: record } });
    expect(storedPartyFigures(db, buyer, runId)).toBeNull();
  });
});
