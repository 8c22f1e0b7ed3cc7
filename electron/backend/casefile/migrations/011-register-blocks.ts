import type { Migration } from './index';

/** A trigger per write on a register table: the cached digest of each block it touches is dropped. */
function clearOnWrite(table: string, by: string): string {
  const clear = (row: 'NEW' | 'OLD') => `DELETE FROM register_blocks WHERE tbl = '${table}' AND block = ${row}.${by} >> 12;`;
  return `
CREATE TRIGGER register_blocks_${table}_insert AFTER INSERT ON ${table} BEGIN ${clear('NEW')} END;
CREATE TRIGGER register_blocks_${table}_update AFTER UPDATE ON ${table} BEGIN ${clear('OLD')} ${clear('NEW')} END;
CREATE TRIGGER register_blocks_${table}_delete AFTER DELETE ON ${table} BEGIN ${clear('OLD')} END;`;
}

/**
 * Issue 15: every import's audit entry commits the parties and vehicles registers, and hashing
 * them whole took 7 of an import's 28 s at 100,000 vehicles, growing with the case. The registers
 * are now hashed in blocks of 4,096 ids (casefile/register-digest.ts); a block's digest is kept
 * here until a write touches the block. The triggers are in the schema, so a write by any
 * connection (the app, the CLI, a later migration) drops the digests it makes stale; verify
 * never reads this table to decide, it recomputes every block from the rows.
 * `shape`: the block size and the table's columns the digest was made with (a column added
 * later changes every row's encoding, without firing a trigger).
 */
export const migration011: Migration = {
  version: 11,
  name: 'register-blocks',
  up: `
CREATE TABLE register_blocks (
  tbl TEXT NOT NULL,
  block INTEGER NOT NULL,
  shape TEXT NOT NULL,
  rows INTEGER NOT NULL,
  digest TEXT NOT NULL,
  PRIMARY KEY (tbl, block)
) WITHOUT ROWID;
${clearOnWrite('vehicles', 'id')}
${clearOnWrite('parties', 'id')}
${clearOnWrite('party_aliases', 'party_id')}
`,
};
