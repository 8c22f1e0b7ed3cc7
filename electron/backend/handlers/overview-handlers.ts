import type { OverviewHandlers } from '../../../shared/contract/overview';
import { overview } from '../stats/overview-charts';
import { loadRunSummary } from '../casefile/run-summaries';
import { packDestinations } from '../stats/pack-destinations';
import { defineHandlers, noArgs } from './handler-table';
import { latestRunId } from '../casefile/latest-run';

export const overviewHandlers = defineHandlers<OverviewHandlers>({
  'overview:get': {
    mode: 'read',
    args: noArgs,
    run: (ctx) => overview(ctx.caseFile().db),
  },
  'overview:pack-destinations': {
    mode: 'read',
    args: noArgs,
    run: (ctx) => {
      const { db } = ctx.caseFile();
      const runId = latestRunId(db);
      if (runId === null) return [];
      // From the run's summary when its thread has written one (791 ms at a million vehicles otherwise).
      return loadRunSummary(db, runId)?.pack_destinations ?? packDestinations(db, runId);
    },
  },
});
