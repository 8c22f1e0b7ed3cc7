import type Database from 'better-sqlite3';
import type { MonthCount, PartyNetwork, PartyNetworkEdge, PartyNetworkNode, PartyRole } from '../../../shared/contract/chain';
import { ZeroMileError } from '../../../shared/errors';
import { latestRunId } from '../casefile/latest-run';

type Flow = {
  pid: number | null; name: string | null; vehicles: number; first: string | null; last: string | null;
  value: number | null; flagged: number; is_person: number; is_maker?: number; exports?: number;
};
type Place = { pid: number; place: string | null; n: number };

// A vehicle counts as flagged when the latest run flagged it (flags_vin covers the lookup).
const FLAGGED = (vin: string) => `count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM flags f WHERE f.vin = ${vin} AND f.run_id = @run) THEN ${vin} END)`;

/** The most frequent place per party (ties to the first in name order), from rows of (party, place, count). */
function mostFrequent(rows: Place[]): Map<number, string> {
  const best = new Map<number, Place>();
  for (const row of rows) {
    if (row.place === null) continue;
    const known = best.get(row.pid);
    if (!known || row.n > known.n || (row.n === known.n && row.place < known.place!)) best.set(row.pid, row);
  }
  return new Map([...best].map(([pid, row]) => [pid, row.place!]));
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
  const args = { id, from, to, run: latestRunId(db) ?? -1 };
  const sellers = db.prepare(`SELECT s.seller_party_id AS pid, p.name, p.is_person, count(DISTINCT s.vin) AS vehicles,
      min(s.invoice_date) AS first, max(s.invoice_date) AS last, sum(s.price) AS value, ${FLAGGED('s.vin')} AS flagged,
      EXISTS (SELECT 1 FROM vehicles v WHERE v.manufacturer_party_id = s.seller_party_id) AS is_maker
    FROM sales s JOIN parties p ON p.id = s.seller_party_id
    WHERE s.buyer_party_id = @id AND s.invoice_date BETWEEN @from AND @to GROUP BY s.seller_party_id`).all(args) as Flow[];
  const sellerCities = mostFrequent(db.prepare(`SELECT s.seller_party_id AS pid, r.city AS place, count(DISTINCT s.vin) AS n
    FROM sales s JOIN registrations r ON r.vin = s.vin AND r.event = 'initial'
    WHERE s.buyer_party_id = @id AND s.invoice_date BETWEEN @from AND @to GROUP BY 1, 2`).all(args) as Place[]);
  const buyers = db.prepare(`SELECT s.buyer_party_id AS pid, p.name, p.is_person, count(DISTINCT s.vin) AS vehicles,
      min(s.invoice_date) AS first, max(s.invoice_date) AS last, sum(s.price) AS value, ${FLAGGED('s.vin')} AS flagged,
      EXISTS (SELECT 1 FROM exports x WHERE x.exporter_party_id = s.buyer_party_id) AS exports
    FROM sales s JOIN parties p ON p.id = s.buyer_party_id
    WHERE s.seller_party_id = @id AND s.invoice_date BETWEEN @from AND @to GROUP BY s.buyer_party_id`).all(args) as Flow[];
  const buyerCities = mostFrequent(db.prepare(`SELECT s.buyer_party_id AS pid, r.city AS place, count(DISTINCT s.vin) AS n
    FROM sales s JOIN registrations r ON r.vin = s.vin AND r.event = 'initial'
    WHERE s.seller_party_id = @id AND s.invoice_date BETWEEN @from AND @to GROUP BY 1, 2`).all(args) as Place[]);
  const consignees = db.prepare(`SELECT e.consignee_party_id AS pid, coalesce(p.name, e.consignee) AS name, coalesce(p.is_person, 0) AS is_person,
      count(DISTINCT e.vin) AS vehicles, min(e.declaration_date) AS first, max(e.declaration_date) AS last,
      sum(e.declared_value) AS value, ${FLAGGED('e.vin')} AS flagged
    FROM exports e LEFT JOIN parties p ON p.id = e.consignee_party_id
    WHERE e.exporter_party_id = @id AND e.declaration_date BETWEEN @from AND @to AND e.consignee_party_id IS NOT NULL
    GROUP BY e.consignee_party_id`).all(args) as Flow[];
  const countries = mostFrequent(db.prepare(`SELECT e.consignee_party_id AS pid, e.destination_country AS place, count(DISTINCT e.vin) AS n
    FROM exports e WHERE e.exporter_party_id = @id AND e.declaration_date BETWEEN @from AND @to AND e.consignee_party_id IS NOT NULL
    GROUP BY 1, 2`).all(args) as Place[]);
  const exported = (db.prepare('SELECT count(*) AS n FROM exports WHERE exporter_party_id = ?').get(id) as { n: number }).n;

  const nodes = new Map<number, PartyNetworkNode>();
  const edges: PartyNetworkEdge[] = [];
  nodes.set(id, { id, name: party.name, role: exported > 0 ? 'exporter' : party.is_person === 1 ? 'owner' : 'trader', vehicles: 0, city: null, country: party.country, flagged: 0, value: null, is_person: party.is_person === 1 });
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
  for (const flow of sellers) add(flow, flow.is_maker ? 'maker' : 'dealer', { city: sellerCities.get(flow.pid!) ?? null }, false);
  for (const flow of buyers) add(flow, flow.exports ? 'exporter' : 'trader', { city: buyerCities.get(flow.pid!) ?? null }, true);
  for (const flow of consignees) add(flow, 'foreign_buyer', { country: countries.get(flow.pid!) ?? null }, true);
  const self = nodes.get(id)!;
  self.vehicles = edges.reduce((sum, e) => sum + e.vehicles, 0);
  self.flagged = edges.reduce((sum, e) => sum + (e.flagged ?? 0), 0);
  return { party_id: id, nodes: [...nodes.values()], edges, months: partyMonths(db, id) };
}

/** Vehicles bought, sold or exported by the party per month, over all its records. */
export function partyMonths(db: Database.Database, id: number): MonthCount[] {
  return db.prepare(`SELECT substr(d, 1, 7) AS month, count(DISTINCT vin) AS vehicles FROM (
      SELECT invoice_date AS d, vin FROM sales WHERE buyer_party_id = @id UNION ALL
      SELECT invoice_date, vin FROM sales WHERE seller_party_id = @id UNION ALL
      SELECT declaration_date, vin FROM exports WHERE exporter_party_id = @id)
    GROUP BY 1 ORDER BY 1`).all({ id }) as MonthCount[];
}
