import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../electron/backend/casefile/migrations/index';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { pageFromLines } from '../../../electron/backend/documents/page-text';
import { searchDocuments } from '../../../electron/backend/documents/search-documents';
import { storeDocumentReading } from '../../../electron/backend/documents/store-reading';
import { tempDir } from '../../support/paths';

/** Issue 18 item 7: document text found however it is spaced, plates however their dot is written. */
const temp = tempDir('zeromile-search-keys-');
afterAll(() => temp.remove());

const PAGES = ['机 动 车 销 售 统 一 发 票\n号牌号码 沪A·12345', '二手车销售统一发票\n号牌号码 川A 67890'];

function caseWithPages(path: string): void {
  const cf = openCaseFile(path, { create: { title: 'search keys' } });
  try {
    PAGES.forEach((text, i) => {
      const id = Number(cf.db.prepare(`INSERT INTO documents (file_name, size, media_type, sha256, kind, imported_at)
        VALUES (?, 1, 'application/pdf', ?, 'document', '2026-01-01T00:00:00Z')`).run(`page${i + 1}.pdf`, String(i).padEnd(64, '0')).lastInsertRowid);
      const lines = text.split('\n').map((line) => ({ text: line, segments: [] }));
      storeDocumentReading(cf.db, id, { media_type: 'application/pdf', pages: [pageFromLines(1, 'text', lines)], notes: [], warnings: [] });
    });
  } finally {
    cf.close();
  }
}

function expectFound(path: string): void {
  const cf = openCaseFile(path, { readonly: true });
  try {
    const files = (q: string) => searchDocuments(cf.db, q).hits.map((h) => h.file_name);
    for (const q of ['机动车销售统一发票', '机 动 车 销 售 统 一 发 票', '机动车 销售']) expect(files(q), q).toEqual(['page1.pdf']);
    for (const q of ['沪A12345', '沪A·12345', '沪a 12345']) expect(files(q), q).toEqual(['page1.pdf']);
    expect(files('川A67890')).toEqual(['page2.pdf']);
    expect(files('销售统一发票').sort()).toEqual(['page1.pdf', 'page2.pdf']);
    // The snippet is the page as read, the match bracketed with its spaces.
    expect(searchDocuments(cf.db, '机动车销售').hits[0]!.snippet).toContain('[机 动 车 销 售]');
    expect(searchDocuments(cf.db, '沪A12345').hits[0]!.snippet).toContain('[沪A·12345]');
  } finally {
    cf.close();
  }
}

describe('search keys', () => {
  it('finds letter-spaced headings and plates however spaced, in a new case file', () => {
    const path = join(temp.dir, 'new.zmcase');
    caseWithPages(path);
    expectFound(path);
  });

  it('rewrites the full-text rows of a case file made before (schema 6) when it is opened', () => {
    const path = join(temp.dir, 'old.zmcase');
    caseWithPages(path);
    // What version 6 wrote: the page text as read, and no plate-key index.
    const raw = new Database(path);
    raw.exec(`DELETE FROM document_text; INSERT INTO document_text (text, document_id, page) SELECT text, document_id, page FROM document_pages;
      DROP INDEX registrations_plate_key;`);
    expect(raw.prepare("SELECT count(*) AS n FROM document_text WHERE document_text MATCH '\"机动车\"'").get()).toEqual({ n: 0 });
    // Migration 7's own steps, as the migration runner takes them (rolling the version back would
    // also run the later migrations again over schema this file already has).
    const migration = MIGRATIONS[6]!;
    expect(migration.name).toBe('search-keys');
    raw.transaction(() => { raw.exec(migration.up); migration.data!(raw); })();
    raw.close();
    expectFound(path);
  });
});
