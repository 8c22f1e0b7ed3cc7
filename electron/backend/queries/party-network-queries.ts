import type Database from 'better-sqlite3';
import type { MonthCount, PartyNetwork, PartyNetworkEdge, PartyNetworkNode, PartyRole } from '../../../shared/contract/chain';
import { ZeroMileError } from '../../../shared/errors';
import { latestRunId } from '../casefile/latest-run';
import { writeToken } from '../casefile/write-token';

type Flow = {
  pid: number | null; name: string | null; vehicles: number; first: string | null; last: string | null;
  value: number | null; flagged: number; is_person: number; is_maker?: number; exports?: number;
};

/** One record of the party's trade: the counterparty, the vehicle, its date and value, whether the latest run flagged it, and its places. */
type Trade = { pid: number | null; vin: string; date: string; value: number | null; flagged: boolean; places: readonly (string | null)[]; name?: string | null };

type TradeRow = Omit<Trade, 'flagged' | 'places'> & { country?: string };

/**
 * The party's records of one kind, each read once from its party index alone (migration 014: at a
 * million vehicles the busiest exporter has 10,000 purchases and 10,000 exports, and every row
 * fetched from its table cost a random read): the flows, the places and the months are all summed
 * from these rows, in the order the index gives them (by id).
 */
const TRADES = {
  bought: 'SELECT seller_party_id AS pid, vin, invoice_date AS date, price AS value FROM sales WHERE buyer_party_id = ?',
  sold: 'SELECT buyer_party_id AS pid, vin, invoice_date AS date, price AS value FROM sales WHERE seller_party_id = ?',
  exported: `SELECT consignee_party_id AS pid, vin, declaration_date AS date, declared_value AS value, consignee AS name, destination_country AS country
    FROM exports WHERE exporter_party_id = ?`,
} as const;

/**
 * Of these vehicles, those the run flagged, and the cities each was first registered in: each
 * vehicle looked up once, however many of the party's records name it (a purchase and an export
 * of the same vehicle asked twice before), in VIN order, so that vehicles on one index page are
 * looked up one after the other while the page is in the cache.
 */
function vehicleFacts(db: Database.Database, runId: number, flaggedOf: Set<string>, placesOf: Set<string>): { flagged: Set<string>; cities: Map<string, (string | null)[]> } {
  const flagged = new Set(db.prepare('SELECT value FROM json_each(?) WHERE EXISTS (SELECT 1 FROM flags f WHERE f.vin = value AND f.run_id = ?)')
    .pluck().all(JSON.stringify([...flaggedOf].sort()), runId) as string[]);
  const cities = new Map<string, (string | null)[]>();
  for (const [vin, city] of db.prepare("SELECT j.value, r.city FROM json_each(?) j JOIN registrations r ON r.vin = j.value WHERE r.event = 'initial'")
    .raw(true).all(JSON.stringify([...placesOf].sort())) as [string, string | null][]) {
    const known = cities.get(vin);
    if (known) known.push(city);
    else cities.set(vin, [city]);
  }
  return { flagged, cities };
}

/**
 * Trades within [from, to] summed per counterparty, in counterparty id order, as GROUP BY gave
 * them: distinct vehicles and flagged vehicles, first and last date, total value, and the place
 * most of its distinct vehicles share (ties to the first in name order).
 */
function flowsOf(trades: readonly Trade[], from: string, to: string): { flow: Flow; place: string | null; name: string | null }[] {
  type Sum = { vins: Set<string>; flagged: Set<string>; first: string; last: string; value: number | null; places: Map<string, Set<string>>; name: string | null };
  const sums = new Map<number, Sum>();
  for (const t of trades) {
    if (t.pid === null || t.date < from || t.date > to) continue;
    let sum = sums.get(t.pid);
    if (!sum) sums.set(t.pid, (sum = { vins: new Set(), flagged: new Set(), first: t.date, last: t.date, value: null, places: new Map(), name: null }));
    sum.vins.add(t.vin);
    if (t.flagged) sum.flagged.add(t.vin);
    if (t.date < sum.first) sum.first = t.date;
    if (t.date > sum.last) sum.last = t.date;
    if (t.value !== null) sum.value = (sum.value ?? 0) + t.value;
    sum.name ??= t.name ?? null;
    for (const place of t.places) {
      if (place === null) continue;
      const vins = sum.places.get(place) ?? new Set<string>();
      vins.add(t.vin);
      sum.places.set(place, vins);
    }
  }
  return [...sums].sort(([a], [b]) => a - b).map(([pid, sum]) => {
    let place: string | null = null;
    let most = 0;
    for (const [name, vins] of sum.places) {
      if (vins.size > most || (vins.size === most && place !== null && name < place)) [place, most] = [name, vins.size];
    }
    const flow: Flow = { pid, name: null, vehicles: sum.vins.size, first: sum.first, last: sum.last, value: sum.value, flagged: sum.flagged.size, is_person: 0 };
    return { flow, place, name: sum.name };
  });
}

