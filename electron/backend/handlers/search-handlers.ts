import { z } from 'zod';
import type { SearchHandlers } from '../../../shared/contract/search';
import { search } from '../queries/search-queries';
import { defineHandlers } from './handler-table';

export const searchHandlers = defineHandlers<SearchHandlers>({
  'search:query': {
    mode: 'read',
    args: z.object({ q: z.string().max(200), limit: z.number().int().min(1).max(50).optional() }).strict(),
    run: (ctx, { q, limit }) => search(ctx.caseFile().db, q, limit),
  },
});
