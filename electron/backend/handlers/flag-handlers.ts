import { z } from 'zod';
import type { FlagHandlers } from '../../../shared/contract/flags';
import { flagFilterSchema, flagSortSchema } from '../../../shared/flag-filter';
import { flagsForSubject, listFlags } from '../queries/flag-queries';
import { gridRequest, shortText } from './grid-args';
import { deleteSavedFilter, listSavedFilters, saveFilter } from '../queries/saved-filters';
import { analystArg, sessionAnalyst } from './analyst';
import { defineHandlers, noArgs } from './handler-table';

// A saved filter is the queue's URL query: its own keys only, short values.
const QUERY_KEYS = ['rule', 'status', 'severity', 'vin', 'maker', 'exporter', 'destination', 'days_min', 'days_max', 'export_month', 'city', 'pack', 'clause'] as const;
const savedQuery = z.partialRecord(z.enum(QUERY_KEYS), z.string().max(500));
const filterName = z.string().trim().min(1).max(100);

export const flagHandlers = defineHandlers<FlagHandlers>({
  'flags:list': {
    mode: 'read',
    args: gridRequest(flagFilterSchema).extend({ run_id: z.number().int().optional() }),
    run: (ctx, args) => listFlags(ctx.caseFile().db, args),
  },
  'flags:for-subject': {
    mode: 'read',
    args: z.object({ vin: shortText.optional(), party_id: z.number().int().optional() }).strict(),
    run: (ctx, args) => flagsForSubject(ctx.caseFile().db, args),
  },
  'filters:list': {
    mode: 'read',
    args: noArgs,
    run: (ctx) => listSavedFilters(ctx.caseFile().db),
  },
  'filters:save': {
    mode: 'write',
    args: z.object({ name: filterName, query: savedQuery, sort: flagSortSchema.nullable(), ...analystArg }).strict(),
    run: (ctx, a) => saveFilter(ctx.caseFile().db, { name: a.name, query: a.query as Record<string, string>, sort: a.sort }, sessionAnalyst(ctx, a.analyst)),
  },
  'filters:delete': {
    mode: 'write',
    args: z.object({ name: filterName, ...analystArg }).strict(),
    run: (ctx, a) => deleteSavedFilter(ctx.caseFile().db, a.name, sessionAnalyst(ctx, a.analyst)),
  },
});
