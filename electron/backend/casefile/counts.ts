import type Database from 'better-sqlite3';
import type { CaseCounts } from '../../../shared/contract/case';
import { writeToken } from './write-token';
import { RECORD_TABLES } from './records';

/**
 * The counts a connection last made, with the write token they were made under. Every screen asks
 * for the case summary (case:current) and the overview for its counts: at a million vehicles the
 * nine count(*) walk every page of nine tables' smallest indexes, 126-503 ms a call under load
 * (probe 65 defect 10), while they change only when something is written.
 */
const kept = new WeakMap<Database.Database, { token: string; counts: CaseCounts }>();

/** Row counts of a case file (max(rowid) would be faster but wrong after deletes: an import deletes the rows it folds). */
export function caseCounts(db: Database.Database): CaseCounts {
  // The token moves with any commit by another connection and any write by this one, a rolled-back one too.
  const token = writeToken(db);
  const known = kept.get(db);
  if (known && known.token === token) return structuredClone(known.counts);
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const records = Object.fromEntries(Object.entries(RECORD_TABLES).map(([kind, table]) => [kind, count(table)])) as CaseCounts['records'];
  const counts = { records, documents: count('documents'), parties: count('parties'), vehicles: count('vehicles'), rejected: count('rejected_rows') };
  kept.set(db, { token, counts });
  return structuredClone(counts);
}
