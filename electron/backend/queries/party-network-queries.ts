import type Database from 'better-sqlite3';
import type { MonthCount, PartyNetwork, PartyNetworkEdge, PartyNetworkNode, PartyRole } from '../../../shared/contract/chain';
import { ZeroMileError } from '../../../shared/errors';
import { latestRunId } from '../casefile/latest-run';
import { storedPartyNetwork } from '../casefile/party-sums';
import { partyTrades, type PartyTrades, type Trade } from './party-trades';

type Flow = {
  pid: number | null; name: string | null; vehicles: number; first: string | null; last: string | null;
  value: number | null; flagged: number; is_person: number; is_maker?: number; exports?: number;
};

/**
 * Trades within [from, to] summed per counterparty, in counterparty id order, as GROUP BY gave
 * them: distinct vehicles and flagged vehicles, first and last date, total value, and the place
 * most of its distinct vehicles share (ties to the first in name order).
 */
function flowsOf(trades: readonly Trade[], from: string, to: string): { flow: Flow; place: string | null; name: string | null; vins: Set<string>; flaggedVins: Set<string> }[] {
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
    return { flow, place, name: sum.name, vins: sum.vins, flaggedVins: sum.flagged };
  });
}

/**
 * Sellers (makers, dealers, traders) a party bought from -> the party -> the buyers it sold to and
 * the foreign consignees it exported to, weighted by distinct vehicles within [from, to]. Each
 * counterparty carries what the link chart groups and filters by: the city where the vehicles on
 * its link were first registered, the destination country, flagged vehicles and the value. Over
 * the whole period, a busy party's network as the summary thread stored it after the latest run
 * (queries/party-sums.ts) while no record has changed since; else summed from its trades.
 */
export function partyNetwork(db: Database.Database, id: number, from?: string, to?: string): PartyNetwork {
  const runId = latestRunId(db);
  if (from === undefined && to === undefined) {
    const stored = storedPartyNetwork(db, id, runId);
    if (stored) return stored;
  }
  return networkOf(db, id, partyTrades(db, id, runId), from, to);
}

