import type Database from 'better-sqlite3';
import type { CaseCounts } from '../../../shared/contract/case';
import { keptUntilWritten } from './write-token';
import { RECORD_TABLES } from './records';

/**
 * The counts kept per connection until something is written. Every screen asks for the case
 * summary (case:current) and the overview for its counts: at a million vehicles the nine count(*)
 * walk every page of nine tables' smallest indexes, 126-503 ms a call under load (probe 65 defect
 * 10), while they change only when something is written.
 */
const keptCounts = keptUntilWritten((db): CaseCounts => {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const records = Object.fromEntries(Object.entries(RECORD_TABLES).map(([kind, table]) => [kind, count(table)])) as CaseCounts['records'];
  return { records, documents: count('documents'), parties: count('parties'), vehicles: count('vehicles'), rejected: count('rejected_rows') };
});

/** Row counts of a case file (max(rowid) would be faster but wrong after deletes: an import deletes the rows it folds); a copy, the caller's to change. */
export function caseCounts(db: Database.Database): CaseCounts {
  return structuredClone(keptCounts(db));
}
