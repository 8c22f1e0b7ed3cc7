import type Database from 'better-sqlite3';
import { openCaseFile, type CaseFile } from './open-case-file';

/**
 * Runs `work` on a read-only connection of its own to the case file, in one read transaction,
 * closed after it. A reader answers calls as they come, and a call that streams (an export
 * iterating a statement across the awaits of its file writes) held the reader's connection for
 * minutes at a million vehicles: better-sqlite3 refuses any other statement on a connection while
 * one iterates ("This database connection is busy executing a query"), so every other call the
 * reader took meanwhile failed (the party network, the report, a second export). The transaction
 * gives the streamed file one snapshot of the case (WAL) however long it takes, even when an import
 * commits halfway.
 */
export async function withOwnConnection<T>(caseFile: CaseFile, work: (db: Database.Database) => Promise<T>): Promise<T> {
  // Opened by the writer already (migrated and checked): no check or migration on the way.
  const own = openCaseFile(caseFile.path, { readonly: true, check: 'none', ...(caseFile.nativeBinding ? { nativeBinding: caseFile.nativeBinding } : {}) });
  try {
    own.db.exec('BEGIN');
    return await work(own.db);
  } finally {
    own.close();
  }
}