type PartyTrades = { bought: Trade[]; sold: Trade[]; exported: Trade[] };

/**
 * A party's trades kept per connection while nothing is written (writeToken): the link chart asks
 * again for every period its slider picks, and for every party added to it, and only the sums
 * depend on the period.
 */
const keptTrades = new WeakMap<Database.Database, Map<number, { token: string; trades: PartyTrades }>>();

/** Parties whose trades a connection keeps (the busiest: 20,000 records). */
const KEPT_PARTIES = 8;

function partyTrades(db: Database.Database, id: number): PartyTrades {
  let cache = keptTrades.get(db);
  if (!cache) keptTrades.set(db, (cache = new Map()));
  const token = writeToken(db);
  const held = cache.get(id);
  cache.delete(id);
  const trades = held && held.token === token ? held.trades : readTrades(db, id);
  cache.set(id, { token, trades });
  while (cache.size > KEPT_PARTIES) cache.delete(cache.keys().next().value!);
  return trades;
}

function readTrades(db: Database.Database, id: number): PartyTrades {
  const rows = {
    bought: db.prepare(TRADES.bought).all(id) as TradeRow[],
    sold: db.prepare(TRADES.sold).all(id) as TradeRow[],
    exported: db.prepare(TRADES.exported).all(id) as TradeRow[],
  };
  const traded = new Set([...rows.bought, ...rows.sold].map((t) => t.vin));
  const { flagged, cities } = vehicleFacts(db, latestRunId(db) ?? -1, new Set([...traded, ...rows.exported.map((t) => t.vin)]), traded);
  const trades = (list: TradeRow[], places: (t: TradeRow) => readonly (string | null)[]): Trade[] =>
    list.map((t) => ({ pid: t.pid, vin: t.vin, date: t.date, value: t.value, name: t.name, flagged: flagged.has(t.vin), places: places(t) }));
  return {
    bought: trades(rows.bought, (t) => cities.get(t.vin) ?? []),
    sold: trades(rows.sold, (t) => cities.get(t.vin) ?? []),
    exported: trades(rows.exported, (t) => [t.country ?? null]),
  };
}

/**
 * Sellers (makers, dealers, traders) a party bought from -> the party -> the buyers it sold to and
 * the foreign consignees it exported to, weighted by distinct vehicles within [from, to]. Each
 * counterparty carries what the link chart groups and filters by: the city where the vehicles on
 * its link were first registered, the destination country, flagged vehicles and the value.
 */
