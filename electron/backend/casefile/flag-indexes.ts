import type Database from 'better-sqlite3';
import { deferIndexes, type DeferredIndexes } from './deferred-indexes';

/**
 * A run sets the flags' indexes aside and builds them once after its last flag when the flags it
 * will write are at least 1/BULK_SHARE of those the case holds (estimated by the latest run's: a
 * run finds about what the one before it found; the first run of a case always). Seven indexes
 * keyed by flag key, VIN, party, days, rule, status and run each took every new flag at a random
 * place. 615,000 flags into an empty table (the rules of a million vehicles): 6.85 s of CPU with
 * the indexes kept against 3.98 s built after; into a table holding a run as big: 10.1 s against
 * 8.6 s (a synthetic table of that shape, one after the other at load ~10).
 */
const BULK_SHARE = 8;

/** Page cache (KiB) while the indexes are built: it also bounds the sorter's memory, as for an import's (table-import.ts). */
const REBUILD_CACHE_KB = 2 * 1024;

/** Call inside the run's transaction (a rollback brings the indexes back); null when the run is small against the table. */
export function deferFlagIndexes(db: Database.Database): DeferredIndexes | null {
  const held = db.prepare('SELECT coalesce(max(id), 0) FROM flags').pluck().get() as number;
  const counts = db.prepare("SELECT counts FROM rule_runs WHERE status = 'done' ORDER BY id DESC LIMIT 1").pluck().get() as string | undefined;
  const latest = counts === undefined ? 0 : Object.values(JSON.parse(counts) as Record<string, number>).reduce((sum, n) => sum + n, 0);
  if (held > 0 && held >= latest * BULK_SHARE) return null;
  const deferred = deferIndexes(db, 'flags', () => true);
  return {
    restore: () => {
      const cacheSize = db.pragma('cache_size', { simple: true }) as number;
      db.pragma(`cache_size = ${-REBUILD_CACHE_KB}`);
      try {
        deferred.restore();
      } finally {
        db.pragma(`cache_size = ${cacheSize}`);
      }
    },
  };
}
