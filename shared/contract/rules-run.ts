import type { RuleParams } from '../rules';
import type { HandlerSpec } from './handler';

export type RulesRunResult = { run_id: number; counts: Record<string, number> };

export type RulesRunHandlers = {
  /** Runs every rule with these parameters (defaults for the rest); progress as rules-progress events. */
  'rules:run': HandlerSpec<{ params?: Partial<RuleParams> }, RulesRunResult>;
  /**
   * Asks the rule run in progress to stop (it rolls back: no run, no flags). `requested` is false
   * where no run can be reached (no case host). The run answers with the `cancelled` error.
   */
  'rules:cancel': HandlerSpec<Record<string, never>, { requested: boolean }>;
  /** Parameters of the latest run (or the defaults), to prefill the form. */
  'rules:last-params': HandlerSpec<Record<string, never>, RuleParams>;
};
