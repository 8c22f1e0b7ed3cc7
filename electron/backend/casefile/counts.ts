import type Database from 'better-sqlite3';
import type { CaseCounts } from '../../../shared/contract/case';
import { RECORD_TABLES } from './records';

/** Row counts of a case file (max(rowid) would be faster but wrong after deletes; records are never deleted). */
export function caseCounts(db: Database.Database): CaseCounts {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const records = Object.fromEntries(Object.entries(RECORD_TABLES).map(([kind, table]) => [kind, count(table)])) as CaseCounts['records'];
  return { records, documents: count('documents'), parties: count('parties'), vehicles: count('vehicles'), rejected: count('rejected_rows') };
}
