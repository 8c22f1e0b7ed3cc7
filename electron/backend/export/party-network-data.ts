import type Database from 'better-sqlite3';
import type { PartyRole } from '../../../shared/contract/chain';
import { loadRunSummary } from '../casefile/run-summaries';
import { busiestIntermediaries } from '../stats/intermediaries';
import { REPORT_PARTIES } from '../stats/run-summary';

/**
 * The party network as exports and the case report draw it: who sold to whom (sales) and who
 * shipped to whom (exports), over the vehicles an export covers (temp.export_vins), weighted by
 * vehicles, with first and last dates. Roles follow what a party did, strongest first.
 */
export type NetworkParty = { id: number; name: string; is_person: boolean; party_code: string | null; role: PartyRole; vehicles: number; first: string | null; last: string | null };
/** `by_name`: the edge's records that name one of its two parties, one with a USCC or ID number, without it (matched by name only). */
export type NetworkEdge = { source: number; target: number; kind: 'sale' | 'export'; vehicles: number; first: string; last: string; by_name: number };
export type NetworkData = { parties: NetworkParty[]; edges: NetworkEdge[] };

/** Each party's role from what it did, strongest first; read once per network as id sets (a per-party query was minutes on 15k parties). */
function roleOf(db: Database.Database): (id: number, isPerson: boolean) => PartyRole {
  const ids = (sql: string) => new Set(db.prepare(sql).pluck().all() as number[]);
  const makers = ids(`SELECT manufacturer_party_id FROM vehicles WHERE manufacturer_party_id IS NOT NULL
    UNION SELECT maker_party_id FROM confirmations WHERE maker_party_id IS NOT NULL`);
  const exporters = ids('SELECT DISTINCT exporter_party_id FROM exports');
  const consignees = ids('SELECT DISTINCT consignee_party_id FROM exports WHERE consignee_party_id IS NOT NULL');
  const dealers = ids("SELECT DISTINCT seller_party_id FROM sales WHERE invoice_type = 'new'");
  return (id, isPerson) => {
    if (makers.has(id)) return 'maker';
    if (exporters.has(id)) return 'exporter';
    if (consignees.has(id)) return 'foreign_buyer';
    if (isPerson) return 'owner';
    if (dealers.has(id)) return 'dealer';
    return 'trader';
  };
}

/**
 * Per edge ('source target kind'), its records among the selected vehicles that name an identified
 * party without its identifier (a consignee never has one): matched by name only. A kind of
 * record whose partial index of records without an identifier (migration 015) is empty, as where
 * every record gives its identifier, is not read at all. With chosen parties (the report's), their
 * own records are read by the party indexes, as their edges are, each looked up once; for the whole
 * case, the partial indexes are searched once per identified party, so only the records matched by
 * name are read.
 */
function byNameRecords(db: Database.Database, onlyParties: readonly number[] | null): Map<string, number> {
  const any = (table: string, index: string, column: string) =>
    db.prepare(`SELECT EXISTS (SELECT 1 FROM ${table} INDEXED BY ${index} WHERE ${column} IS NULL)`).pluck().get() === 1;
  const bare = { buyer: any('sales', 'sales_buyer_by_name', 'buyer_id'), seller: any('sales', 'sales_seller_by_name', 'seller_id'),
    exporter: any('exports', 'exports_exporter_by_name', 'exporter_id') };
  const branches: string[] = [];
  if (onlyParties) {
    const chosen = (a: string, b: string) => `(${a} IN (SELECT value FROM json_each(@chosen)) OR ${b} IN (SELECT value FROM json_each(@chosen)))`;
    const identified = (party: string) => `EXISTS (SELECT 1 FROM parties p WHERE p.id = ${party} AND p.party_id IS NOT NULL)`;
    const sale = [bare.seller ? `(seller_id IS NULL AND ${identified('s.seller_party_id')})` : null, bare.buyer ? `(buyer_id IS NULL AND ${identified('s.buyer_party_id')})` : null]
      .filter(Boolean);
    if (sale.length > 0) {
      branches.push(`SELECT seller_party_id AS source, buyer_party_id AS target, 'sale' AS kind, id, vin FROM sales s
        WHERE ${chosen('seller_party_id', 'buyer_party_id')} AND (${sale.join(' OR ')})`);
    }
    const declaration = [bare.exporter ? `(exporter_id IS NULL AND ${identified('x.exporter_party_id')})` : null, identified('x.consignee_party_id')].filter(Boolean);
    branches.push(`SELECT exporter_party_id AS source, consignee_party_id AS target, 'export' AS kind, id, vin FROM exports x
      WHERE consignee_party_id IS NOT NULL AND ${chosen('exporter_party_id', 'consignee_party_id')} AND (${declaration.join(' OR ')})`);
  } else {
    const among = 'IN (SELECT id FROM parties WHERE party_id IS NOT NULL)';
    if (bare.buyer) {
      branches.push(`SELECT seller_party_id AS source, buyer_party_id AS target, 'sale' AS kind, id, vin
        FROM sales INDEXED BY sales_buyer_by_name WHERE buyer_id IS NULL AND buyer_party_id ${among}`);
    }
    if (bare.seller) {
      branches.push(`SELECT seller_party_id AS source, buyer_party_id AS target, 'sale' AS kind, id, vin
        FROM sales INDEXED BY sales_seller_by_name WHERE seller_id IS NULL AND seller_party_id ${among}`);
    }
    if (bare.exporter) {
      branches.push(`SELECT exporter_party_id AS source, consignee_party_id AS target, 'export' AS kind, id, vin
        FROM exports INDEXED BY exports_exporter_by_name WHERE exporter_id IS NULL AND consignee_party_id IS NOT NULL AND exporter_party_id ${among}`);
    }
    branches.push(`SELECT exporter_party_id AS source, consignee_party_id AS target, 'export' AS kind, id, vin
      FROM exports INDEXED BY exports_consignee WHERE consignee_party_id ${among}`);
  }
  // UNION: a sale naming both its parties by name is one record of its edge.
  const rows = db.prepare(`SELECT source, target, kind, count(*) AS records FROM (${branches.join(' UNION ')})
      WHERE vin IN (SELECT vin FROM temp.export_vins) AND source <> target
      GROUP BY source, target, kind`).all(onlyParties ? { chosen: JSON.stringify(onlyParties) } : {}) as { source: number; target: number; kind: string; records: number }[];
  return new Map(rows.map((r) => [`${r.source} ${r.target} ${r.kind}`, r.records]));
}

