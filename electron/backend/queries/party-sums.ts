import type Database from 'better-sqlite3';
import { markPartySumsStored, partiesSummed, partySumsStored, storePartySums } from '../casefile/party-sums';
import { writeNow, type WriteWhenFree } from '../casefile/write-when-free';
import { flaggedVins, tradeFigures } from './party-figures';
import { networkOf } from './party-network-queries';
import { readTrades } from './party-trades';

/**
 * A party with at least this many records (sales invoices naming it either side, declarations
 * naming it as exporter or consignee) has its figures and whole-period network summed once after each rule run
 * (migration 025). Below it a page sums them from the records within the UI's 300 ms (the rules
 * bench's busiest exporter, 20,000 records, took 120 ms cold); at the demo's million vehicles 76
 * parties hold 4.4 of the 4.9 million records.
 */
export const BUSY_PARTY_RECORDS = 10_000;

/** The parties with `atLeast` records or more, busiest first. */
export function busyParties(db: Database.Database, atLeast = BUSY_PARTY_RECORDS): number[] {
  return db.prepare(`SELECT party FROM (
      SELECT seller_party_id AS party FROM sales UNION ALL SELECT buyer_party_id FROM sales
      UNION ALL SELECT exporter_party_id FROM exports UNION ALL SELECT consignee_party_id FROM exports)
    WHERE party IS NOT NULL GROUP BY party HAVING count(*) >= ? ORDER BY count(*) DESC, party`).pluck().all(atLeast) as number[];
}

/**
 * Sums run `runId`'s busy parties and stores them (on the summary thread, after the queue's
 * orders): each party read in a read transaction of its own, its figures, network and flagged
 * vehicles summed from its trades as a page sums them (tradeFigures, networkOf, flaggedVins), and stored in a short write with the
 * audit entry it was read at. A party stored already is skipped (a sum resumed after a close
 * stopped it); `step` between parties is where a close's cancel stops it. Then the run is marked
 * summed. Returns how many parties it summed. `write` runs each write (the summary thread's waits
 * out another writer's lock). `busyRecords` is for tests, whose cases are small.
 */
export function savePartySums(db: Database.Database, runId: number, options: { step?: () => void; write?: WriteWhenFree; busyRecords?: number } = {}): number {
  if (partySumsStored(db, runId)) return 0;
  const { step = () => {}, write = writeNow, busyRecords = BUSY_PARTY_RECORDS } = options;
  const started = performance.now();
  const parties = busyParties(db, busyRecords);
  const stored = partiesSummed(db, runId);
  let summed = 0;
  for (const id of parties) {
    if (stored.has(id)) continue;
    step();
    const { auditId, trades, network } = db.transaction(() => {
      const trades = readTrades(db, id, runId);
      return { auditId: db.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number, trades, network: networkOf(db, id, trades) };
    }).deferred();
    const flagged = flaggedVins(trades);
    const sums = { figures: tradeFigures(trades, flagged), network, flagged_vins: flagged };
    write(() => storePartySums(db, runId, id, auditId, sums));
    summed++;
  }
  const ms = performance.now() - started;
  write(() => markPartySumsStored(db, runId, parties.length, ms));
  return summed;
}
