import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partySumsStored } from '../../../electron/backend/casefile/party-sums';
import { partyNetwork } from '../../../electron/backend/queries/party-network-queries';
import { partyDetail } from '../../../electron/backend/queries/party-queries';
import { savePartySums } from '../../../electron/backend/queries/party-sums';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

// A counterparty that both sold to a party and bought from it is one node of the party's network
// on two links; its node showed the links' counts added up (3 for 2 distinct vehicles), while an
// investigator reads it as the vehicles that counterparty traded with the party.

let f: Fixture;
let runId: number;

beforeAll(() => {
  f = createFixture();
  const db = f.caseFile.db;
  db.transaction(() => {
    for (let n = 1; n <= 4; n++) {
      const vin = fixtureVin(n);
      f.vehicle(vin, { manufacturer: 'BYD Auto' });
      f.sale({ vin, date: '2024-01-10', seller: 'BYD Auto', buyer: n <= 2 ? 'Swap Motors' : 'Hub Trading', price: 100_000 });
    }
    // Swap Motors sells vehicles 1 and 2 to the hub, and buys vehicle 1 back: two links, two vehicles.
    f.sale({ vin: fixtureVin(1), date: '2024-02-01', seller: 'Swap Motors', buyer: 'Hub Trading', price: 110_000 });
    f.sale({ vin: fixtureVin(2), date: '2024-02-02', seller: 'Swap Motors', buyer: 'Hub Trading', price: 110_000 });
    f.sale({ vin: fixtureVin(1), date: '2024-03-01', seller: 'Hub Trading', buyer: 'Swap Motors', price: 120_000 });
    f.sale({ vin: fixtureVin(3), date: '2024-03-02', seller: 'Hub Trading', buyer: 'Other Buyer', price: 120_000 });
    runId = Number(db.prepare("INSERT INTO rule_runs (started, finished, app_version, params, status) VALUES ('2026-01-01', '2026-01-01', 'test', '{}', 'done')").run().lastInsertRowid);
    db.prepare("INSERT INTO flags (run_id, rule, severity, flag_key, vin, reason, facts) VALUES (?, 'early_export', 'high', 'early_export:1', ?, 'r', '{}')").run(runId, fixtureVin(1));
  })();
});
afterAll(() => f.remove());

describe("a counterparty on both sides of a party's trade", () => {
  it('shows its distinct vehicles on its node, while each edge keeps its own direction', () => {
    const db = f.caseFile.db;
    const hub = f.party('Hub Trading');
    const swap = f.party('Swap Motors');
    const network = partyNetwork(db, hub);
    expect(network.nodes.find((n) => n.id === swap)).toMatchObject({ vehicles: 2, flagged: 1 });
    expect(network.edges.filter((e) => e.source === swap || e.target === swap).map((e) => [e.source, e.target, e.vehicles, e.flagged])).toEqual([
      [swap, hub, 2, 1], [hub, swap, 1, 1],
    ]);
    // A period holding only the sale back: one vehicle.
    expect(partyNetwork(db, hub, '2024-03-01', '2024-03-31').nodes.find((n) => n.id === swap)).toMatchObject({ vehicles: 1, flagged: 1 });
    // The hub itself as before: its distinct vehicles over all its links (1-4).
    expect(network.nodes.find((n) => n.id === hub)).toMatchObject({ vehicles: 4, flagged: 1 });
  });

  it('is stored so when the party is busy, equal to the page from the records, and sums of the old form are summed again', () => {
    const db = f.caseFile.db;
    const hub = f.party('Hub Trading');
    const swap = f.party('Swap Motors');
    const fromRecords = { detail: partyDetail(db, hub), network: partyNetwork(db, hub) };
    expect(savePartySums(db, runId, { busyRecords: 4 })).toBeGreaterThanOrEqual(1);
    expect(db.prepare('SELECT 1 FROM party_sums WHERE party_id = ?').get(hub)).toBeDefined();
    expect({ detail: partyDetail(db, hub), network: partyNetwork(db, hub) }).toEqual(fromRecords);
    // Sums stored before (no sums_format, the node's links added up) are not read, and are summed again.
    db.prepare(`UPDATE party_sums SET figures = json_remove(figures, '$.sums_format'),
      network = (SELECT json_set(network, '$.nodes[' || n.key || '].vehicles', 3) FROM json_each(network, '$.nodes') n WHERE json_extract(n.value, '$.id') = ?)
      WHERE party_id = ?`).run(swap, hub);
    expect(partySumsStored(db, runId)).toBe(false);
    expect(partyNetwork(db, hub)).toEqual(fromRecords.network);
    expect(savePartySums(db, runId, { busyRecords: 4 })).toBe(1);
    expect(partySumsStored(db, runId)).toBe(true);
    expect({ detail: partyDetail(db, hub), network: partyNetwork(db, hub) }).toEqual(fromRecords);
  });
});
