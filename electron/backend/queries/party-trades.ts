import type Database from 'better-sqlite3';
import { keptUntilWritten } from '../casefile/write-token';

/** One record of the party's trade: the counterparty, the vehicle, its date and value, whether the run flagged it, and its places. */
export type Trade = { pid: number | null; vin: string; date: string; value: number | null; flagged: boolean; places: readonly (string | null)[]; name?: string | null; invoice_type?: string | null };

/**
 * Everything a party bought (as buyer on a sales invoice), sold (as seller), exported (as exporter
 * on a declaration) and received (as consignee on a declaration: a foreign buyer).
 */
export type PartyTrades = { bought: Trade[]; sold: Trade[]; exported: Trade[]; received: Trade[] };

type TradeRow = Omit<Trade, 'flagged' | 'places'> & { country?: string };

/**
 * The party's records of one kind, each read once from its party index alone (migration 014: at a
 * million vehicles the busiest exporter has 10,000 purchases and 10,000 exports, and every row
 * fetched from its table cost a random read): the figures, the flows, the places and the months
 * are all summed from these rows, in the order the index gives them (by id).
 */
const TRADES = {
  bought: 'SELECT seller_party_id AS pid, vin, invoice_date AS date, price AS value, invoice_type FROM sales WHERE buyer_party_id = ?',
  sold: 'SELECT buyer_party_id AS pid, vin, invoice_date AS date, price AS value FROM sales WHERE seller_party_id = ?',
  exported: `SELECT consignee_party_id AS pid, vin, declaration_date AS date, declared_value AS value, consignee AS name, destination_country AS country
    FROM exports WHERE exporter_party_id = ?`,
  // From exports_consignee alone (migration 026), kept in VIN order for the party's vehicle list: sorted back
  // by id, the order the records gave before, so that the values are summed in the same order (floating point).
  received: 'SELECT exporter_party_id AS pid, vin, declaration_date AS date, declared_value AS value FROM exports WHERE consignee_party_id = ? ORDER BY id',
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
 * A party's trades kept per connection while nothing is written (writeToken): the party page asks
 * for its figures and its network, the link chart asks again for every period its slider picks
 * and for every party added to it, and all of them are summed from the same records.
 */
const keptTrades = keptUntilWritten((): Map<number, PartyTrades> => new Map());

/** Parties whose trades a connection keeps (the busiest: 20,000 records). */
const KEPT_PARTIES = 8;

/** The party's trades, flagged by the latest run (`runId`), kept for the connection's next ask (see keptTrades). */
export function partyTrades(db: Database.Database, id: number, runId: number | null): PartyTrades {
  const cache = keptTrades(db);
  const trades = cache.get(id) ?? readTrades(db, id, runId ?? -1);
  // The party asked last goes to the end: the first is the one let go.
  cache.delete(id);
  cache.set(id, trades);
  while (cache.size > KEPT_PARTIES) cache.delete(cache.keys().next().value!);
  return trades;
}

/** The party's trades as recorded now, each marked flagged when run `runId` flagged its vehicle. */
export function readTrades(db: Database.Database, id: number, runId: number): PartyTrades {
  const rows = {
    bought: db.prepare(TRADES.bought).all(id) as TradeRow[],
    sold: db.prepare(TRADES.sold).all(id) as TradeRow[],
    exported: db.prepare(TRADES.exported).all(id) as TradeRow[],
    received: db.prepare(TRADES.received).all(id) as TradeRow[],
  };
  // The city a vehicle was first registered in places its seller, its buyer and, for a consignee, its exporter.
  const traded = new Set([...rows.bought, ...rows.sold, ...rows.received].map((t) => t.vin));
  const { flagged, cities } = vehicleFacts(db, runId, new Set([...traded, ...rows.exported.map((t) => t.vin)]), traded);
  const trades = (list: TradeRow[], places: (t: TradeRow) => readonly (string | null)[]): Trade[] =>
    list.map((t) => ({ pid: t.pid, vin: t.vin, date: t.date, value: t.value, name: t.name, invoice_type: t.invoice_type, flagged: flagged.has(t.vin), places: places(t) }));
  return {
    bought: trades(rows.bought, (t) => cities.get(t.vin) ?? []),
    sold: trades(rows.sold, (t) => cities.get(t.vin) ?? []),
    exported: trades(rows.exported, (t) => [t.country ?? null]),
    received: trades(rows.received, (t) => cities.get(t.vin) ?? []),
  };
}