export function partyNetwork(db: Database.Database, id: number, from = '0000-00-00', to = '9999-99-99'): PartyNetwork {
  const party = db.prepare('SELECT id, name, country, is_person FROM parties WHERE id = ?').get(id) as
    { id: number; name: string; country: string | null; is_person: number } | undefined;
  if (!party) throw new ZeroMileError('not_found', `No party with id ${id} in this case file.`);
  const { bought, sold, exported } = partyTrades(db, id);
  const boughtFlows = flowsOf(bought, from, to);
  const soldFlows = flowsOf(sold, from, to);
  const exportedFlows = flowsOf(exported, from, to);
  // The counterparties' names and parts, each asked once for all of them (json_each, by primary key
  // and party index): one statement a counterparty was 29,561 statements for the busiest exporter
  // of the 1,000,000-vehicle case (14,784 counterparties).
  const ids = (flows: ReturnType<typeof flowsOf>) => JSON.stringify([...new Set(flows.map((f) => f.flow.pid).filter((pid) => pid !== null))].sort((a, b) => a - b));
  const partyOf = new Map((db.prepare('SELECT p.id, p.name, p.is_person FROM json_each(?) j JOIN parties p ON p.id = j.value')
    .raw(true).all(ids([...boughtFlows, ...soldFlows, ...exportedFlows])) as [number, string, number][]).map(([pid, name, isPerson]) => [pid, { name, is_person: isPerson }]));
  const makers = new Set(db.prepare('SELECT j.value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM vehicles v WHERE v.manufacturer_party_id = j.value)')
    .pluck().all(ids(boughtFlows)) as number[]);
  const exporters = new Set(db.prepare('SELECT j.value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM exports x WHERE x.exporter_party_id = j.value)')
    .pluck().all(ids(soldFlows)) as number[]);
  /** Sales name a registered party (the old inner join); a consignee may be only a name on the declaration. */
  const named = (rows: ReturnType<typeof flowsOf>, must: boolean) => rows.flatMap(({ flow, place, name }) => {
    const known = flow.pid === null ? undefined : partyOf.get(flow.pid);
    if (!known && must) return [];
    return [{ flow: { ...flow, name: known?.name ?? name, is_person: known?.is_person ?? 0 }, place }];
  });
  const sellers = named(boughtFlows, true).map((f) => ({ ...f, flow: { ...f.flow, is_maker: makers.has(f.flow.pid!) ? 1 : 0 } }));
  const buyers = named(soldFlows, true).map((f) => ({ ...f, flow: { ...f.flow, exports: exporters.has(f.flow.pid!) ? 1 : 0 } }));
  const consignees = named(exportedFlows, false);

  const nodes = new Map<number, PartyNetworkNode>();
  const edges: PartyNetworkEdge[] = [];
  nodes.set(id, { id, name: party.name, role: exported.length > 0 ? 'exporter' : party.is_person === 1 ? 'owner' : 'trader', vehicles: 0, city: null, country: party.country, flagged: 0, value: null, is_person: party.is_person === 1 });
  const add = (flow: Flow, role: PartyRole, place: { city?: string | null; country?: string | null }, outbound: boolean) => {
    if (flow.pid === null || flow.pid === id) return;
    const known = nodes.get(flow.pid);
    if (known) {
      known.vehicles += flow.vehicles;
      known.flagged = (known.flagged ?? 0) + flow.flagged;
    } else {
      // A private person is an owner where a company would be a dealer or trader; makers, exporters and foreign buyers keep their part.
      const shown = flow.is_person && (role === 'dealer' || role === 'trader') ? 'owner' : role;
      nodes.set(flow.pid, { id: flow.pid, name: flow.name ?? '', role: shown, vehicles: flow.vehicles,
        city: place.city ?? null, country: place.country ?? null, flagged: flow.flagged, value: flow.value, is_person: flow.is_person === 1 });
    }
    const edge = { vehicles: flow.vehicles, first: flow.first, last: flow.last, value: flow.value, flagged: flow.flagged };
    edges.push(outbound ? { source: id, target: flow.pid, ...edge } : { source: flow.pid, target: id, ...edge });
  };
  for (const { flow, place } of sellers) add(flow, flow.is_maker ? 'maker' : 'dealer', { city: place }, false);
  for (const { flow, place } of buyers) add(flow, flow.exports ? 'exporter' : 'trader', { city: place }, true);
  for (const { flow, place } of consignees) add(flow, 'foreign_buyer', { country: place }, true);
  // The party itself: distinct vehicles over all its links, as its figures and `zeromile stats`
  // count vehicles (one it bought and then exported is one vehicle, not one per link).
  const linked = [bought, sold, exported].flat().filter((t) => t.pid !== null && t.pid !== id && nodes.has(t.pid) && t.date >= from && t.date <= to);
  const self = nodes.get(id)!;
  self.vehicles = new Set(linked.map((t) => t.vin)).size;
  self.flagged = new Set(linked.filter((t) => t.flagged).map((t) => t.vin)).size;
  return { party_id: id, nodes: [...nodes.values()], edges, months: monthsOf([...bought, ...sold, ...exported]) };
}

/** Distinct vehicles per month of the trades' dates, in month order. */
function monthsOf(trades: readonly Trade[]): MonthCount[] {
  const months = new Map<string, Set<string>>();
  for (const t of trades) {
    const month = t.date.slice(0, 7);
    const vins = months.get(month) ?? new Set<string>();
    vins.add(t.vin);
    months.set(month, vins);
  }
  return [...months].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([month, vins]) => ({ month, vehicles: vins.size }));
}

/** Vehicles bought, sold or exported by the party per month, over all its records. */
export function partyMonths(db: Database.Database, id: number): MonthCount[] {
  return db.prepare(`SELECT substr(d, 1, 7) AS month, count(DISTINCT vin) AS vehicles FROM (
      SELECT invoice_date AS d, vin FROM sales WHERE buyer_party_id = @id UNION ALL
      SELECT invoice_date, vin FROM sales WHERE seller_party_id = @id UNION ALL
      SELECT declaration_date, vin FROM exports WHERE exporter_party_id = @id)
    GROUP BY 1 ORDER BY 1`).all({ id }) as MonthCount[];
}
