import type { Migration } from './index';

/**
 * Issue 18: a proposed record carries the marks of values the analyst must look at (a VIN corrected
 * from what OCR read, a character read with low confidence, an identifier failing its check), as a
 * JSON array of shared/document-fields.ts FieldMark. Records proposed before have none.
 */
export const migration003: Migration = {
  version: 3,
  name: 'proposed-marks',
  up: `ALTER TABLE proposed_records ADD COLUMN marks TEXT NOT NULL DEFAULT '[]';`,
};
