import BetterSqlite3 from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { writeGuarded } from '../files/guarded-write';
import { ZeroMileError } from '../../../shared/errors';

/**
 * A consistent copy through SQLite's online backup (VACUUM INTO gives the same guarantee
 * synchronously, which is what a migration needs: the copy exists before the schema changes).
 */
export function backupCaseFile(db: Database.Database, target: string): void {
  db.prepare('VACUUM INTO ?').run(target);
}

/**
 * `zeromile backup`: SQLite's online backup API copies page by page and restarts if another
 * connection writes meanwhile, so the copy is consistent even while the app imports. A failed
 * copy is removed rather than left half-written; the finished copy is checked before it counts.
 */
export async function onlineBackup(db: Database.Database, target: string): Promise<number> {
  try {
    return await writeGuarded(target, async (temp) => {
      const { totalPages } = await db.backup(temp);
      const copy = new BetterSqlite3(temp, { fileMustExist: true });
      try {
        const check = copy.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw new Error(`the copy fails SQLite's quick_check: ${String(check)}`);
      } finally {
        copy.close();
      }
      return totalPages;
    });
  } catch (error) {
    if (error instanceof ZeroMileError && error.code !== 'write_failed') throw error;
    throw new ZeroMileError('write_failed', `The backup to ${target} failed; nothing was left there. ${(error as Error).message}`);
  }
}
