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
export function computeRunSummary(db: Database.Database, runId: number, step: () => void = () => {}): RunSummary {
  // `step` between the sums: the thread's cancel is checked there (a close does not wait for them all).
  const then = <T>(value: T): T => {
    step();
    return value;
  };
  const spans = then(exportSpans(db));
  const charts = then(runCharts(db, runId, spans));
  const overview = then(runOverview(db, runId, spans));
  const regional = then(regionalInflation(db, runId));
  const parties = then(partyStats(db, SUMMARY_PARTIES));
  const destinationRows = then(destinations(db, runId));
  const intermediaries = then(busiestIntermediaries(db, REPORT_PARTIES));
  return { charts, stats: { overview, regional, parties, destinations: destinationRows }, intermediaries, pack_destinations: packDestinations(db, runId) };
}
