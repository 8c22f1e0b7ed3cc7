import type { Migration } from './index';

/**
 * Issue 16: one record per real-world fact. A record kind has a natural key (casefile/record-sources.ts
 * NATURAL_KEYS: sale invoice_no+vin, export declaration_no+vin, registration vin+event+date+plate,
 * shipment bl_no+vin, confirmation vin+countries+issued_date). The record row keeps its first source
 * (its own document_id, sheet, row_no, page, raw); every further source of the same key is a row here
 * instead of a second record: its document, sheet, row or page and raw cells as written, its canonical
 * values (`fields`, JSON object) and the fields whose value disagrees with the record's (`differs`,
 * comma-separated, NULL when it agrees), which the conflicting_sources rule flags.
 */
export const migration004: Migration = {
  version: 4,
  name: 'record-sources',
  up: `
CREATE TABLE record_sources (
  id INTEGER PRIMARY KEY,
  record_kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  sheet TEXT,
  row_no INTEGER,
  page INTEGER,
  raw TEXT NOT NULL,
  fields TEXT NOT NULL,
  differs TEXT
);
CREATE INDEX record_sources_record ON record_sources(record_kind, record_id);
CREATE INDEX record_sources_document ON record_sources(document_id);
CREATE INDEX record_sources_differs ON record_sources(record_kind, record_id) WHERE differs IS NOT NULL;
`,
};
