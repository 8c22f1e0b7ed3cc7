import type Database from 'better-sqlite3';

/** `between`: called after each index is built (an import's cancel check, which throws to stop). */
export type DeferredIndexes = { restore(between?: () => void): void };

/**
 * Drops indexes of a table for a bulk load and gives back a function that builds them again.
 * Inserting a million rows into B-trees keyed by VIN, date, party or name touches pages all over
 * the file, far more than any page cache holds; building each index once, sorted, at the end is
 * many times faster. `drop`: which of the table's indexes (by name) go. Call inside the import's
 * transaction: a rollback brings the indexes back as they were, and the schema after a commit is
 * the same as before.
 */
export function deferIndexes(db: Database.Database, table: string, drop: (index: string) => boolean): DeferredIndexes {
  const indexes = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")
    .all(table) as { name: string; sql: string }[]).filter((index) => drop(index.name));
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  return {
    restore: (between) => {
      // The sorter behind CREATE INDEX could merge on helper threads (PRAGMA threads); on two cores
      // that was slower (five indexes over a million sales: 2.9 s with two helpers, 2.1 s without).
      for (const index of indexes) {
        db.exec(index.sql);
        between?.();
      }
    },
  };
}
