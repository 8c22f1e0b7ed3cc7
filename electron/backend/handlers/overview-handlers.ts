import type { OverviewHandlers } from '../../../shared/contract/overview';
import { overview } from '../queries/overview-queries';
import { defineHandlers, noArgs } from './handler-table';

export const overviewHandlers = defineHandlers<OverviewHandlers>({
  'overview:get': {
    mode: 'read',
    args: noArgs,
    run: (ctx) => overview(ctx.caseFile().db),
  },
});
