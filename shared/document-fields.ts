import type { RecordKind } from './record-kinds';

/**
 * What ZeroMile reads from single documents (PDFs and images): the layouts it recognises, the
 * records it proposes from them, and search hits over their text.
 */
export const DOCUMENT_LAYOUTS = [
  'sales_invoice_new', 'sales_invoice_used', 'export_declaration', 'registration_certificate', 'commercial_invoice', 'bill_of_lading',
] as const;
export type DocumentLayout = (typeof DOCUMENT_LAYOUTS)[number];

/** Where a value sits on its page, as fractions of the page width and height (origin top left). */
export type FieldBox = { x: number; y: number; w: number; h: number };

/** Canonical columns of the record kind (shared/record-kinds.ts) plus layout extras such as `export_zero_rate`. */
export type ProposedFields = Record<string, string | number | boolean | null>;

/**
 * Why a proposed value needs the analyst's eye: `ocr_corrected` (OCR read other characters, which
 * were changed until the check digit held), `low_confidence` (the engine was unsure of a character),
 * `check_failed` (a USCC or ID number whose check character does not hold), `format_failed` (what
 * the page holds is not a value of the field's format, such as an invoice code that is not 10 or 12
 * digits: the field is left empty, `as_read` says what was there), `words_differ` (an invoice's
 * amount in words is not its amount in figures; `as_read` holds both).
 */
export type FieldMarkKind = 'ocr_corrected' | 'low_confidence' | 'check_failed' | 'format_failed' | 'words_differ';

export type FieldMark = {
  field: string;
  kind: FieldMarkKind;
  /** The characters as they stand on the page (as OCR read them). */
  as_read: string;
  /** The lowest OCR confidence (0-100) among the value's characters; null for a text layer. */
  confidence: number | null;
};

/** Below this OCR confidence (0-100) on any character, a VIN or identifier is marked low_confidence. */
export const OCR_CONFIDENCE_FLOOR = 80;

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
  /** Values the analyst must look at before accepting (shown beside the field in review). */
  marks: FieldMark[];
  status: ProposedStatus;
  /** The row in the record table once accepted. */
  record_id: number | null;
  decided_at: string | null;
};

/**
 * What the analyst should know about a page as read (listed on the document and in the import report):
 * `no_text` nothing readable; `low_confidence` OCR was unsure of much of the page (`confidence`, its
 * mean, 0-100); `rotated` the page was read turned by `degrees` (it was scanned or photographed
 * askew); `likely_rotated` the page reads far better turned but still poorly; `no_layout` text
 * without a form ZeroMile knows, so nothing is proposed from it; `read_failed` the page could not
 * be read (`detail` says why); `image_too_large` / `image_too_complex` an image of a PDF declares a
 * size or a count of parts past its bound (`image`), so it was not decoded and the pages that draw
 * it (`page`, or the document when none can be told) were not rendered for OCR; `page_timed_out`
 * reading the page took longer than its bound (`seconds`) and was stopped, the page kept with its
 * text layer if one was read; `document_timed_out` / `pages_stopped` reading stopped before the
 * end of the document (`skipped` pages kept without text), after `seconds` in all or after `count`
 * pages had each stopped their reading thread; `too_many_pages` the document has more pages than
 * are read (`skipped`: the first not read, and the last page of the document), kept whole all the same.
 */
export const DOCUMENT_WARNINGS = [
  'no_text', 'low_confidence', 'rotated', 'likely_rotated', 'no_layout', 'read_failed', 'image_too_large', 'image_too_complex',
  'page_timed_out', 'document_timed_out', 'pages_stopped', 'too_many_pages',
] as const;
export type DocumentWarningCode = (typeof DOCUMENT_WARNINGS)[number];

export type DocumentWarning = {
  code: DocumentWarningCode;
  /** The page it concerns; null for the whole document. */
  page: number | null;
  confidence?: number;
  degrees?: number;
  detail?: string;
  /** The refused image: its format, the size (pixels and colour components) or count of parts it declares, and the bound. */
  image?: { format: string; width?: number; height?: number; components?: number; parts?: number; limit: number };
  /** The time bound a reading ran past. */
  seconds?: number;
  /** Pages that stopped their reading thread. */
  count?: number;
  /** Pages not read, first and last. */
  skipped?: { from: number; to: number };
};

/** Below this mean OCR confidence (0-100) a page is listed as read with low confidence. */
export const LOW_PAGE_CONFIDENCE = 60;

/** Where a page's text came from: the PDF text layer, OCR, or nothing readable. */
export type PageSource = 'text' | 'ocr' | 'none';

export type DocumentSearchHit = {
  document_id: number;
  file_name: string;
  page: number;
  /** A short excerpt around the match, the match in [brackets]. */
  snippet: string;
};

/** A page of hits: `total` pages match (counted up to DOCUMENT_SEARCH_COUNT_CAP; `total_capped` when there are at least that many), `more` when hits beyond these exist. */
export type DocumentSearchResult = { hits: DocumentSearchHit[]; total: number; total_capped: boolean; more: boolean };

/** Matches counted at most: a word on every page of a million-page case is counted no further. */
export const DOCUMENT_SEARCH_COUNT_CAP = 10_000;
