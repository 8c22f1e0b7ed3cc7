import type Database from 'better-sqlite3';
import { extractRecords } from './extract-fields';
import { findVins } from './find-vins';
import type { DocumentReading } from './read-document';

export type StoredReading = {
  pages: number;
  /** Every VIN the document names, in order of first appearance. */
  vins: string[];
  /** Proposed records written. */
  proposed: number;
  /** Layouts recognised, one per page that had one. */
  layouts: string[];
  /** What documents.info records of the reading. */
  info: Record<string, unknown>;
};

/**
 * Writes what was read from a document: the text per page (document_pages and the FTS table),
 * the VINs per page (document_vins) and the proposed records. Synchronous: call it inside the
 * transaction that stores the document, so a failure leaves the case as it was. The caller writes
 * `info` and the page count on the document row.
 */
export function storeDocumentReading(db: Database.Database, documentId: number, reading: DocumentReading): StoredReading {
  const insertPage = db.prepare('INSERT INTO document_pages (document_id, page, text, source) VALUES (?, ?, ?, ?)');
  const insertText = db.prepare('INSERT INTO document_text (text, document_id, page) VALUES (?, ?, ?)');
  const insertVin = db.prepare('INSERT OR IGNORE INTO document_vins (document_id, vin, page) VALUES (?, ?, ?)');
  const insertProposed = db.prepare(
    'INSERT INTO proposed_records (document_id, page, kind, layout, fields, boxes, marks) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const vins: string[] = [];
  const layouts: string[] = [];
  let proposed = 0;
  for (const page of reading.pages) {
    insertPage.run(documentId, page.page, page.text, page.source);
    if (page.text.trim() !== '') insertText.run(page.text, documentId, page.page);
    for (const found of findVins(page.text, { ocr: page.source === 'ocr' })) {
      insertVin.run(documentId, found.vin, page.page);
      if (!vins.includes(found.vin)) vins.push(found.vin);
    }
    const drafts = extractRecords(page);
    if (drafts[0]) layouts.push(drafts[0].layout);
    for (const draft of drafts) {
      insertProposed.run(documentId, draft.page, draft.kind, draft.layout, JSON.stringify(draft.fields),
        Object.keys(draft.boxes).length > 0 ? JSON.stringify(draft.boxes) : null, JSON.stringify(draft.marks));
      proposed++;
    }
  }
  const info = {
    media_type: reading.media_type, sources: reading.pages.map((p) => p.source), vins, layouts, proposed,
    no_vin: vins.length === 0, notes: reading.notes,
  };
  return { pages: reading.pages.length, vins, proposed, layouts, info };
}
