import type { HandlerSpec } from './handler';
import type { DocumentWarning, DocumentSearchResult, PageSource, ProposedFields, ProposedRecord, ProposedStatus } from '../document-fields';
import type { RecordKind } from '../record-kinds';
import type { RegisterChangedOutside, SameFactNotes } from './import';

/** A page's text, the VINs it names and what to know about it (warnings of the whole document go with page 1). */
export type DocumentPageText = { page: number; source: PageSource; text: string; vins: string[]; warnings: DocumentWarning[] };

/** What accepting a proposed record made. */
/** `further_source`: the case held the record already (the same invoice from a table): the page became a further source of `record_id`. */
export type AcceptedRecord = { record_id: number; kind: RecordKind; further_source?: true; registers_changed_outside?: RegisterChangedOutside[]; same_facts?: SameFactNotes };

/** PDFs and images (issue 7): their text, the records they propose, and the review of those. */
export type DocumentHandlers = {
  /** Full-text search over every document's pages (trigram; shorter queries scan). */
  'documents:search': HandlerSpec<{ q: string; limit?: number }, DocumentSearchResult>;
  /** Text and VINs per page of one document. */
  'documents:pages': HandlerSpec<{ document_id: number }, DocumentPageText[]>;
  /** One page as an image (PNG for PDFs, the file itself for images), base64; boxes are fractions of it. */
  'documents:page-image': HandlerSpec<{ document_id: number; page: number }, { media_type: string; data_base64: string }>;
  /** The documents naming a vehicle, with pages. */
  'documents:for-vin': HandlerSpec<{ vin: string }, { document_id: number; file_name: string; page: number }[]>;
  'proposed:list': HandlerSpec<{ document_id?: number; status?: ProposedStatus }, ProposedRecord[]>;
  /**
   * Accepts a proposed record, with corrections laid over what was read; refused with the reason if
   * invalid, or if it carries marks (a corrected or unsure VIN, an identifier failing its check) on
   * fields left as read and `marks_seen` is not true: the review screen shows them beside the fields.
   * `registers_changed_outside`: as an import's, the registers the acceptance found changed outside
   * ZeroMile before it committed them.
   */
  'proposed:accept': HandlerSpec<{ id: number; corrections?: ProposedFields; marks_seen?: boolean }, AcceptedRecord>;
  /** Rejects a proposal, audited with who (the session's analyst) and why. */
  'proposed:reject': HandlerSpec<{ id: number; reason?: string; analyst?: string }, { rejected: true }>;
  /** A rejected proposal back to the review queue (a rejection made by mistake), audited with who; an accepted one is refused. */
  'proposed:reopen': HandlerSpec<{ id: number; analyst?: string }, { reopened: true }>;
};
