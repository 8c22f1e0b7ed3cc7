import type { RecordKind } from './record-kinds';

/**
 * What ZeroMile reads from single documents (PDFs and images): the layouts it recognises, the
 * records it proposes from them, and search hits over their text.
 */
export const DOCUMENT_LAYOUTS = ['sales_invoice_new', 'sales_invoice_used', 'export_declaration', 'registration_certificate'] as const;
export type DocumentLayout = (typeof DOCUMENT_LAYOUTS)[number];

/** Where a value sits on its page, as fractions of the page width and height (origin top left). */
export type FieldBox = { x: number; y: number; w: number; h: number };

/** Canonical columns of the record kind (shared/record-kinds.ts) plus layout extras such as `export_zero_rate`. */
export type ProposedFields = Record<string, string | number | boolean | null>;

export type ProposedStatus = 'proposed' | 'accepted' | 'rejected';

export type ProposedRecord = {
  id: number;
  document_id: number;
  /** The document's file name, for lists. */
  file_name: string;
  page: number;
  kind: RecordKind;
  layout: DocumentLayout;
  fields: ProposedFields;
  /** Field name -> box, for highlighting on the page image; null when positions are unknown. */
  boxes: Record<string, FieldBox> | null;
  status: ProposedStatus;
  /** The row in the record table once accepted. */
  record_id: number | null;
  decided_at: string | null;
};

/** Where a page's text came from: the PDF text layer, OCR, or nothing readable. */
export type PageSource = 'text' | 'ocr' | 'none';

export type DocumentSearchHit = {
  document_id: number;
  file_name: string;
  page: number;
  /** A short excerpt around the match, the match in [brackets]. */
  snippet: string;
};
