import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partyMonths, partyNetwork } from '../../../electron/backend/queries/party-network-queries';
import { countPartyFlaggedVins, partyDetail, partyFlaggedVins, partyVehicles } from '../../../electron/backend/queries/party-queries';
import { migration001 } from '../../../electron/backend/casefile/migrations/001-initial';
import { seededRandom } from '../../support/seeded-random';
import { recordQueries } from '../../support/query-plan';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

let f: Fixture;
let hub: number;
let consignee: number;
let runId: number;
const SELLERS = ['BYD Auto', 'Chery', 'Dealer Chengdu', 'Dealer Xian', 'Hub Trading'];
const BUYERS = ['Buyer A', 'Buyer B', '王伟', 'Export Co'];
const CONSIGNEES = ['OOO Avto', 'TOO Kaz Motors', null, 'Amman Cars'];
const CITIES = ['成都', '西安', 'Chengdu', null, '重庆'];
const COUNTRIES = ['RU', 'KZ', 'JO'];

beforeAll(() => {
  // One busy trader (buys, sells and exports, some vehicles twice) among others, with cities of
  // first registration (several, or none) and a run that flagged a third of the vehicles.
  f = createFixture();
  const next = seededRandom(2026);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  const day = () => `2024-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
  const price = () => (next() < 0.1 ? null : Math.round(next() * 20_000_000) / 100);
  const db = f.caseFile.db;
  db.transaction(() => {
    for (let n = 1; n <= 300; n++) {
      const vin = fixtureVin(n);
      f.vehicle(vin, { manufacturer: pick(['BYD Auto', 'Chery']) });
      for (let i = Math.floor(next() * 3); i > 0; i--) f.registration({ vin, date: day(), owner: pick(BUYERS), city: pick(CITIES), event: next() < 0.8 ? 'initial' : 'transfer' });
      for (let i = Math.floor(next() * 3); i > 0; i--) f.sale({ vin, date: day(), seller: pick(SELLERS), buyer: 'Hub Trading', price: price(), type: next() < 0.5 ? 'new' : 'used' });
      if (next() < 0.4) f.sale({ vin, date: day(), seller: 'Hub Trading', buyer: pick(BUYERS), price: price() });
      for (let i = Math.floor(next() * 2.4); i > 0; i--) f.export({ vin, date: day(), exporter: 'Hub Trading', consignee: pick(CONSIGNEES), country: pick(COUNTRIES), value: price() });
      if (next() < 0.2) f.export({ vin, date: day(), exporter: 'Export Co', country: pick(COUNTRIES) });
    }
    runId = Number(db.prepare("INSERT INTO rule_runs (started, finished, app_version, params, status) VALUES ('2026-01-01', '2026-01-01', 'test', '{}', 'done')").run().lastInsertRowid);
    const flag = db.prepare("INSERT INTO flags (run_id, rule, severity, flag_key, vin, reason, facts) VALUES (?, 'early_export', 'high', ?, ?, 'r', '{}')");
    for (let n = 1; n <= 300; n++) if (next() < 0.33) flag.run(runId, `early_export:${n}`, fixtureVin(n));
  })();
  hub = f.party('Hub Trading');
  consignee = f.party('OOO Avto');
});
afterAll(() => f.remove());

/** Every party read of the trader, over the whole period and a part of it, on a connection of its own (nothing kept from earlier reads). */
function partyReads() {
  const db = new Database(f.caseFile.db.name, { readonly: true });
  try {
    return {
      detail: partyDetail(db, hub),
      network: partyNetwork(db, hub),
      spring: partyNetwork(db, hub, '2024-03-01', '2024-06-30'),
      vehicles: partyVehicles(db, hub),
      months: partyMonths(db, hub),
      flagged: [partyFlaggedVins(db, hub, runId), countPartyFlaggedVins(db, hub, runId)],
      // A foreign buyer's page: its declarations as consignee (exports_consignee, migration 026).
      consignee: { detail: partyDetail(db, consignee), network: partyNetwork(db, consignee), vehicles: partyVehicles(db, consignee), flagged: partyFlaggedVins(db, consignee, runId) },
    };
  } finally {
    db.close();
  }
}

/** The party's trades of one kind summed per counterparty in plain SQL: distinct and flagged vehicles, first and last date, value. */
function referenceFlows(kind: 'bought' | 'sold' | 'exported', from: string, to: string) {
  const [table, pid, date, value, self] = {
    bought: ['sales', 'seller_party_id', 'invoice_date', 'price', 'buyer_party_id'],
    sold: ['sales', 'buyer_party_id', 'invoice_date', 'price', 'seller_party_id'],
    exported: ['exports', 'consignee_party_id', 'declaration_date', 'declared_value', 'exporter_party_id'],
  }[kind];
  return f.caseFile.db.prepare(`SELECT t.${pid} AS pid, count(DISTINCT t.vin) AS vehicles, min(t.${date}) AS first, max(t.${date}) AS last, sum(t.${value}) AS value,
      count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM flags x WHERE x.vin = t.vin AND x.run_id = @run) THEN t.vin END) AS flagged
    FROM ${table} t WHERE t.${self} = @hub AND t.${pid} IS NOT NULL AND t.${pid} <> @hub AND t.${date} BETWEEN @from AND @to GROUP BY t.${pid} ORDER BY t.${pid}`)
    .all({ hub, run: runId, from, to }) as { pid: number; vehicles: number; first: string; last: string; value: number | null; flagged: number }[];
}

/** The place most of a counterparty's distinct vehicles share (ties to the first by name), in plain SQL. */
function referencePlaces(kind: 'bought' | 'sold' | 'exported', from: string, to: string): Map<number, string> {
  const places = kind === 'exported'
    ? 'SELECT DISTINCT consignee_party_id AS pid, vin, destination_country AS place FROM exports WHERE exporter_party_id = @hub AND declaration_date BETWEEN @from AND @to'
    : `SELECT DISTINCT s.${kind === 'bought' ? 'seller_party_id' : 'buyer_party_id'} AS pid, s.vin, r.city AS place FROM sales s JOIN registrations r ON r.vin = s.vin AND r.event = 'initial'
        WHERE s.${kind === 'bought' ? 'buyer_party_id' : 'seller_party_id'} = @hub AND s.invoice_date BETWEEN @from AND @to AND r.city IS NOT NULL`;
  const rows = f.caseFile.db.prepare(`WITH p AS (${places}), c AS (SELECT pid, place, count(*) AS n FROM p WHERE pid IS NOT NULL GROUP BY pid, place)
    SELECT pid, place FROM c WHERE NOT EXISTS (SELECT 1 FROM c d WHERE d.pid = c.pid AND (d.n > c.n OR (d.n = c.n AND d.place < c.place)))`).all({ hub, from, to }) as { pid: number; place: string }[];
  return new Map(rows.map((r) => [r.pid, r.place]));
}

describe("a party's reads from its party indexes (issue 15 item 5, migration 014)", () => {
  it("gives the network's links and places the plain SQL sums give, over the whole period and a part of it", () => {
    for (const [from, to] of [['0000-00-00', '9999-99-99'], ['2024-03-01', '2024-06-30']] as const) {
      const network = partyNetwork(f.caseFile.db, hub, from, to);
      const links = (source: (pid: number) => [number, number]) => (rows: ReturnType<typeof referenceFlows>) => rows.map((r) => {
        const [s, t] = source(r.pid);
        return { source: s, target: t, vehicles: r.vehicles, first: r.first, last: r.last, value: r.value === null ? null : Number(r.value.toFixed(6)), flagged: r.flagged };
      });
      const expected = [
        ...links((pid) => [pid, hub])(referenceFlows('bought', from, to)),
        ...links((pid) => [hub, pid])(referenceFlows('sold', from, to)),
        ...links((pid) => [hub, pid])(referenceFlows('exported', from, to)),
      ];
      const got = network.edges.map((e) => ({ ...e, value: e.value === null || e.value === undefined ? e.value : Number(e.value.toFixed(6)) }));
      expect(got, `${from}..${to}`).toEqual(expected);
      const nodes = new Map(network.nodes.map((n) => [n.id, n]));
      const sellers = referencePlaces('bought', from, to);
      const buyers = referencePlaces('sold', from, to);
      for (const r of referenceFlows('bought', from, to)) expect([r.pid, nodes.get(r.pid)?.city]).toEqual([r.pid, sellers.get(r.pid) ?? null]);
      for (const r of referenceFlows('sold', from, to)) if (!sellers.has(r.pid) && !referenceFlows('bought', from, to).some((b) => b.pid === r.pid)) expect([r.pid, nodes.get(r.pid)?.city]).toEqual([r.pid, buyers.get(r.pid) ?? null]);
      const countries = referencePlaces('exported', from, to);
      for (const r of referenceFlows('exported', from, to)) expect([r.pid, nodes.get(r.pid)?.country]).toEqual([r.pid, countries.get(r.pid) ?? null]);
      expect((network.months ?? []).reduce((n, m) => n + m.vehicles, 0)).toBeGreaterThan(0);
    }
  });

  it('asks its counterparties\' names and parts once for all of them, never once a counterparty', () => {
    // helper-65's probe: 29,570 statements for the network of the busiest exporter of the 1,000,000-vehicle case (14,784 counterparties).
    const db = f.caseFile.db;
    const other = new Database(db.name, { readonly: true });
    try {
      const recorder = recordQueries(other);
      let network: ReturnType<typeof partyNetwork>;
      try { network = partyNetwork(other, hub); } finally { recorder.stop(); }
      expect(network.nodes.length).toBeGreaterThan(8);
      expect(network).toEqual(partyNetwork(db, hub));
      const asked = new Map<string, number>();
      for (const q of recorder.queries) asked.set(q.sql, (asked.get(q.sql) ?? 0) + 1);
      expect([...asked].filter(([, times]) => times > 1).map(([sql, times]) => `${times} x ${sql.replace(/\s+/g, ' ').slice(0, 90)}`)).toEqual([]);
      // 13: the fourth kind of trade, the declarations naming the party as consignee, is one read more.
      expect(recorder.queries.length).toBeLessThanOrEqual(13);
    } finally {
      other.close();
    }
  });

  it('keeps a party\'s trades for the next period asked, and reads them again once anything is written', () => {
    const db = f.caseFile.db;
    const whole = partyNetwork(db, hub);
    const spring = partyNetwork(db, hub, '2024-03-01', '2024-06-30');
    // A second connection (the reader thread's) sees the same, without anything kept.
    const other = new Database(db.name, { readonly: true });
    try {
      expect(partyNetwork(other, hub, '2024-03-01', '2024-06-30')).toEqual(spring);
      const vin = fixtureVin(9_999);
      // The writer commits an export to a new consignee: the other connection's kept trades are stale.
      f.export({ vin, date: '2024-04-02', exporter: 'Hub Trading', consignee: 'New Consignee LLC', country: 'KZ', value: 1 });
      const consignee = f.party('New Consignee LLC');
      expect(partyNetwork(other, hub, '2024-03-01', '2024-06-30').edges.some((e) => e.target === consignee)).toBe(true);
      expect(partyNetwork(db, hub).edges.some((e) => e.target === consignee)).toBe(true);
      db.prepare('DELETE FROM exports WHERE vin = ?').run(vin);
      expect(partyNetwork(other, hub)).toEqual(whole);
    } finally {
      other.close();
    }
  });

  it('answers every party read exactly as with the indexes before 014', () => {
    const db = f.caseFile.db;
    const now = partyReads();
    // The indexes as migration 001 made them: each party's records fetched from the table by rowid.
    const before = (migration001.up.match(/CREATE INDEX (sales_buyer|sales_seller|exports_exporter|exports_consignee|registrations_vin_date) [^;]+;/g) ?? []);
    expect(before).toHaveLength(5);
    const after = db.prepare("SELECT sql FROM sqlite_schema WHERE name IN ('sales_buyer', 'sales_seller', 'exports_exporter', 'exports_consignee', 'registrations_vin_date')").pluck().all() as string[];
    const drop = 'DROP INDEX sales_buyer; DROP INDEX sales_seller; DROP INDEX exports_exporter; DROP INDEX exports_consignee; DROP INDEX registrations_vin_date;';
    db.exec(`${drop} ${before.join(' ')}`);
    try {
      expect(partyReads()).toEqual(now);
    } finally {
      db.exec(`${drop} ${after.join('; ')};`);
    }
    expect(now.consignee.detail.figures.vehicles_received).toBeGreaterThan(30);
    expect(now.consignee.vehicles.filter((v) => v.received !== null)).toHaveLength(now.consignee.detail.figures.vehicles_received);
    expect(now.network.edges.length).toBeGreaterThan(10);
    expect(now.detail.figures.vehicles_exported).toBeGreaterThan(100);
  });
});
