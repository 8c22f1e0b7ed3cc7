import type Database from 'better-sqlite3';
import type { PartyStatsRow } from '../../../shared/contract/stats';
import { shownPartyCode, type MaskOptions } from '../../../shared/party-id';

/**
 * Per party, as its page counts them (PartyFigures): distinct vehicles bought (as buyer on an
 * invoice: vehicles_bought), exported (as exporter on a declaration: vehicles_exported) and
 * received (as consignee on a declaration, a foreign buyer: vehicles_received), and the median days
 * from its earliest purchase of a vehicle to its first export declaration of that vehicle on or
 * after it. The `limit` parties that exported most come first, then those that received most (a
 * foreign buyer of 9,600 vehicles comes before every private buyer of one car, not after them), then
 * those that bought most.
 */
export function partyStats(db: Database.Database, limit = 100): PartyStatsRow[] {
  return withSortMemory(db, () => db.prepare(`
WITH bought AS (SELECT buyer_party_id AS party, vin, min(invoice_date) AS d FROM sales GROUP BY buyer_party_id, vin),
exported AS (SELECT exporter_party_id AS party, vin, min(declaration_date) AS d FROM exports GROUP BY exporter_party_id, vin),
received AS (SELECT consignee_party_id AS party FROM exports WHERE consignee_party_id IS NOT NULL GROUP BY consignee_party_id, vin),
totals AS (
  SELECT party, sum(b) AS bought, sum(x) AS exported, sum(r) AS received FROM (
    SELECT party, 1 AS b, 0 AS x, 0 AS r FROM bought UNION ALL SELECT party, 0, 1, 0 FROM exported UNION ALL SELECT party, 0, 0, 1 FROM received
  ) GROUP BY party
),
top AS (SELECT * FROM totals ORDER BY exported DESC, received DESC, bought DESC, party LIMIT @limit),
spans AS (
  SELECT b.party, CAST(julianday(x.d) - julianday(b.d) AS INTEGER) AS days
  FROM bought b JOIN exported x ON x.party = b.party AND x.vin = b.vin
  WHERE b.party IN (SELECT party FROM top) AND x.d >= b.d
),
ranked AS (
  SELECT party, days, row_number() OVER (PARTITION BY party ORDER BY days) AS k, count(*) OVER (PARTITION BY party) AS n FROM spans
),
medians AS (
  SELECT party, avg(days) AS median FROM ranked WHERE k IN ((n + 1) / 2, (n + 2) / 2) GROUP BY party
)
SELECT t.party AS party_id, p.name, p.party_id AS party_code, t.bought, t.exported, t.received, m.median AS median_days_to_export
FROM top t JOIN parties p ON p.id = t.party LEFT JOIN medians m ON m.party = t.party
ORDER BY t.exported DESC, t.received DESC, t.bought DESC, t.party`).all({ limit }) as PartyStatsRow[]);
}

/**
 * The rows with each party's identifier as shown (shownPartyCode: a person's ID number masked
 * unless the analyst asked otherwise), for what the command line prints. The rows themselves, and
 * the run summary that keeps them, hold the identifier as recorded.
 */
export function shownPartyStats(db: Database.Database, rows: readonly PartyStatsRow[], options: MaskOptions): PartyStatsRow[] {
  const isPerson = db.prepare('SELECT is_person FROM parties WHERE id = ?').pluck();
  return rows.map((row) => ({ ...row, party_code: shownPartyCode(row.party_code, isPerson.get(row.party_id) === 1, options) }));
}

/** What SQLite may sort in memory for these figures, 16 MB (negative = KiB, as cache_size takes it). */
const SORT_CACHE_KIB = -16_384;

/**
 * Runs `sum` with the connection's page cache at most SORT_CACHE_KIB, then restores it. SQLite
 * sorts a GROUP BY or builds an automatic index in as much memory as the page cache may hold
 * before it spills to a temporary file: on the summary thread's 256 MB cache, the groups of
 * 1.75 M (party, VIN) sales at a million vehicles took ~210 MB on top of the cache (the thread's
 * peak 576 MB, 367 MB spilled), at the same CPU time (2.46 s and 2.48 s of the thread).
 */
function withSortMemory<T>(db: Database.Database, sum: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const bytes = (kib: number) => (kib < 0 ? -kib * 1024 : kib * (db.pragma('page_size', { simple: true }) as number));
  if (bytes(cacheSize) <= bytes(SORT_CACHE_KIB)) return sum();
  db.pragma(`cache_size = ${SORT_CACHE_KIB}`);
  try {
    return sum();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
}
