import type { ClauseState, RulePack } from '../rule-packs';
import type { HandlerSpec } from './handler';

/** One pack of the case as the Rule packs screen shows it: its current revision and each clause's state. */
export type PackView = {
  id: string;
  revision: number;
  sha256: string;
  origin: 'shipped' | 'imported' | 'edited' | 'restored';
  saved_at: string;
  pack: RulePack;
  /** By clause id, for today's date. */
  states: Record<string, ClauseState>;
};

/** A pack removed from the case: rule runs no longer use it; the flags earlier runs raised from it stay, and name it as removed. */
export type RemovedPackView = {
  id: string;
  /** The removal's revision; `removed_at` when it was made. */
  revision: number;
  removed_at: string;
  /** The pack as it was when removed (what a restore brings back). */
  pack: RulePack;
};

export type PackSaved = { pack_id: string; revision: number; changed: boolean };
/** Flags of every rule run that name a pack, and the runs they are in. */
export type PackFlagCount = { flags: number; runs: number };

export type RulePackHandlers = {
  /** Every pack of the case, current revisions, with clause states as of `today`. */
  'packs:list': HandlerSpec<Record<string, never>, { today: string; packs: PackView[]; removed: RemovedPackView[] }>;
  /** How many flags of earlier runs name a pack (the remove dialog says they stay). */
  'packs:flag-count': HandlerSpec<{ pack_id: string }, PackFlagCount>;
  /**
   * Removes a pack: the next rule run leaves it out. Its revisions stay (earlier runs name them),
   * the flags they raised stay as evidence, marked as of a removed pack; audited. Undone by
   * `packs:restore` or by importing the pack again.
   */
  'packs:remove': HandlerSpec<{ pack_id: string }, { pack_id: string; revision: number } & PackFlagCount>;
  /** Puts a removed pack back as it was, as its next revision (audited). */
  'packs:restore': HandlerSpec<{ pack_id: string }, PackSaved>;
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
