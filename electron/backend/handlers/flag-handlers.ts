import { z } from 'zod';
import { REVIEW_STATUSES, type FlagHandlers } from '../../../shared/contract/flags';
import { RULE_IDS, SEVERITIES } from '../../../shared/rules';
import { flagsForSubject, listFlags } from '../queries/flag-queries';
import { gridRequest, shortText } from './grid-args';
import { defineHandlers } from './handler-table';

const flagFilter = z.object({
  rule: z.enum(RULE_IDS).optional(),
  status: z.enum(REVIEW_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  vin: shortText.optional(),
  maker: shortText.optional(),
  exporter: shortText.optional(),
  destination: shortText.optional(),
  days_min: z.number().int().optional(),
  days_max: z.number().int().optional(),
  export_month: z.string().regex(/^\d{4}-\d{2}$/).optional(),
  city: shortText.optional(),
  pack: z.string().regex(/^[A-Z]{2}$/).optional(),
  clause: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).optional(),
}).strict();

export const flagHandlers = defineHandlers<FlagHandlers>({
  'flags:list': {
    mode: 'read',
    args: gridRequest(flagFilter).extend({ run_id: z.number().int().optional() }),
    run: (ctx, args) => listFlags(ctx.caseFile().db, args),
  },
  'flags:for-subject': {
    mode: 'read',
    args: z.object({ vin: shortText.optional(), party_id: z.number().int().optional() }).strict(),
    run: (ctx, args) => flagsForSubject(ctx.caseFile().db, args),
  },
});
