import { z } from 'zod';
import type { RulesRunHandlers } from '../../../shared/contract/rules-run';
import { ruleParamsInput, validateRuleParams } from '../../../shared/rules';
import { packParamDefaults } from '../rules/pack-clauses';
import { runRules } from '../rules/runner';
import { runFreshness } from '../casefile/run-freshness';
import { canonicalVin } from '../../../shared/vin';
import { defineHandlers, noArgs } from './handler-table';

export const rulesRunHandlers = defineHandlers<RulesRunHandlers>({
  'rules:run': {
    mode: 'write',
    // The same parameter schema as the CLI's --params file (shared/rules.ts).
    args: z.object({ params: ruleParamsInput.optional() }).strict(),
    run: (ctx, { params }) => {
      ctx.runCancel?.clear();
      const result = runRules(ctx.caseFile(), params ?? {}, {
        signal: ctx.signal,
        ...(ctx.runCancel ? { cancelRequested: () => ctx.runCancel!.requested() } : {}),
        onProgress: (p) => ctx.emit({ type: 'rules-progress', rule: p.rule, done: p.done, total: p.total }),
      });
      ctx.emit({ type: 'case-changed', what: 'flags' });
      return { run_id: result.run.id, counts: result.counts };
    },
  },
  'rules:cancel': {
    // Read: it goes to the reader worker, which is free while the run holds the writer; it only
    // sets the cell the two share.
    mode: 'read',
    args: noArgs,
    run: (ctx) => {
      ctx.runCancel?.request();
      return { requested: ctx.runCancel !== undefined };
    },
  },
  'rules:freshness': {
    mode: 'read',
    args: z.object({ vin: z.string().min(1).max(64).optional() }).strict(),
    run: (ctx, { vin }) => runFreshness(ctx.caseFile().db, vin === undefined ? undefined : canonicalVin(vin)),
  },
  'rules:last-params': {
    mode: 'read',
    args: noArgs,
    run: (ctx) => {
      const { db } = ctx.caseFile();
      const row = db.prepare('SELECT params FROM rule_runs ORDER BY id DESC LIMIT 1').get() as { params: string } | undefined;
      // The pack's clause, not the last run, decides the confirmation parameters: an edit of the
      // China pack shows in the form and reaches the next run.
      try {
        return validateRuleParams({ ...(row ? JSON.parse(row.params) as object : {}), ...packParamDefaults(db) });
      } catch {
        return validateRuleParams(packParamDefaults(db));
      }
    },
  },
});
