import type Database from 'better-sqlite3';
import type { Overview, PackDestinationRow } from '../../../shared/contract/overview';
import type { CaseStats, StatsOverview } from '../../../shared/contract/stats';
import { APP_VERSION } from '../app-version';
import { onCaseThread, type CaseThreadAnswer, type CaseThreadOutcome } from './case-thread';
import type { CaseFile } from './open-case-file';
import { partySumsStored } from './party-sums';
import { missingFlagOrders } from './run-flag-orders';
import { summaryBoard } from './summary-status';

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
/** `busyRecords`: the records that make a party busy (queries/party-sums.ts), for tests, whose cases are small. */
export type SummarySetup = { casePath: string; runId: number; nativeBinding?: string; busyTimeoutMs: number; busyRecords?: number };
export type SummaryAnswer = CaseThreadAnswer;

/** How a background summary went: its wall time, and the reason when it failed. */
export type SummaryOutcome = CaseThreadOutcome;

/**
 * The summary thread's JavaScript heap, in MB. Unbounded, V8 let it grow to 420 MB of mostly
 * garbage while the makers' sums ran (a maker's 250,000 sales read and summed at a time), and the
 * province bench's process then peaked at 1,277 MB over the run's summary, past the 1 GB bound. What
 * the sums hold at once stays under 200 MB at a million vehicles (they complete with a 200 MB
 * bound), so 512 MB leaves room for a bigger case. Measured on the busy parties' sums alone, idle:
 * process peak 666 -> 418 MB, 55.0 -> 65.9 s (66.6 -> 85.4 s of CPU: V8 collects more often).
 */
const SUMMARY_HEAP_MB = 512;

/** The runs whose summary thread is at work, per connection that started it. */
const summarizing = new WeakMap<Database.Database, Set<number>>();

/**
 * The summary thread waits this long for the write lock (a verdict, an import) before giving up; the
 * overview then says it failed. Each write waits a second at a time with the thread's cancel looked
 * at in between (write-when-free.ts), so a wait this long never holds a close: an import of a
 * province's files holds the lock for minutes, and with a minute the charts failed after it.
 */
export const SUMMARY_BUSY_MS = 30 * 60_000;

/**
 * Sums a run's statistics on a thread of its own (dist/run-summary-worker.mjs, with its own
 * connection) once the run has committed, and stores them, then the queue's sort orders: the
 * caller goes on at once, and the overview answers from the summary when it lands. What the
 * thread is doing is on the thread's summary board (summary-status.ts), where the overview's
 * readers see it: running, or failed and why. The case file's close() stops the thread at its
 * next step (what it stored stays; the rest is resumed at the next open, resumeRunSummary).
 */
export function summarizeInBackground(caseFile: CaseFile, runId: number, options: { busyTimeoutMs?: number; busyRecords?: number } = {}): Promise<SummaryOutcome> {
  const board = summaryBoard();
  const ticket = board.started(caseFile.path, runId);
  const running = summarizing.get(caseFile.db) ?? new Set<number>();
  summarizing.set(caseFile.db, running.add(runId));
  const busyTimeoutMs = options.busyTimeoutMs ?? SUMMARY_BUSY_MS;
  return onCaseThread<SummarySetup>(caseFile, 'run-summary-worker.mjs', 'The run summary thread',
    { casePath: caseFile.path, runId, busyTimeoutMs, ...(options.busyRecords !== undefined ? { busyRecords: options.busyRecords } : {}), ...(caseFile.nativeBinding ? { nativeBinding: caseFile.nativeBinding } : {}) },
    { cancelAtClose: true, resourceLimits: { maxOldGenerationSizeMb: SUMMARY_HEAP_MB } }).then((outcome) => {
    running.delete(runId);
    if (outcome.ok || outcome.stopped) board.ended(ticket);
    else board.failed(ticket, outcome.message ?? 'the thread ended without saying why');
    return outcome;
  });
}

/**
 * The latest finished run when its summary or any of its queue orders was never stored (its
 * thread failed, was stopped by a close, or its process ended first: `zeromile analyze` does not
 * wait for it), or an order lacks its runs of equal values (stored before migration 012), or its
 * busy parties were not all summed (party-sums.ts; runs before migration 025); else null.
 */
export function runMissingSummary(db: Database.Database): number | null {
  const runId = db.prepare("SELECT id FROM rule_runs WHERE status = 'done' ORDER BY id DESC LIMIT 1").pluck().get() as number | undefined;
  if (runId === undefined) return null;
  const summarized = db.prepare('SELECT 1 FROM run_summaries WHERE run_id = ?').get(runId) !== undefined;
  return summarized && missingFlagOrders(db, runId).length === 0 && partySumsStored(db, runId) ? null : runId;
}

/**
 * On opening a case for writing (the app's and the web server's writer): the latest run's summary,
 * if it was never stored, is summed now in the background, so the overview does not stay
 * "pending" and then sum it on every request. Returns the run resumed, or null (nothing missing,
 * or a thread of this process already at it).
 */
export function resumeRunSummary(caseFile: CaseFile, options: { busyTimeoutMs?: number } = {}): { runId: number; outcome: Promise<SummaryOutcome> } | null {
  const runId = runMissingSummary(caseFile.db);
  // Not twice at once on one connection ("try again" pressed while the thread still sums). A thread
  // of a connection since closed has been told to stop, though its answer may still be on its way.
  if (runId === null || summarizing.get(caseFile.db)?.has(runId)) return null;
  return { runId, outcome: summarizeInBackground(caseFile, runId, options) };
}
