import type { OverviewHandlers } from '../../../shared/contract/overview';
import { overview } from '../stats/overview-charts';
import { loadRunSummary, resumeRunSummary } from '../casefile/run-summaries';
import { summaryBoard } from '../casefile/summary-status';
import { packDestinations } from '../stats/pack-destinations';
import { defineHandlers, noArgs } from './handler-table';
import { latestRunId } from '../casefile/latest-run';

export const overviewHandlers = defineHandlers<OverviewHandlers>({
  'overview:get': {
    mode: 'read',
    args: noArgs,
    run: (ctx) => {
      const caseFile = ctx.caseFile();
      return overview(caseFile.db, Date.now(), (runId) => summaryBoard().of(caseFile.path, runId));
    },
  },
  'overview:summarize': {
    // The writer's: the summary thread's close-wait belongs to the connection that writes.
    mode: 'write',
    args: noArgs,
    run: (ctx) => {
      const caseFile = ctx.caseFile();
      // The overview asks whenever a run's charts are pending; a case open read-only has no writer to sum them.
      return { started: !caseFile.db.readonly && resumeRunSummary(caseFile) !== null };
    },
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
