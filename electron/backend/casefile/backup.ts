import BetterSqlite3 from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { writeGuarded } from '../files/guarded-write';
import { writeFailure, writeReasonMessage } from '../files/write-errors';
import { ZeroMileError } from '../../../shared/errors';
import { refusal, refusalMessage } from '../../../shared/refusal';

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
 * A failure says why as a message (error.backup.failed around the write's error.write.failed), so
 * a screen gives it in the reader's language; its English is the command line's.
 */
export async function onlineBackup(db: Database.Database, target: string): Promise<number> {
  try {
    return await writeGuarded(target, async (temp) => {
      const { totalPages } = await db.backup(temp);
      const copy = new BetterSqlite3(temp, { fileMustExist: true });
      try {
        const check = copy.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw writeFailure(target, null, writeReasonMessage('error.backup.check_failed', { detail: String(check) }));
      } finally {
        copy.close();
      }
      return totalPages;
    });
  } catch (error) {
    if (error instanceof ZeroMileError && error.code !== 'write_failed') throw error;
    const reason = error instanceof ZeroMileError && error.msg ? error.msg : refusalMessage('error.write.other', { detail: (error as Error).message });
    throw refusal('write_failed', 'error.backup.failed', { path: target, reason });
  }
}
