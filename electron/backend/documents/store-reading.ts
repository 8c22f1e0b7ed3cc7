import type Database from 'better-sqlite3';
import { LOW_PAGE_CONFIDENCE, type DocumentWarning } from '../../../shared/document-fields';
import { searchKey } from '../../../shared/search-key';
import { extractRecords } from './extract-fields';
import { findVins } from './find-vins';
import { storedFrameBox, type PageReading } from './page-text';
import type { DocumentReading } from './read-document';

export type StoredReading = {
  pages: number;
  /** Every VIN the document names, in order of first appearance. */
  vins: string[];
  /** VINs as printed on a page whose check digit fails (a check_failed mark of a proposed record), in order, each once. */
  vins_failing: string[];
  /** Proposed records written. */
  proposed: number;
  /** Layouts recognised, one per page that had one. */
  layouts: string[];
  /** Pages the analyst should look at (no text, low OCR confidence, read turned, no known form). */
  warnings: DocumentWarning[];
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
  const failing: string[] = [];
  const warnings: DocumentWarning[] = [...reading.warnings];
  let proposed = 0;
  for (const page of reading.pages) {
    insertPage.run(documentId, page.page, page.text, page.source);
    // The full-text table holds the text without spacing, so letter-spaced and glued headings match alike (search-documents.ts).
    if (page.text.trim() !== '') insertText.run(searchKey(page.text), documentId, page.page);
    for (const found of findVins(page.text, { ocr: page.source === 'ocr' })) {
      insertVin.run(documentId, found.vin, page.page);
      if (!vins.includes(found.vin)) vins.push(found.vin);
    }
    const drafts = extractRecords(page);
    if (drafts[0]) layouts.push(drafts[0].layout);
    warnings.push(...pageWarnings(page, drafts.length > 0, reading.warnings));
    for (const draft of drafts) {
      for (const mark of draft.marks) if (mark.field === 'vin' && mark.kind === 'check_failed' && !failing.includes(mark.as_read)) failing.push(mark.as_read);
      // The review shows the page as stored: boxes read on the upright page are turned back onto it.
      const boxes = Object.fromEntries(Object.entries(draft.boxes).map(([field, box]) => [field, storedFrameBox(box, page.rotation)]));
      insertProposed.run(documentId, draft.page, draft.kind, draft.layout, JSON.stringify(draft.fields),
        Object.keys(boxes).length > 0 ? JSON.stringify(boxes) : null, JSON.stringify(draft.marks));
      proposed++;
    }
  }
  // By page, the document's own first (a refused image is found before any page is read).
  warnings.sort((a, b) => (a.page ?? 0) - (b.page ?? 0));
  const info = {
    media_type: reading.media_type, sources: reading.pages.map((p) => p.source), vins, layouts, proposed,
    no_vin: vins.length === 0, ...(failing.length > 0 ? { vins_failing: failing } : {}), notes: reading.notes, warnings,
  };
  return { pages: reading.pages.length, vins, vins_failing: failing, proposed, layouts, warnings, info };
}

/** What a page as read needs the analyst to know; a page that failed to read or ran out of time has its warning already. */
function pageWarnings(page: PageReading, laidOut: boolean, earlier: readonly DocumentWarning[]): DocumentWarning[] {
  const out: DocumentWarning[] = [];
  if (page.rotation) out.push({ code: 'rotated', page: page.page, degrees: page.rotation });
  if (page.text.trim() === '') {
    // A page with a warning of its own, or among the pages a stopped reading did not reach, says why already.
    const said = earlier.some((w) => w.page === page.page || (w.skipped && page.page >= w.skipped.from && page.page <= w.skipped.to));
    if (!said) out.push({ code: 'no_text', page: page.page });
    return out;
  }
  if (page.source === 'ocr' && page.confidence !== undefined && page.confidence < LOW_PAGE_CONFIDENCE) {
    out.push({ code: 'low_confidence', page: page.page, confidence: page.confidence });
  }
  if (!laidOut) out.push({ code: 'no_layout', page: page.page });
  return out;
}
