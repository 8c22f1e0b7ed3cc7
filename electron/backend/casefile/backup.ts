import BetterSqlite3 from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
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
    const { totalPages } = await db.backup(target);
    const copy = new BetterSqlite3(target, { fileMustExist: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy fails SQLite's quick_check: ${String(check)}`);
    } finally {
      copy.close();
    }
    return totalPages;
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
    throw new ZeroMileError('internal', `The backup to ${target} failed and was removed: ${(error as Error).message}`);
  }
}
