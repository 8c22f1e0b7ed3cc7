import { z } from 'zod';

/** The argument of every grid block handler, with the grid's own filter schema. */
export function gridRequest<F extends z.ZodTypeAny>(filter: F) {
  return z.object({
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    sort: z.object({ col: z.string().max(64), dir: z.enum(['asc', 'desc']) }).nullable().optional(),
    filter: filter.optional(),
    count: z.boolean().optional(),
  }).strict();
}

export const shortText = z.string().max(500);
