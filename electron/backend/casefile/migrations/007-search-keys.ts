import type Database from 'better-sqlite3';
import { PLATE_KEY_SQL, searchKey } from '../../../../shared/search-key';
import type { Migration } from './index';

/**
 * Issue 18 item 7: search finds a plate however its dots and spaces are written (an index on the
 * plate's key, so a million registrations are not scanned), and document text however it is spaced:
 * the full-text table holds each page's text as searchKey makes it, rewritten here for pages read before.
 */
export const migration007: Migration = {
  version: 7,
  name: 'search-keys',
  up: `CREATE INDEX registrations_plate_key ON registrations(${PLATE_KEY_SQL('plate')});`,
  data: (db: Database.Database) => {
    db.exec('DELETE FROM document_text');
    const insert = db.prepare('INSERT INTO document_text (text, document_id, page) VALUES (?, ?, ?)');
    // In batches by key: a statement cannot write while another on the connection is still iterating.
    const batch = db.prepare(`SELECT document_id, page, text FROM document_pages
      WHERE (document_id, page) > (?, ?) AND trim(text) <> '' ORDER BY document_id, page LIMIT 500`);
    let after = [0, 0];
    for (;;) {
      const pages = batch.all(after[0], after[1]) as { document_id: number; page: number; text: string }[];
      for (const page of pages) insert.run(searchKey(page.text), page.document_id, page.page);
      const last = pages.at(-1);
      if (!last) break;
      after = [last.document_id, last.page];
    }
  },
};
