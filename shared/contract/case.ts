import type { HandlerSpec } from './handler';
import type { RecordKind } from '../record-kinds';

export type CaseCounts = {
  records: Record<RecordKind, number>;
  documents: number;
  parties: number;
  vehicles: number;
  rejected: number;
};

/**
 * The case's own identity, printed on the cover and in every page's margins of evidence and
 * reports: editable in the UI (case properties) and with `zeromile case CASE --set key=value`.
 */
export const CASE_PROPERTIES = ['title', 'case_number', 'subject', 'analyst', 'organisation', 'classification'] as const;
export type CaseProperty = (typeof CASE_PROPERTIES)[number];
export type CaseProperties = { [K in CaseProperty]?: string };

/** The title a case gets when none is given: stored as is, shown and printed in the reader's language. */
export const UNTITLED_CASE = 'Untitled case';

export type CaseSummary = {
  path: string;
  title: string;
  created: string;
  app_version: string;
  case_number: string | null;
  classification: string | null;
  analyst: string | null;
  subject: string | null;
  organisation: string | null;
  counts: CaseCounts;
};

export type CaseHandlers = {
  'case:create': HandlerSpec<{ path: string; title: string }, CaseSummary>;
  'case:open': HandlerSpec<{ path: string }, CaseSummary>;
  'case:close': HandlerSpec<Record<string, never>, { closed: boolean }>;
  /** The open case, or null when none is open. */
  'case:current': HandlerSpec<Record<string, never>, CaseSummary | null>;
  'case:update-meta': HandlerSpec<CaseProperties, CaseSummary>;
};

/** A case file browser mode lists to open (it has no open dialog): in the cases folder or another folder the session may read. */
export type CaseFileEntry = { path: string; name: string; folder: string; bytes: number; modified: string };
