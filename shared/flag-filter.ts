import { z } from 'zod';
import { FLAG_SORT_COLUMNS, REVIEW_STATUSES } from './contract/flags';
import { RULE_IDS, SEVERITIES } from './rules';

/**
 * The flag queue's filter and sort as the page sends them (flags:list, the queue's export, saved
 * filters): one schema, so every way into the queue accepts the same filters.
 */
const text = z.string().max(500);
export const flagFilterSchema = z.object({
  rule: z.enum(RULE_IDS).optional(),
  status: z.enum(REVIEW_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  vin: text.optional(),
  maker: text.optional(),
  exporter: text.optional(),
  destination: text.optional(),
  days_min: z.number().int().optional(),
  days_max: z.number().int().optional(),
  export_month: z.string().regex(/^\d{4}-\d{2}$/).optional(),
  city: text.optional(),
  pack: z.string().regex(/^[A-Z]{2}$/).optional(),
  clause: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).optional(),
}).strict();

export const flagSortSchema = z.object({ col: z.enum(FLAG_SORT_COLUMNS), dir: z.enum(['asc', 'desc']) }).strict();
