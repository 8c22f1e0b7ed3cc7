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

/**
 * The rows of `fromWhere` in `order`, each as its `columns` (the encoded row named `j`, and any
 * other column the caller joins), for an aggregate that joins them into a block: `SELECT
 * group_concat(j, char(10)) FROM ${orderedRows(...)}`. The order is the subquery's, not an
 * ORDER BY inside group_concat: SQLite sorts that through a temporary B-tree even when the rows
 * come in that order already (a block of rowids, a table without rowid by its key), where the
 * subquery's ORDER BY is met by the scan itself and the aggregate reads its rows as they come.
 * SQLite keeps a FROM-clause subquery's ORDER BY when the outer query aggregates with anything but
 * count(), min() or max() (select.c, where it omits the ones that do nothing), so the order is
 * the one asked for, not merely the scan's. The same blocks, byte for byte; a document's 1.58 M sales took 2.0 s of CPU against 3.5 s
 * (test/unit/casefile/ordered-blocks.test.ts holds both to it, and the plans to no sort).
 */
export function orderedRows(columns: string, fromWhere: string, order: string): string {
  return `(SELECT ${columns} ${fromWhere} ORDER BY ${order})`;
}

export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The columns of a table in schema order, from the schema itself (columns added later are covered). */
export function columnsOf(db: Database.Database, table: string): string[] {
  return db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[];
}

/** A table's row as SQL encodes it: json_array of every column in schema order (`blobs`: see encodedRows). */
export function rowJson(db: Database.Database, table: string, blobs = false): string {
  const columns = columnsOf(db, table).map(quoteId);
  return `json_array(${(blobs ? columns.map((c) => `iif(typeof(${c}) = 'blob', json_object('blob', hex(${c})), ${c})`) : columns).join(', ')})`;
}

const JSON_BLOB_ERROR = 'JSON cannot hold BLOB values';

/**
 * A query over a table's encoded rows (`sql` is given the row encoding) that encodes a BLOB as
 * {"blob": hex} when a row holds one. json_array refuses BLOBs, and ZeroMile never writes one in
 * a hashed table: one there was put in by hand, and verify must name the table that then differs
 * rather than fail whole on "JSON cannot hold BLOB values" (every import failed on it too). The
 * other values encode the same either way, so a block's digest does not depend on which was used;
 * the plain encoding is tried first because the wrapped one costs ~40% more CPU (122,316 sales:
 * 0.19 against 0.27 s user in the sqlite3 shell).
 */
export function encodedRows<P extends unknown[]>(db: Database.Database, table: string, sql: (json: string) => string,
  mode: (statement: Database.Statement) => Database.Statement): (...params: P) => unknown {
  const plain = mode(db.prepare(sql(rowJson(db, table))));
  let wrapped: Database.Statement | null = null;
  return (...params) => {
    try {
      return plain.get(...params);
    } catch (error) {
      if (!(error instanceof Error) || error.message !== JSON_BLOB_ERROR) throw error;
      wrapped ??= mode(db.prepare(sql(rowJson(db, table, true))));
      return wrapped.get(...params);
    }
  };
}

/** A table's key order: rowid, or the primary key columns of a WITHOUT ROWID table. */
export function keyOrder(db: Database.Database, table: string): string {
  const sql = (db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined) ?? '';
  if (!/WITHOUT\s+ROWID\s*;?\s*$/i.test(sql)) return 'rowid';
  return (db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(table) as string[]).map(quoteId).join(', ');
}
