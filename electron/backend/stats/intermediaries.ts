import type Database from 'better-sqlite3';

/**
 * The busiest intermediaries: parties that bought and then sold the most vehicles (a sale to them
 * and a sale by them of the same VIN), the parties the case report draws when the analyst has
 * tagged none. Every sale is looked at once (seconds at a million vehicles): the run summary keeps
 * the answer (stats/run-summary.ts).
 */
export function busiestIntermediaries(db: Database.Database, limit: number): number[] {
  // `+t.seller_party_id`: the resale is found by VIN (a handful of sales), never by the seller's index,
  // which read all of a busy trader's sales once per sale it bought (the report was superlinear, issue 17 item 3).
  return db.prepare(`SELECT s.buyer_party_id FROM sales s JOIN sales t ON +t.seller_party_id = s.buyer_party_id AND t.vin = s.vin
      GROUP BY s.buyer_party_id ORDER BY count(DISTINCT s.vin) DESC, s.buyer_party_id LIMIT ?`).pluck().all(limit) as number[];
}
