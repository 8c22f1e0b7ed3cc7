import type Database from 'better-sqlite3';

/**
 * The busiest intermediaries: parties that bought and then sold the most vehicles (a sale to them
 * and a sale by them of the same VIN), the parties the case report draws when the analyst has
 * tagged none. Every sale is looked at once: the (VIN, party) pairs of buyers INTERSECT those of
 * sellers, two scans of the sales and a sort, where a join looked up each sale's resales by VIN
 * (3.5 million B-tree searches at a million vehicles: 24 s of the run summary). The run summary
 * keeps the answer (stats/run-summary.ts).
 */
export function busiestIntermediaries(db: Database.Database, limit: number): number[] {
  // Both parties of a sale are NOT NULL (INTERSECT would hold NULLs equal, where the join never matched them).
  return db.prepare(`WITH resold AS (
      SELECT vin, buyer_party_id AS party FROM sales INTERSECT SELECT vin, seller_party_id FROM sales)
    SELECT party FROM resold GROUP BY party ORDER BY count(*) DESC, party LIMIT ?`).pluck().all(limit) as number[];
}
