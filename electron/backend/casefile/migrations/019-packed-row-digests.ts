import type Database from 'better-sqlite3';
import type { Migration } from './index';
import { type KeptRow, packRows } from '../row-digest-blocks';

/** The registers' blocks (register-digest.ts REGISTER_BLOCK_BITS): a register's kept rows are packed by the same 4,096 ids. */
const REGISTER_BLOCK_BITS = 12;

/**
 * The registers' row digests of migration 016, packed: one row per block of 4,096 ids. A
 * document's are not converted, only dropped: the migration's own commit keeps every document's
 * row digests again from its rows (it forgets them first), while it reuses a register block's
 * kept digest, and with it that block's row digests, which this converts.
 */
function packRegisters(db: Database.Database): void {
  const insert = db.prepare('INSERT INTO row_digest_blocks (fact, tbl, lo, hi, digests, places) VALUES (0, ?, ?, ?, ?, ?)');
  const labelled = new Set(db.prepare("SELECT code FROM row_digest_tables WHERE name IN ('vehicles', 'parties')").pluck().all() as number[]);
  // A block at a time (a connection cannot write while it steps through a read, and a register's rows at once would be millions).
  const blocks = db.prepare(`SELECT DISTINCT tbl, id >> ${REGISTER_BLOCK_BITS} FROM row_digests WHERE fact = 0`).raw(true).all() as [number, number][];
  const rows = db.prepare('SELECT id, digest, row_no, sheet, page, label FROM row_digests WHERE fact = 0 AND tbl = ? AND id BETWEEN ? AND ? ORDER BY id');
  for (const [tbl, block] of blocks) {
    const lo = block * 2 ** REGISTER_BLOCK_BITS;
    const hi = lo + 2 ** REGISTER_BLOCK_BITS - 1;
    const { digests, places } = packRows(rows.all(tbl, lo, hi) as KeptRow[], labelled.has(tbl));
    insert.run(tbl, lo, hi, digests, places);
  }
}

/**
 * Issue 15 item 6: the kept row digests packed a block to a row (casefile/row-digest-blocks.ts),
 * not a row to a row: at a million vehicles migration 016's form was 6-8 million rows, 174 MB (13 %
 * of the case file), and writing them a tenth of an import's main thread. Migration 020 drops the
 * old form once this one has read it (a migration's SQL runs before its code).
 */
export const migration019: Migration = {
  version: 19,
  name: 'packed-row-digests',
  up: `
CREATE TABLE row_digest_blocks (
  fact INTEGER NOT NULL,
  tbl INTEGER NOT NULL,
  lo INTEGER NOT NULL,
  hi INTEGER NOT NULL,
  digests BLOB NOT NULL,
  places TEXT NOT NULL
);
CREATE INDEX row_digest_blocks_span ON row_digest_blocks (fact, tbl, lo, hi);
`,
  data: packRegisters,
};
