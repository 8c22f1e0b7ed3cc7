import { daysBetween } from '../../../shared/dates';
import type { EvidenceRef } from '../../../shared/contract/chain';
import type { RecordKind } from '../../../shared/record-kinds';

/** Columns every record query selects for its provenance (record alias r, documents alias d). */
export const PROVENANCE_COLUMNS = 'r.id, r.document_id, r.sheet, r.row_no, r.page, d.sha256, d.file_name';

export type ProvenanceRow = {
  id: number; document_id: number; sheet: string | null; row_no: number | null; page: number | null; sha256: string; file_name: string;
};

export function evidenceOf(kind: RecordKind, row: ProvenanceRow): EvidenceRef {
  return {
    record_kind: kind, record_id: row.id, document_id: row.document_id, document_sha256: row.sha256,
    file_name: row.file_name, sheet: row.sheet, row: row.row_no, page: row.page,
  };
}

/** Whole calendar days from `from` to `to` (ISO dates, shared/dates.ts), or null when either is missing. */
export function daysHeld(from: string | null, to: string | null): number | null {
  return from && to ? daysBetween(from, to) : null;
}
