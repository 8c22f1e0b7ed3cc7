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
 * The by-name records of each edge, as a query of (source, target, kind, records): the records among
 * the selected vehicles that name an identified party without its identifier (a consignee never has
 * one), matched by name only. Each kind is read from its partial index of records without an
 * identifier (migration 015), searched once per identified party, so only the records matched by
 * name are looked up; a kind whose index is empty (every record gives its identifier, as in the
 * demo) is not read at all. The report's chosen parties take the same query: reading their own
 * records instead looked up every record of the busiest traders (0.5-1.2 s against 0.16-0.22 s at
 * 200,000 vehicles with no record by name; 4-5 s against 2.5-3.7 s with a tenth of them by name).
 */
function byNameSql(db: Database.Database): string {
  const any = (table: string, index: string, column: string) =>
    db.prepare(`SELECT EXISTS (SELECT 1 FROM ${table} INDEXED BY ${index} WHERE ${column} IS NULL)`).pluck().get() === 1;
  const among = 'IN (SELECT id FROM parties WHERE party_id IS NOT NULL)';
  const branches = [
    ...(any('sales', 'sales_buyer_by_name', 'buyer_id') ? [`SELECT seller_party_id AS source, buyer_party_id AS target, 'sale' AS kind, id, vin
      FROM sales INDEXED BY sales_buyer_by_name WHERE buyer_id IS NULL AND buyer_party_id ${among}`] : []),
    ...(any('sales', 'sales_seller_by_name', 'seller_id') ? [`SELECT seller_party_id AS source, buyer_party_id AS target, 'sale' AS kind, id, vin
      FROM sales INDEXED BY sales_seller_by_name WHERE seller_id IS NULL AND seller_party_id ${among}`] : []),
    ...(any('exports', 'exports_exporter_by_name', 'exporter_id') ? [`SELECT exporter_party_id AS source, consignee_party_id AS target, 'export' AS kind, id, vin
      FROM exports INDEXED BY exports_exporter_by_name WHERE exporter_id IS NULL AND consignee_party_id IS NOT NULL AND exporter_party_id ${among}`] : []),
    `SELECT exporter_party_id AS source, consignee_party_id AS target, 'export' AS kind, id, vin
      FROM exports INDEXED BY exports_consignee WHERE consignee_party_id ${among}`,
  ];
  // UNION: a sale naming both its parties by name is one record of its edge.
  return `SELECT source, target, kind, count(*) AS records FROM (${branches.join(' UNION ')})
      WHERE vin IN (SELECT vin FROM temp.export_vins) AND source <> target
      GROUP BY source, target, kind`;
}

/** `a` or `b` is one of the chosen parties (@chosen, a JSON array). */
const touching = (a: string, b: string) => `(${a} IN (SELECT value FROM json_each(@chosen)) OR ${b} IN (SELECT value FROM json_each(@chosen)))`;

/** A network built in SQLite's temporary store: its tables' names, until dropPartyNetwork. */
export type BuiltNetwork = { edges: string; chosen: string };
let built = 0;

/**
 * Writes the network's edges among the selected vehicles (temp.export_vins) to a temporary table,
 * one row per seller and buyer (or exporter and consignee) with its vehicles, dates and by-name
 * records; `onlyParties` keeps the edges touching those parties (the report's chosen parties). The
 * rows stay in SQLite's temporary store, on disk past its cache, so a million vehicles' edges are
 * never all in memory: partyNetworkParties and partyNetworkEdges read them back in order. Each
 * build has tables of its own, dropped by dropPartyNetwork once read (also when a GraphML export
 * stops midway), so a reader's temporary store keeps no network between calls.
 */
