import type Database from 'better-sqlite3';
import type { PartyNetwork, PartyNetworkEdge, PartyNetworkNode, PartyRole } from '../../../shared/contract/chain';
import { ZeroMileError } from '../../../shared/errors';

export type Period = { from?: string | null; to?: string | null };

type FlowRow = { id: number; name: string; vehicles: number; first: string | null; last: string | null };

/**
 * Makers a party buys from -> the party -> consignees it ships to, weighted by distinct vehicles,
 * for purchases and declarations dated in the period (inclusive, open ends when not given).
 * The maker of a purchase is the vehicle's manufacturer, else the seller on the invoice.
 */
export function buildPartyNetwork(db: Database.Database, partyId: number, period: Period = {}): PartyNetwork {
  const party = db.prepare('SELECT id, name FROM parties WHERE id = ?').get(partyId) as { id: number; name: string } | undefined;
  if (!party) throw new ZeroMileError('not_found', `No party ${partyId} in this case file.`);
  const args = { party: partyId, from: period.from ?? '0000-00-00', to: period.to ?? '9999-99-99' };
  const makers = db.prepare(`
SELECT p.id, p.name, count(DISTINCT s.vin) AS vehicles, min(s.invoice_date) AS first, max(s.invoice_date) AS last
FROM sales s LEFT JOIN vehicles v ON v.vin = s.vin
JOIN parties p ON p.id = coalesce(v.manufacturer_party_id, s.seller_party_id)
WHERE s.buyer_party_id = @party AND s.invoice_date BETWEEN @from AND @to AND p.id <> @party
GROUP BY p.id ORDER BY vehicles DESC, p.id`).all(args) as FlowRow[];
  const consignees = db.prepare(`
SELECT p.id, p.name, count(DISTINCT e.vin) AS vehicles, min(e.declaration_date) AS first, max(e.declaration_date) AS last
FROM exports e JOIN parties p ON p.id = e.consignee_party_id
WHERE e.exporter_party_id = @party AND e.declaration_date BETWEEN @from AND @to
GROUP BY p.id ORDER BY vehicles DESC, p.id`).all(args) as FlowRow[];
  const totals = db.prepare(`
SELECT (SELECT count(DISTINCT vin) FROM (
          SELECT vin FROM sales WHERE buyer_party_id = @party AND invoice_date BETWEEN @from AND @to
          UNION SELECT vin FROM exports WHERE exporter_party_id = @party AND declaration_date BETWEEN @from AND @to)) AS vehicles,
       (SELECT count(*) FROM exports WHERE exporter_party_id = @party AND declaration_date BETWEEN @from AND @to) AS exports`).get(args) as { vehicles: number; exports: number };

  const nodes: PartyNetworkNode[] = [{ id: party.id, name: party.name, role: totals.exports > 0 ? 'exporter' : 'trader', vehicles: totals.vehicles }];
  const edges: PartyNetworkEdge[] = [];
  const addFlow = (rows: FlowRow[], role: PartyRole, inbound: boolean) => {
    for (const row of rows) {
      if (!nodes.some((n) => n.id === row.id)) nodes.push({ id: row.id, name: row.name, role, vehicles: row.vehicles });
      edges.push(inbound
        ? { source: row.id, target: party.id, vehicles: row.vehicles, first: row.first, last: row.last }
        : { source: party.id, target: row.id, vehicles: row.vehicles, first: row.first, last: row.last });
    }
  };
  addFlow(makers, 'maker', true);
  addFlow(consignees, 'foreign_buyer', false);
  return { party_id: party.id, nodes, edges };
}

/**
 * The case-wide network: the `limit` parties that exported the most vehicles in the period, each
 * with its makers and consignees, merged (a node once, its weight the largest seen; edges summed).
 */
export function buildCaseNetwork(db: Database.Database, options: Period & { limit?: number } = {}): PartyNetwork {
  const top = db.prepare(`
SELECT exporter_party_id AS id FROM exports WHERE declaration_date BETWEEN @from AND @to
GROUP BY exporter_party_id ORDER BY count(DISTINCT vin) DESC, exporter_party_id LIMIT @limit`)
    .pluck().all({ from: options.from ?? '0000-00-00', to: options.to ?? '9999-99-99', limit: options.limit ?? 20 }) as number[];
  const nodes = new Map<number, PartyNetworkNode>();
  const edges = new Map<string, PartyNetworkEdge>();
  for (const id of top) {
    const network = buildPartyNetwork(db, id, options);
    for (const node of network.nodes) {
      const known = nodes.get(node.id);
      if (!known) nodes.set(node.id, { ...node });
      else {
        known.vehicles = Math.max(known.vehicles, node.vehicles);
        if (node.id === id) known.role = node.role;
      }
    }
    for (const edge of network.edges) {
      const key = `${edge.source}>${edge.target}`;
      if (!edges.has(key)) edges.set(key, { ...edge });
    }
  }
  return { party_id: null, nodes: [...nodes.values()], edges: [...edges.values()] };
}
