import type Database from 'better-sqlite3';

/**
 * A consistent copy through SQLite's online backup (VACUUM INTO gives the same guarantee
 * synchronously, which is what a migration needs: the copy exists before the schema changes).
 */
export function backupCaseFile(db: Database.Database, target: string): void {
  db.prepare('VACUUM INTO ?').run(target);
}
