import type Database from 'better-sqlite3';
import type { RunSummary } from '../casefile/run-summaries';
import { busiestIntermediaries } from './intermediaries';
import { runCharts } from './overview-charts';
import { packDestinations } from './pack-destinations';
import { runOverview } from './overview';
import { exportSpans } from './days-to-export';
import { partyStats } from './party-stats';
import { destinations, regionalInflation } from './regional';

/** How many parties the case report draws when the analyst has tagged none. */
export const REPORT_PARTIES = 6;

/** How many parties the summary keeps: what `zeromile stats` prints. */
export const SUMMARY_PARTIES = 100;

/** Sums a run's statistics (minutes of SQL at a million vehicles: run on the summary thread, run-summary-thread.ts). */
export function computeRunSummary(db: Database.Database, runId: number): RunSummary {
  const spans = exportSpans(db);
  return {
    charts: runCharts(db, runId, spans),
    stats: {
      overview: runOverview(db, runId, spans),
      regional: regionalInflation(db, runId),
      parties: partyStats(db, SUMMARY_PARTIES),
      destinations: destinations(db, runId),
    },
    intermediaries: busiestIntermediaries(db, REPORT_PARTIES),
    pack_destinations: packDestinations(db, runId),
  };
}
