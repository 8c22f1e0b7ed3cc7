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

/**
 * `read`, kept per connection with the write token it was made under, and made again only once
 * something was written (by this connection, a rolled-back write too, or a commit of another):
 * for what every screen asks for and only a write changes.
 */
export function keptUntilWritten<T>(read: (db: Database.Database) => T): (db: Database.Database) => T {
  const kept = new WeakMap<Database.Database, { token: string; value: T }>();
  return (db) => {
    const token = writeToken(db);
    const known = kept.get(db);
    if (known && known.token === token) return known.value;
    const value = read(db);
    kept.set(db, { token, value });
    return value;
  };
}
