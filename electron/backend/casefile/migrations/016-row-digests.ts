import type { Migration } from './index';

/**
 * Issue 15: verify named the document or register whose rows changed outside ZeroMile, not the
 * row. Each commit now keeps a digest of every row it committed (casefile/row-digests.ts), with
 * where the row came from, so verify can name the rows that differ, and the deleted ones. No
 * evidence (the chain holds the committed digests); a locator. The kept register block digests
 * are dropped so that this migration's own commit hashes every block again and keeps its rows.
 */
export const migration016: Migration = {
  version: 16,
  name: 'row-digests',
  up: `
CREATE TABLE row_digest_tables (
  code INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE row_digests (
  fact INTEGER NOT NULL,
  tbl INTEGER NOT NULL,
  id INTEGER NOT NULL,
  digest BLOB NOT NULL,
  row_no INTEGER,
  sheet TEXT,
  page INTEGER,
  label TEXT,
  PRIMARY KEY (fact, tbl, id)
) WITHOUT ROWID;
DELETE FROM register_blocks;
`,
};
