import type { Migration } from './index';

/**
 * Values read differently from how their cells wrote them (shared/value-marks.ts): an Excel day
 * number in a date field, an amount in 万元, a VIN reshaped. One row per marked value, written only
 * for the rows that have one, so a big import of plain rows writes none. A mark names its source
 * row (document, sheet, row), not a record id: a row that tells a fact the case held becomes a
 * further source of it (record-sources.ts) and keeps its mark. The document's digest covers the
 * table (it has a document_id), so verify holds the marks to the import that wrote them.
 */
export const migration022: Migration = {
  version: 22,
  name: 'value-marks',
  up: `
CREATE TABLE value_marks (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  sheet TEXT,
  row_no INTEGER NOT NULL,
  field TEXT NOT NULL,
  written TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX value_marks_row ON value_marks(document_id, row_no);
`,
};
