import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDocumentBytes } from '../../../electron/backend/casefile/documents';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../electron/backend/casefile/migrations/index';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { tempDir } from '../../support/paths';
import { rewindMigrations } from '../../support/rewind-migrations';
import { addDocument } from '../reliability/case-builder';

// Probe 65 defect 11: a 4-row CSV took seconds to import into the 1,000,000-vehicle case, a third
// of it storing its 661 bytes. As a WITHOUT ROWID table, document_chunks kept the 4 MB chunks in its
// key's B-tree, where SQLite compares a new key with whole records: each insert read some ten of
// them (36 MB) from overflow pages. Migration 024 gives the table rowids (the key in an index).
const temp = tempDir('zeromile-chunks-');
const CHUNKS_ROWID = MIGRATIONS.find((m) => m.name === 'document-chunks-rowid')!.version;
afterAll(() => temp.remove());

/** 0 for a table with rowids, 1 for a WITHOUT ROWID table. */
const withoutRowid = (db: Database.Database): number =>
  db.prepare("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = 'document_chunks'").pluck().get() as number;

describe('document_chunks, where the original bytes are kept', () => {
  it('is a table with rowids in a new case, its key in an index of its own', () => {
    const cf = openCaseFile(join(temp.dir, 'new.zmcase'), { create: { title: 'chunks' } });
    try {
      expect(withoutRowid(cf.db)).toBe(0);
      const plan = cf.db.prepare('EXPLAIN QUERY PLAN SELECT bytes FROM document_chunks WHERE document_id = ? ORDER BY seq').all(1) as { detail: string }[];
      expect(plan.map((p) => p.detail)).toEqual(['SEARCH document_chunks USING INDEX sqlite_autoindex_document_chunks_1 (document_id=?)']);
      expect(() => cf.db.prepare('INSERT INTO document_chunks (document_id, seq, bytes) VALUES (1, 0, x\'00\'), (1, 0, x\'01\')').run()).toThrow(/UNIQUE/);
    } finally {
      cf.close();
    }
  });

  it('is given rowids when an older case is opened, every chunk copied and the case verifying', () => {
    const path = join(temp.dir, 'older.zmcase');
    const bytes = Buffer.from('invoice_no,vin\n' + 'A1,LGXCE4CB5N0000001\n'.repeat(300));
    const cf = openCaseFile(path, { create: { title: 'older' } });
    const id = addDocument(cf, 'sales.csv', bytes, 1000);
    addDocument(cf, 'exports.csv', Buffer.from('declaration_no,vin\nD1,LGXCE4CB5N0000001\n'));
    cf.close();
    // The case as the version before 024 left it: the table made again as 001 made it, with its rows.
    const raw = new Database(path);
    rewindMigrations(raw, CHUNKS_ROWID - 1);
    expect(withoutRowid(raw)).toBe(1);
    raw.close();

    const upgraded = openCaseFile(path);
    try {
      expect(upgraded.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(withoutRowid(upgraded.db)).toBe(0);
      expect(upgraded.db.prepare('SELECT count(*) FROM document_chunks WHERE document_id = ?').pluck().get(id)).toBe(7);
      expect(readDocumentBytes(upgraded.db, id).equals(bytes)).toBe(true);
      const report = verifyCaseFile(upgraded.db);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      upgraded.close();
    }
  });
});
