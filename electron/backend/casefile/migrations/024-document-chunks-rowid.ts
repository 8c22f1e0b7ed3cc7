import type { Migration } from './index';

/**
 * A document's original bytes in a table with rowids. As a WITHOUT ROWID table, document_chunks
 * kept each 4 MB chunk inside its primary key's B-tree, where SQLite compares a new key with whole
 * records: every insert (and every look-up of a document's chunks) read the 4 MB of each chunk on
 * its way down, some ten of them (36 MB), from overflow pages. At the 1,000,000-vehicle case (233
 * chunks) storing the 661 bytes of a 4-row CSV took 136 ms of CPU and up to 1.4 s under load, a third
 * of that import (probe 65 defect 11). With rowids the chunks sit in the table's own B-tree, found by
 * rowid, and the key (document_id, seq) in a small index of its own: the same insert takes ~1 ms.
 * The columns and the key are the same, so every statement on the table stays as it was. The rows are
 * copied once; the case file grows by them (0.93 GB at that case: 4.18 to 5.11 GB), the old pages
 * going to the free list, used again by later imports. The open that ran it there took 72 s (35 s of
 * CPU, load 10-12), the backup copy and the facts recommitted, as by every migration, included; the
 * copy of the chunks alone 10.1 s (2.9 s of CPU, load 10-11).
 */
export const migration024: Migration = {
  version: 24,
  name: 'document-chunks-rowid',
  up: `
ALTER TABLE document_chunks RENAME TO document_chunks_v23;
CREATE TABLE document_chunks (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  seq INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (document_id, seq)
);
INSERT INTO document_chunks (document_id, seq, bytes) SELECT document_id, seq, bytes FROM document_chunks_v23 ORDER BY document_id, seq;
DROP TABLE document_chunks_v23;
`,
};