/** The network of `partyNetwork` from the party's trades. */
export function networkOf(db: Database.Database, id: number, trades: PartyTrades, from = '0000-00-00', to = '9999-99-99'): PartyNetwork {
  const party = db.prepare('SELECT id, name, country, is_person FROM parties WHERE id = ?').get(id) as
    { id: number; name: string; country: string | null; is_person: number } | undefined;
  if (!party) throw new ZeroMileError('not_found', `No party with id ${id} in this case file.`);
  const { bought, sold, exported, received } = trades;
  const boughtFlows = flowsOf(bought, from, to);
  const soldFlows = flowsOf(sold, from, to);
  const exportedFlows = flowsOf(exported, from, to);
  const receivedFlows = flowsOf(received, from, to);
  // The counterparties' names and parts, each asked once for all of them (json_each, by primary key
  // and party index): one statement a counterparty was 29,561 statements for the busiest exporter
  // of the 1,000,000-vehicle case (14,784 counterparties).
  const ids = (flows: ReturnType<typeof flowsOf>) => JSON.stringify([...new Set(flows.map((f) => f.flow.pid).filter((pid) => pid !== null))].sort((a, b) => a - b));
  const partyOf = new Map((db.prepare('SELECT p.id, p.name, p.is_person FROM json_each(?) j JOIN parties p ON p.id = j.value')
    .raw(true).all(ids([...boughtFlows, ...soldFlows, ...exportedFlows, ...receivedFlows])) as [number, string, number][]).map(([pid, name, isPerson]) => [pid, { name, is_person: isPerson }]));
  const makers = new Set(db.prepare('SELECT j.value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM vehicles v WHERE v.manufacturer_party_id = j.value)')
    .pluck().all(ids(boughtFlows)) as number[]);
  const exporters = new Set(db.prepare('SELECT j.value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM exports x WHERE x.exporter_party_id = j.value)')
    .pluck().all(ids(soldFlows)) as number[]);
  /** Sales name a registered party (the old inner join); a consignee may be only a name on the declaration. */
  const named = (rows: ReturnType<typeof flowsOf>, must: boolean) => rows.flatMap(({ flow, place, name, vins, flaggedVins }) => {
    const known = flow.pid === null ? undefined : partyOf.get(flow.pid);
    if (!known && must) return [];
    return [{ flow: { ...flow, name: known?.name ?? name, is_person: known?.is_person ?? 0 }, place, vins, flaggedVins }];
  });
  const sellers = named(boughtFlows, true).map((f) => ({ ...f, flow: { ...f.flow, is_maker: makers.has(f.flow.pid!) ? 1 : 0 } }));
  const buyers = named(soldFlows, true).map((f) => ({ ...f, flow: { ...f.flow, exports: exporters.has(f.flow.pid!) ? 1 : 0 } }));
  const consignees = named(exportedFlows, false);
  // A foreign buyer's exporters: on its left, as a buyer's sellers are.
  const senders = named(receivedFlows, true);

  const nodes = new Map<number, PartyNetworkNode>();
  const edges: PartyNetworkEdge[] = [];
  const role: PartyRole = exported.length > 0 ? 'exporter'
    : received.length > 0 && bought.length === 0 && sold.length === 0 ? 'foreign_buyer' : party.is_person === 1 ? 'owner' : 'trader';
  nodes.set(id, { id, name: party.name, role, vehicles: 0, city: null, country: party.country, flagged: 0, value: null, is_person: party.is_person === 1 });
  // A counterparty on more than one link (it sold to the party and bought from it) is one node
  // whose figures are its distinct vehicles over those links: a vehicle it sold to the party and
  // bought back is one vehicle, as the investigator reads the node (summing the links counted it
  // twice). Its edges keep their own counts, one per direction.
  const linkedVins = new Map<number, { vins: Set<string>; flagged: Set<string> }>();
  type Linked = { flow: Flow; place: string | null; vins: Set<string>; flaggedVins: Set<string> };
  const add = ({ flow, vins, flaggedVins }: Linked, role: PartyRole, place: { city?: string | null; country?: string | null }, outbound: boolean) => {
    if (flow.pid === null || flow.pid === id) return;
    const seen = linkedVins.get(flow.pid);
    if (seen) {
      for (const vin of vins) seen.vins.add(vin);
      for (const vin of flaggedVins) seen.flagged.add(vin);
    } else linkedVins.set(flow.pid, { vins: new Set(vins), flagged: new Set(flaggedVins) });
    const known = nodes.get(flow.pid);
    if (known) {
      known.vehicles = linkedVins.get(flow.pid)!.vins.size;
      known.flagged = linkedVins.get(flow.pid)!.flagged.size;
    } else {
      // A private person is an owner where a company would be a dealer or trader; makers, exporters and foreign buyers keep their part.
      const shown = flow.is_person && (role === 'dealer' || role === 'trader') ? 'owner' : role;
      nodes.set(flow.pid, { id: flow.pid, name: flow.name ?? '', role: shown, vehicles: flow.vehicles,
        city: place.city ?? null, country: place.country ?? null, flagged: flow.flagged, value: flow.value, is_person: flow.is_person === 1 });
    }
    const edge = { vehicles: flow.vehicles, first: flow.first, last: flow.last, value: flow.value, flagged: flow.flagged };
    edges.push(outbound ? { source: id, target: flow.pid, ...edge } : { source: flow.pid, target: id, ...edge });
  };
  for (const link of sellers) add(link, link.flow.is_maker ? 'maker' : 'dealer', { city: link.place }, false);
  for (const link of buyers) add(link, link.flow.exports ? 'exporter' : 'trader', { city: link.place }, true);
  for (const link of consignees) add(link, 'foreign_buyer', { country: link.place }, true);
  for (const link of senders) add(link, 'exporter', { city: link.place }, false);
  // The party itself: distinct vehicles over all its links, as its figures and `zeromile stats`
  // count vehicles (one it bought and then exported is one vehicle, not one per link).
  const linked = [bought, sold, exported, received].flat().filter((t) => t.pid !== null && t.pid !== id && nodes.has(t.pid) && t.date >= from && t.date <= to);
  const self = nodes.get(id)!;
  self.vehicles = new Set(linked.map((t) => t.vin)).size;
  self.flagged = new Set(linked.filter((t) => t.flagged).map((t) => t.vin)).size;
  return { party_id: id, nodes: [...nodes.values()], edges, months: monthsOf([...bought, ...sold, ...exported, ...received]) };
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
