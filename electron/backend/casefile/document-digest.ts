import type Database from 'better-sqlite3';
import { BlockHasher, DIGEST_V2, encodedRows, orderedRows, quoteId } from './block-hasher';
import type { HashTally, TableDigests } from './fact-digests';
import type { RowKeeper } from './row-digests';

/**
 * A document's digests in the second scheme (`v2:`): one per table that has rows for it (the
 * document's own row, then every table with a document_id column: documentFactTables), so verify
 * can name the table. A table's value is `v2:` + SHA-256 over its rows of the document, each the
 * json_array of its columns in schema order (from the schema, so columns added later are covered)
 * ending in a newline, in key order. SQLite encodes and joins the rows; a table's rows are read in
 * blocks of rowids, so a file of a million rows never makes one string of them all. The blocks
 * do not show in the digest: it is the same over any split.
 */
export const BLOCK_ROWIDS = 16_384;

type Table = { name: string; order: string };

/** A document's rows of one table in a block of rowids, as its digest encodes them: [rows, text]. */
export function documentBlockReader(db: Database.Database, table: string, documentId: number): (lo: number, hi: number) => [number, Buffer | null] {
  const block = encodedRows<[{ doc: number; lo: number; hi: number }]>(db, table, (json) => `SELECT count(*), CAST(group_concat(j, char(10)) AS BLOB)
    FROM ${orderedRows(`${json} AS j`, `FROM ${quoteId(table)} WHERE document_id = @doc AND rowid BETWEEN @lo AND @hi`, 'rowid')}`, (s) => s.raw(true));
  return (lo, hi) => block({ doc: documentId, lo, hi }) as [number, Buffer | null];
}

function tableDigest(db: Database.Database, table: Table, documentId: number, blockRowids: number, tally?: HashTally, keeper?: RowKeeper): { digest: string; rows: number } | null {
  const name = quoteId(table.name);
  const hasher = new BlockHasher();
  let rows = 0;
  if (table.order === 'rowid') {
    // The document's rows were mostly written together, so their rowids are close: step through their span.
    const [lo, hi] = db.prepare(`SELECT (SELECT min(rowid) FROM ${name} WHERE document_id = @doc), (SELECT max(rowid) FROM ${name} WHERE document_id = @doc)`)
      .raw(true).get({ doc: documentId }) as [number | null, number | null];
    if (lo === null || hi === null) return null;
    const block = documentBlockReader(db, table.name, documentId);
    for (let from = lo; from <= hi; from += blockRowids) {
      const to = Math.min(hi, from + blockRowids - 1);
      const [n, text] = block(from, to);
      rows += n;
      hasher.block(text);
      // The commit keeps each row's digest too, from the same text: verify names the rows that differ.
      keeper?.block(table.name, documentId, from, to, text, n);
    }
  } else {
    // WITHOUT ROWID tables keyed by document (pages, VIN mentions): a document's rows are a page's worth each.
    const [n, text] = encodedRows<[number]>(db, table.name, (json) => `SELECT count(*), CAST(group_concat(j, char(10)) AS BLOB)
      FROM ${orderedRows(`${json} AS j`, `FROM ${name} WHERE document_id = ?`, table.order)}`, (s) => s.raw(true))(documentId) as [number, Buffer | null];
    rows = n;
    hasher.block(text);
  }
  // A table without rows for the document adds nothing, so a table added later leaves old digests alone.
  if (rows === 0) return null;
  if (tally) {
    tally.rows += rows;
    tally.chars += hasher.bytes;
  }
  return { digest: DIGEST_V2 + hasher.digest(), rows };
}

/**
 * The document's digests in the second scheme; `tables`: documentFactTables of the case; `blockRowids` for tests.
 * `keeper`: a commit's, which keeps the digest of each row too (row-digests.ts).
 */
export function documentDigestV2(db: Database.Database, documentId: number, tables: readonly Table[], tally?: HashTally, blockRowids = BLOCK_ROWIDS, keeper?: RowKeeper): TableDigests {
  const out: TableDigests = {};
  const own = encodedRows<[number]>(db, 'documents', (json) => `SELECT CAST(${json} AS BLOB) FROM documents WHERE id = ?`, (s) => s.pluck())(documentId) as Buffer | undefined;
  if (own) {
    const hasher = new BlockHasher();
    hasher.block(own);
    out.documents = DIGEST_V2 + hasher.digest();
    if (tally) {
      tally.rows += 1;
      tally.chars += hasher.bytes;
    }
  }
  keeper?.forgetDocument(documentId);
  for (const table of tables) {
    const hashed = tableDigest(db, table, documentId, blockRowids, tally, keeper);
    if (hashed) out[table.name] = hashed.digest;
  }
  return out;
}
