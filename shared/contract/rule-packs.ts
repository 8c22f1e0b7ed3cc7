import type { ClauseState, RulePack } from '../rule-packs';
import type { HandlerSpec } from './handler';

/** One pack of the case as the Rule packs screen shows it: its current revision and each clause's state. */
export type PackView = {
  id: string;
  revision: number;
  sha256: string;
  origin: 'shipped' | 'imported' | 'edited';
  saved_at: string;
  pack: RulePack;
  /** By clause id, for today's date. */
  states: Record<string, ClauseState>;
};

export type PackSaved = { pack_id: string; revision: number; changed: boolean };

export type RulePackHandlers = {
  /** Every pack of the case, current revisions, with clause states as of `today`. */
  'packs:list': HandlerSpec<Record<string, never>, { today: string; packs: PackView[] }>;
  /**
   * Changes one clause's parameters and dates: checked against the pack schema (a bad value is
   * refused naming its field), saved as the pack's next revision, with an audit entry.
   */
  'packs:save-clause': HandlerSpec<{ pack_id: string; clause_id: string; params: Record<string, unknown>; effective_from: string | null; effective_to: string | null }, PackSaved>;
  /** A pack file's text: checked, then saved as the next revision of its id. */
  'packs:import': HandlerSpec<{ file_name: string; content: string }, PackSaved>;
  /** The current revision of a pack as a pack file. */
  'packs:export': HandlerSpec<{ pack_id: string }, { file_name: string; content: string }>;
};
