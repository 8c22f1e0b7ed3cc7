import type Database from 'better-sqlite3';
import type { CaseStats } from '../../../shared/contract/stats';
import { ZeroMileError } from '../../../shared/errors';
import { latestRunId } from '../casefile/latest-run';
import { loadRunSummary } from '../casefile/run-summaries';
import { flagsByStatus, overview } from './overview';
import { exportSpans } from './days-to-export';
import { partyStats } from './party-stats';
import { destinations, regionalInflation } from './regional';
import { SUMMARY_PARTIES } from './run-summary';

/**
 * The statistics of a run (the latest unless asked): from the run's summary when it has one
 * (written right after the run, stats/run-summary.ts), else summed here; flag statuses, which
 * verdicts change, are always counted now.
 */
export function caseStats(db: Database.Database, options: { runId?: number; partyLimit?: number } = {}): CaseStats {
  let runId = latestRunId(db);
  if (options.runId !== undefined) {
    const exists = db.prepare('SELECT 1 FROM rule_runs WHERE id = ?').get(options.runId);
    if (!exists) throw new ZeroMileError('not_found', `No rule run ${options.runId} in this case file.`);
    runId = options.runId;
  }
  const partyLimit = options.partyLimit ?? SUMMARY_PARTIES;
  const summary = runId !== null && partyLimit === SUMMARY_PARTIES ? loadRunSummary(db, runId) : null;
  if (summary) {
    // Summaries of older versions lack the exported vehicles the histogram cannot place: counted now.
    const unplaced = summary.stats.overview.days_to_export_unplaced ?? exportSpans(db).unplaced;
    return { run_id: runId, ...summary.stats, overview: { ...summary.stats.overview, days_to_export_unplaced: unplaced, flags_by_status: flagsByStatus(db, runId) } };
  }
  return {
    run_id: runId,
    overview: overview(db, runId),
    regional: regionalInflation(db, runId),
    parties: partyStats(db, partyLimit),
    destinations: destinations(db, runId),
  };
}