/** Edges among the selected vehicles; `onlyParties` keeps edges touching those parties (the report's chosen parties). */
export function partyNetworkData(db: Database.Database, onlyParties: readonly number[] | null = null): NetworkData {
  // With chosen parties, only their own sales and declarations are read (by the party indexes):
  // the whole case's edges were 12 s at a million vehicles for a report that draws six parties.
  const touching = (a: string, b: string) => (onlyParties ? ` AND (${a} IN (SELECT value FROM json_each(@chosen)) OR ${b} IN (SELECT value FROM json_each(@chosen)))` : '');
  const rows = db.prepare(`SELECT source, target, kind, count(DISTINCT vin) AS vehicles, min(day) AS first, max(day) AS last FROM (
        SELECT seller_party_id AS source, buyer_party_id AS target, 'sale' AS kind, vin, invoice_date AS day FROM sales
        WHERE 1${touching('seller_party_id', 'buyer_party_id')}
        UNION ALL
        SELECT exporter_party_id, consignee_party_id, 'export', vin, declaration_date FROM exports
        WHERE consignee_party_id IS NOT NULL${touching('exporter_party_id', 'consignee_party_id')})
      WHERE vin IN (SELECT vin FROM temp.export_vins) AND source <> target
      GROUP BY source, target, kind ORDER BY source, target, kind`).all(onlyParties ? { chosen: JSON.stringify(onlyParties) } : {}) as NetworkEdge[];
  const chosen = onlyParties ? new Set(onlyParties) : null;
  const edges = chosen ? rows.filter((e) => chosen.has(e.source) || chosen.has(e.target)) : rows;
  const byName = byNameRecords(db, onlyParties);
  for (const e of edges) e.by_name = byName.get(`${e.source} ${e.target} ${e.kind}`) ?? 0;
  const ids = [...new Set(edges.flatMap((e) => [e.source, e.target]).concat(onlyParties ?? []))].sort((a, b) => a - b);
  const partyRow = db.prepare('SELECT id, name, is_person, party_id AS party_code FROM parties WHERE id = ?');
  const role = roleOf(db);
  // One pass over the edges gives each party its busiest edge and its date range.
  const span = new Map<number, { vehicles: number; first: string | null; last: string | null }>();
  for (const e of edges) {
    for (const id of [e.source, e.target]) {
      const s = span.get(id) ?? { vehicles: 0, first: null, last: null };
      s.vehicles = Math.max(s.vehicles, e.vehicles);
      if (s.first === null || e.first < s.first) s.first = e.first;
      if (s.last === null || e.last > s.last) s.last = e.last;
      span.set(id, s);
    }
  }
  const parties: NetworkParty[] = [];
  for (const id of ids) {
    const row = partyRow.get(id) as { id: number; name: string; is_person: number; party_code: string | null } | undefined;
    if (!row) continue;
    const isPerson = row.is_person === 1;
    parties.push({ ...row, is_person: isPerson, role: role(id, isPerson), ...(span.get(id) ?? { vehicles: 0, first: null, last: null }) });
  }
  return { parties, edges };
}

/**
 * Parties tagged 'report' by the analyst, else the busiest intermediaries (bought and sold on the
 * most vehicles), from the run's summary when it has one.
 */
export function reportParties(db: Database.Database, runId: number | null): number[] {
  const tagged = db.prepare(`SELECT CAST(subject_id AS INTEGER) FROM tags WHERE subject_type = 'party' AND tag = 'report' ORDER BY 1`).pluck().all() as number[];
  if (tagged.length > 0) return tagged;
  const summary = runId === null ? null : loadRunSummary(db, runId);
  return summary?.intermediaries ?? busiestIntermediaries(db, REPORT_PARTIES);
}
