import { z } from 'zod';
import type { GridHandlers } from '../../../shared/contract/grids';
import { listDocuments, listParties, listRejected, listRuleRuns, listVehicles } from '../queries/table-grids';
import { gridRequest, shortText } from './grid-args';
import { defineHandlers } from './handler-table';

export const gridHandlers = defineHandlers<GridHandlers>({
  'grid:vehicles': {
    mode: 'read',
    args: gridRequest(z.object({ vin: shortText.optional(), maker: shortText.optional() }).strict()),
    run: (ctx, args) => listVehicles(ctx.caseFile().db, args),
  },
  'grid:parties': {
    mode: 'read',
    args: gridRequest(z.object({ name: shortText.optional() }).strict()),
    run: (ctx, args) => listParties(ctx.caseFile().db, args),
  },
  'grid:documents': {
    mode: 'read',
    args: gridRequest(z.object({ kind: shortText.optional() }).strict()),
    run: (ctx, args) => listDocuments(ctx.caseFile().db, args),
  },
  'grid:rejected': {
    mode: 'read',
    args: gridRequest(z.object({ reason: shortText.optional(), document_id: z.number().int().optional() }).strict()),
    run: (ctx, args) => listRejected(ctx.caseFile().db, args),
  },
  'grid:rule-runs': {
    mode: 'read',
    args: gridRequest(z.object({}).strict() as unknown as z.ZodType<Record<string, never>>),
    run: (ctx, args) => listRuleRuns(ctx.caseFile().db, args),
  },
});
