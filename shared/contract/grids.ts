import type { Message } from '../i18n/message';
import type { HandlerSpec } from './handler';

/**
 * One block of an AG Grid Infinite Row Model: the grid asks for rows [start, end) with its
 * sort and filter; the backend answers with those rows only, sorted and filtered in SQL, and
 * the exact number of matching rows (asked once per filter, since the grid caches it).
 */
export type SortDir = 'asc' | 'desc';
export type GridSort = { col: string; dir: SortDir };

export type GridRequest<F> = {
  start: number;
  end: number;
  sort?: GridSort | null;
  filter?: F;
  /** Ask for the exact count too (first block of a new sort/filter). */
  count?: boolean;
};

export type GridBlock<R> = { rows: R[]; count: number | null };

export type VehicleRow = {
  id: number; vin: string; maker: string | null; model_year: number | null; make: string | null;
  model: string | null; fuel_type: string | null; production_date: string | null;
};
export type VehicleFilter = { vin?: string; maker?: string };

export type PartyRow = {
  id: number; name: string; party_id: string | null; id_kind: string | null; id_valid: number | null;
  is_person: number; country: string | null;
};
export type PartyFilter = { name?: string };

export type DocumentRow = {
  id: number; file_name: string; size: number; media_type: string; sha256: string; kind: string | null;
  imported_at: string; rows_total: number; rows_imported: number; rows_rejected: number; pages: number | null;
  /** The pages of a PDF or TIFF with more than are read (`pages` were read); null otherwise. */
  pages_in_file: number | null;
};
export type DocumentFilter = { kind?: string };

export type RejectedRow = {
  id: number; document_id: number; file_name: string; sheet: string | null; row_no: number;
  /** The row's cells as written, header -> cell (JSON object text parsed). */
  raw: Record<string, unknown>; reason: string; message: string;
  /** The message as a key and parameters, for the reader's language; null for rows rejected before migration 8 (message is shown). */
  message_msg: Message | null;
};
export type RejectedFilter = { reason?: string; document_id?: number };

export type RuleRunRow = {
  id: number; started: string; finished: string | null; app_version: string; status: string;
  params: Record<string, unknown>; counts: Record<string, number> | null;
};

export type GridHandlers = {
  'grid:vehicles': HandlerSpec<GridRequest<VehicleFilter>, GridBlock<VehicleRow>>;
  'grid:parties': HandlerSpec<GridRequest<PartyFilter>, GridBlock<PartyRow>>;
  'grid:documents': HandlerSpec<GridRequest<DocumentFilter>, GridBlock<DocumentRow>>;
  'grid:rejected': HandlerSpec<GridRequest<RejectedFilter>, GridBlock<RejectedRow>>;
  'grid:rule-runs': HandlerSpec<GridRequest<Record<string, never>>, GridBlock<RuleRunRow>>;
};
