import type Database from 'better-sqlite3';

/**
 * What a connection has seen written: `data_version` moves when another connection (the writer
 * thread) commits, `total_changes()` when this one writes. Whatever a read keeps for the next
 * request stays right while this token is the same.
 */
export function writeToken(db: Database.Database): string {
  const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
  return `${db.pragma('data_version', { simple: true }) as number}:${changes}`;
}
