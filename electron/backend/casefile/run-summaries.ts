import type Database from 'better-sqlite3';
import type { Overview, PackDestinationRow } from '../../../shared/contract/overview';
import type { CaseStats, StatsOverview } from '../../../shared/contract/stats';
import { APP_VERSION } from '../app-version';
import { onCaseThread, type CaseThreadAnswer, type CaseThreadOutcome } from './case-thread';
import type { CaseFile } from './open-case-file';

/**
 * A rule run's statistics as they were when it finished (migration 009): the overview's charts
 * and the figures of `zeromile stats`, summed once over the run's flags and the records it read
 * (stats/run-summary.ts). Flag statuses are not in it: verdicts change them, so they are counted
 * on request.
 */
export type RunSummary = {
  charts: Omit<Overview, 'counts' | 'run_id'>;
  stats: Omit<CaseStats, 'run_id' | 'overview'> & { overview: Omit<StatsOverview, 'flags_by_status'> };
  /** The busiest intermediaries, the parties the case report draws when none is tagged (absent in summaries of older versions). */
  intermediaries?: number[];
  /** The exports rule pack clauses flagged, by destination, month, pack and clause (absent in summaries of older versions). */
  pack_destinations?: PackDestinationRow[];
};

export function saveRunSummary(db: Database.Database, runId: number, summary: RunSummary, ms: number): void {
  db.prepare('INSERT OR REPLACE INTO run_summaries (run_id, computed, app_version, ms, summary) VALUES (?, ?, ?, ?, ?)')
    .run(runId, new Date().toISOString(), APP_VERSION, Math.round(ms), JSON.stringify(summary));
}

/** The run's stored summary, or null when it has none (yet). */
export function loadRunSummary(db: Database.Database, runId: number): RunSummary | null {
  const text = db.prepare('SELECT summary FROM run_summaries WHERE run_id = ?').pluck().get(runId) as string | undefined;
  return text === undefined ? null : (JSON.parse(text) as RunSummary);
}

/** What the summary thread is given, and what it answers. */
export type SummarySetup = { casePath: string; runId: number; nativeBinding?: string; busyTimeoutMs: number };
export type SummaryAnswer = CaseThreadAnswer;

/** How a background summary went: its wall time, and the reason when it failed. */
export type SummaryOutcome = CaseThreadOutcome;

/** The summary thread waits this long for the write lock (a verdict, an import) before giving up; the overview then sums on request. */
const SUMMARY_BUSY_MS = 60_000;

/**
 * Sums a run's statistics on a thread of its own (dist/run-summary-worker.mjs, with its own
 * connection) once the run has committed, and stores them: the caller goes on at once, and the
 * overview answers from the summary when it lands (until then, and if it fails, it sums on
 * request, as for runs of older cases). The case file's close() waits for the thread.
 */
export function summarizeInBackground(caseFile: CaseFile, runId: number): Promise<SummaryOutcome> {
  return onCaseThread<SummarySetup>(caseFile, 'run-summary-worker.mjs', 'The run summary thread',
    { casePath: caseFile.path, runId, busyTimeoutMs: SUMMARY_BUSY_MS, ...(caseFile.nativeBinding ? { nativeBinding: caseFile.nativeBinding } : {}) });
}
