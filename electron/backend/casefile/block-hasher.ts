import type Database from 'better-sqlite3';
import { createHash, type Hash } from 'node:crypto';

/**
 * The second digest scheme (`v2:`) shared by documents, registers and rule runs: SQLite encodes
 * each row (json_array of its columns) and joins a block of them with newlines (group_concat), so
 * JavaScript only feeds blocks of bytes to SHA-256. Hashing rows one by one in JavaScript (the
 * first scheme) spent most of its time crossing from SQLite to JavaScript and back to text.
 */
export const DIGEST_V2 = 'v2:';

/** Whether committed digests were made in the second scheme (any of a key's tables says so). */
export function isV2(committed: Record<string, string> | undefined): boolean {
  return committed === undefined || Object.values(committed).some((d) => d.startsWith(DIGEST_V2));
}

/** Feeds SQLite-made blocks of rows (rows joined by newlines) into a hash: every row ends in a newline. */
export class BlockHasher {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  block(text: Buffer | null | undefined): void {
    if (!text || text.length === 0) return;
    this.hash.update(text);
    this.hash.update('\n');
    this.bytes += text.length + 1;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The columns of a table in schema order, from the schema itself (columns added later are covered). */
export function columnsOf(db: Database.Database, table: string): string[] {
  return db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[];
}

/** A table's row as SQL encodes it: json_array of every column in schema order. */
export function rowJson(db: Database.Database, table: string): string {
  return `json_array(${columnsOf(db, table).map(quoteId).join(', ')})`;
}

/** A table's key order: rowid, or the primary key columns of a WITHOUT ROWID table. */
export function keyOrder(db: Database.Database, table: string): string {
  const sql = (db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined) ?? '';
  if (!/WITHOUT\s+ROWID\s*;?\s*$/i.test(sql)) return 'rowid';
  return (db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(table) as string[]).map(quoteId).join(', ');
}
