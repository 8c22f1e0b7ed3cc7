import type { Message } from '../i18n/message';
import type { RuleId, Severity } from '../rules';
import type { HandlerSpec } from './handler';
import type { GridBlock, GridRequest, GridSort } from './grids';

/** Where an analyst's review of a flag stands; kept per flag_key so re-runs keep it. */
export const REVIEW_STATUSES = ['open', 'confirmed', 'dismissed', 'follow_up'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** One row of the flag queue (denormalised columns of `flags`, latest run). */
export type FlagRow = {
  id: number;
  run_id: number;
  rule: RuleId;
  severity: Severity;
  flag_key: string;
  vin: string | null;
  party_id: number | null;
  /** The reason as stored (English), shown when reason_msg is null (flags of runs before reasons became messages). */
  reason: string;
  /** The reason as a message from the flag's facts (shared/flag-reasons.ts), rendered in the reader's language. */
  reason_msg: Message | null;
  maker: string | null;
  exporter: string | null;
  destination: string | null;
  days: number | null;
  km: number | null;
  status: ReviewStatus;
  /**
   * The rule pack the flag came from, when that pack was removed from the case since (its latest
   * revision a removal, casefile/rule-packs.ts): the flag stays as evidence, marked. Absent otherwise.
   */
  pack_removed?: { pack: string; removed_at: string };
};

export type FlagFilter = {
  rule?: RuleId;
  status?: ReviewStatus;
  severity?: Severity;
  /** VIN prefix. */
  vin?: string;
  maker?: string;
  exporter?: string;
  destination?: string;
  days_min?: number;
  days_max?: number;
  /** Flags of vehicles exported (declared) in this month, `YYYY-MM`. */
  export_month?: string;
  /** Flags of vehicles first registered in this city. */
  city?: string;
  /** Flags a rule pack's clause raised: the pack's id (RU, JO, CN…), and optionally the clause's. */
  pack?: string;
  clause?: string;
};

/** Sortable flag columns; each has an index (run_id, column, id). */
export const FLAG_SORT_COLUMNS = ['id', 'vin', 'rule', 'severity', 'maker', 'exporter', 'destination', 'days', 'km', 'status'] as const;
export type FlagSortColumn = (typeof FLAG_SORT_COLUMNS)[number];

/** A named filter of the queue, kept in the case file: the queue's URL query and its sort. */
export type SavedFilter = { name: string; query: Record<string, string>; sort: GridSort | null; analyst: string | null; saved_at: string };

export type FlagHandlers = {
  'filters:list': HandlerSpec<Record<string, never>, SavedFilter[]>;
  /** Saves (or replaces) a named filter. Audited. */
  'filters:save': HandlerSpec<{ name: string; query: Record<string, string>; sort: GridSort | null; analyst?: string }, SavedFilter>;
  'filters:delete': HandlerSpec<{ name: string; analyst?: string }, { deleted: boolean }>;
  /** A block of the latest run's flags; `run_id` picks an earlier run. */
  'flags:list': HandlerSpec<GridRequest<FlagFilter> & { run_id?: number }, GridBlock<FlagRow> & { run_id: number | null }>;
  /** Flags of one vehicle or party in the latest run. */
  'flags:for-subject': HandlerSpec<{ vin?: string; party_id?: number }, FlagRow[]>;
};