export function buildPartyNetwork(db: Database.Database, onlyParties: readonly number[] | null = null): BuiltNetwork {
  const network = { edges: `network_edges_${++built}`, chosen: `network_chosen_${built}` };
  // With chosen parties, only their own sales and declarations are read (by the party indexes):
  // the whole case's edges were 12 s at a million vehicles for a report that draws six parties.
  const only = (a: string, b: string) => (onlyParties ? ` AND ${touching(a, b)}` : '');
  const params = onlyParties ? { chosen: JSON.stringify(onlyParties) } : {};
  db.exec(`DROP TABLE IF EXISTS temp.${network.edges};
    CREATE TEMP TABLE ${network.edges} (source INTEGER NOT NULL, target INTEGER NOT NULL, kind TEXT NOT NULL, vehicles INTEGER NOT NULL,
      first TEXT NOT NULL, last TEXT NOT NULL, by_name INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (source, target, kind)) WITHOUT ROWID;
    DROP TABLE IF EXISTS temp.${network.chosen}; CREATE TEMP TABLE ${network.chosen} (id INTEGER PRIMARY KEY);`);
  db.prepare(`INSERT INTO temp.${network.edges} (source, target, kind, vehicles, first, last)
    SELECT source, target, kind, count(DISTINCT vin), min(day), max(day) FROM (
        SELECT seller_party_id AS source, buyer_party_id AS target, 'sale' AS kind, vin, invoice_date AS day FROM sales
        WHERE 1${only('seller_party_id', 'buyer_party_id')}
        UNION ALL
        SELECT exporter_party_id, consignee_party_id, 'export', vin, declaration_date FROM exports
        WHERE consignee_party_id IS NOT NULL${only('exporter_party_id', 'consignee_party_id')})
      WHERE vin IN (SELECT vin FROM temp.export_vins) AND source <> target
      GROUP BY source, target, kind`).run(params);
  db.prepare(`UPDATE temp.${network.edges} AS e SET by_name = b.records FROM (${byNameSql(db)}) AS b
    WHERE e.source = b.source AND e.target = b.target AND e.kind = b.kind`).run();
  if (onlyParties) db.prepare(`INSERT OR IGNORE INTO temp.${network.chosen} SELECT value FROM json_each(?)`).run(JSON.stringify(onlyParties));
  return network;
}

/** Drops a built network's tables, once its readers are done. */
export function dropPartyNetwork(db: Database.Database, network: BuiltNetwork): void {
  db.exec(`DROP TABLE IF EXISTS temp.${network.edges}; DROP TABLE IF EXISTS temp.${network.chosen};`);
}

/**
 * The parties of the network built by buildPartyNetwork, in id order: each with its busiest edge's
 * vehicles and the dates of all its edges (and a chosen party without an edge). Read as iterated.
 */
export function* partyNetworkParties(db: Database.Database, network: BuiltNetwork): Generator<NetworkParty> {
  const role = roleOf(db);
  const statement = db.prepare(`SELECT p.id, p.name, p.is_person, p.party_id AS party_code, n.vehicles, n.first, n.last FROM (
        SELECT id, max(vehicles) AS vehicles, min(first) AS first, max(last) AS last FROM (
          SELECT source AS id, vehicles, first, last FROM temp.${network.edges}
          UNION ALL SELECT target, vehicles, first, last FROM temp.${network.edges}
          UNION ALL SELECT id, 0, NULL, NULL FROM temp.${network.chosen})
        GROUP BY id) n JOIN parties p ON p.id = n.id
      ORDER BY n.id`);
  for (const row of statement.iterate() as Iterable<Omit<NetworkParty, 'is_person' | 'role'> & { is_person: number }>) {
    const isPerson = row.is_person === 1;
    yield { ...row, is_person: isPerson, role: role(row.id, isPerson) };
  }
}

/** The edges of the network built by buildPartyNetwork, by source, target and kind. Read as iterated. */
export function partyNetworkEdges(db: Database.Database, network: BuiltNetwork): Iterable<NetworkEdge> {
  return db.prepare(`SELECT source, target, kind, vehicles, first, last, by_name FROM temp.${network.edges} ORDER BY source, target, kind`).iterate() as Iterable<NetworkEdge>;
}

/** Edges among the selected vehicles, and their parties, in memory: for the report's chosen parties (`onlyParties`), a few hundred edges. */
export function partyNetworkData(db: Database.Database, onlyParties: readonly number[] | null = null): NetworkData {
  const network = buildPartyNetwork(db, onlyParties);
  try {
    return { parties: [...partyNetworkParties(db, network)], edges: [...partyNetworkEdges(db, network)] };
  } finally {
    dropPartyNetwork(db, network);
  }
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
