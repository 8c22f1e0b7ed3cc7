import type Database from 'better-sqlite3';
import type { CaseStats } from '../../../shared/contract/stats';
import { ZeroMileError } from '../../../shared/errors';
import { latestRunId } from '../casefile/latest-run';
import { loadRunSummary } from '../casefile/run-summaries';
import { flagsByStatus, overview } from './overview';
import { currentDayKeys, dayBar, daysHistogram, exportSpans } from './days-to-export';
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
    // Summaries of older versions lack the exported vehicles the histogram cannot place, or have
    // buckets other than the overview's: summed now with today's.
    const stored = summary.stats.overview;
    const days = stored.days_to_export_unplaced && currentDayKeys(stored.days_to_export?.map(dayBar).map((b) => b.key)) ? null : exportSpans(db);
    const overview = days ? { ...stored, days_to_export: daysHistogram(days), days_to_export_unplaced: days.unplaced } : stored;
    // Parties stored before the vehicles a consignee received were counted (nor ranked by): summed now.
    const parties = summary.stats.parties.every((p) => typeof p.received === 'number') ? summary.stats.parties : partyStats(db, partyLimit);
    return { run_id: runId, ...summary.stats, parties, overview: { ...overview, flags_by_status: flagsByStatus(db, runId) } };
  }
  return {
    run_id: runId,
    overview: overview(db, runId),
    regional: regionalInflation(db, runId),
    parties: partyStats(db, partyLimit),
    destinations: destinations(db, runId),
  };
}
