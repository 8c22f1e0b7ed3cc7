import type { RuleParams } from '../rules';
import type { HandlerSpec } from './handler';

/**
 * Whether the latest rule run still describes the case: what changed its records (or its rule
 * packs) after the run committed, from the audit log. Nothing runs the rules by itself: the
 * screens and printed pages say so and the analyst decides (a run at a million vehicles takes 25 s).
 */
export type RunFreshness = {
  /** The run the screens show (the latest), null before any. */
  run: { id: number; started: string; finished: string | null } | null;
  /**
   * After that run: table files imported that added or told records, records accepted from
   * documents, rule packs saved; null when nothing was (or there is no run).
   */
  after: { files: number; accepted: number; packs: number } | null;
  /** Asked with a VIN: the files (in import order) whose records of that vehicle came after the run; empty when none did. */
  vehicle_files?: string[];
};

export type RulesRunResult = { run_id: number; counts: Record<string, number> };

export type RulesRunHandlers = {
  /** Runs every rule with these parameters (defaults for the rest); progress as rules-progress events. */
  'rules:run': HandlerSpec<{ params?: Partial<RuleParams> }, RulesRunResult>;
  /**
   * Asks the rule run in progress to stop (it rolls back: no run, no flags). `requested` is false
   * where no run can be reached (no case host). The run answers with the `cancelled` error.
   */
  'rules:cancel': HandlerSpec<Record<string, never>, { requested: boolean }>;
  /** What changed after the latest run (and, with a VIN, which of that vehicle's records): read by index, cheap at a million vehicles. */
  'rules:freshness': HandlerSpec<{ vin?: string }, RunFreshness>;
  /** Parameters of the latest run (or the defaults), to prefill the form. */
  'rules:last-params': HandlerSpec<Record<string, never>, RuleParams>;
};
