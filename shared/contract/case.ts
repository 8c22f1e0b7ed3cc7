import type { HandlerSpec } from './handler';
import type { RecordKind } from '../record-kinds';

export type CaseCounts = {
  records: Record<RecordKind, number>;
  documents: number;
  parties: number;
  vehicles: number;
  rejected: number;
};

export type CaseSummary = {
  path: string;
  title: string;
  created: string;
  app_version: string;
  case_number: string | null;
  classification: string | null;
  analyst: string | null;
  counts: CaseCounts;
};

export type CaseHandlers = {
  'case:create': HandlerSpec<{ path: string; title: string }, CaseSummary>;
  'case:open': HandlerSpec<{ path: string }, CaseSummary>;
  'case:close': HandlerSpec<Record<string, never>, { closed: boolean }>;
  /** The open case, or null when none is open. */
  'case:current': HandlerSpec<Record<string, never>, CaseSummary | null>;
  'case:update-meta': HandlerSpec<{ title?: string; case_number?: string; classification?: string; analyst?: string; subject?: string }, CaseSummary>;
};
