import type Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { ZeroMileError } from '../../../shared/errors';
import type { RuleId } from '../../../shared/rules';
import { ThreadJob } from '../threads/thread-job';
import type { RuleImpl } from './rule';
import type { FinderReport, FinderSetup } from './rule-finder';

/** A finder that has claimed nothing after this long did not start (a finder that dies later reports its rules failed). */
const START_TIMEOUT_MS = 60_000;

/**
 * Finder threads for a run: one per core (with the runner's writing, that keeps every core busy;
 * two on the 2-core build machine), never more than there are jobs.
 */
export function finderThreadCount(rules: readonly RuleImpl[], cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, finderJobs(rules).length));
}

/**
 * The rule finder threads of one run (a thread job of dist/rule-worker.mjs), seen from the
 * runner's synchronous side: the run's transaction waits for each rule's report with takeSync,
 * so it never needs the event loop. The runner's connection's close() waits for every finder
 * to have closed its own connection (the job's close-waits): a finder may still be closing (or,
 * in a small run, only opening) after the run returned, and the case file must be the closing
 * connection's alone to be moved or removed.
 */
export class RuleFinders {
  readonly #job: ThreadJob<FinderReport>;
  readonly #rules: readonly RuleImpl[];
  readonly #reports = new Map<number, Extract<FinderReport, { ok: true }>>();

  constructor(caseDb: Database.Database, setup: Omit<FinderSetup, 'jobs' | 'rules'> & { rules: readonly RuleImpl[] }, threads = finderThreadCount(setup.rules)) {
    const jobs = finderJobs(setup.rules);
    this.#rules = setup.rules;
    // Each thread ends by itself once no job is left or the run stops it (see stop()).
    this.#job = ThreadJob.start<FinderSetup, FinderReport>({
      bundle: 'rule-worker.mjs', name: 'A rule finder', threads: Math.max(1, Math.min(threads, jobs.length)),
      tasks: jobs.length, closeWaitOn: caseDb,
      setup: { ...setup, rules: setup.rules.map((rule) => rule.id), jobs },
    });
  }

  /**
   * Blocks until rule `index` is found; its report. Throws the finder's message when one failed;
   * `checkCancel` is called every tenth of a second meanwhile and may throw to stop waiting.
   */
  waitFor(index: number, checkCancel: () => void = () => {}): Extract<FinderReport, { ok: true }> {
    const started = performance.now();
    for (;;) {
      for (let report = this.#job.takeSync(0); report; report = this.#job.takeSync(0)) this.#record(report);
      const found = this.#reports.get(index);
      if (found) return found;
      if (this.#job.allEndedSync()) {
        // What they sent before ending is there now.
        for (let report = this.#job.takeSync(0); report; report = this.#job.takeSync(0)) this.#record(report);
        const last = this.#reports.get(index);
        if (last) return last;
        throw new ZeroMileError('internal', `The rule finder threads ended without finding ${this.#rules[index]?.id}; nothing was saved.`);
      }
      if (this.#job.claimedSync() === 0 && performance.now() - started > START_TIMEOUT_MS) {
        throw new ZeroMileError('internal', 'The rule finder threads did not start; nothing was saved.');
      }
      checkCancel();
      const report = this.#job.takeSync(100);
      if (report) this.#record(report);
    }
  }

  /**
   * No more jobs are claimed and no further rule is started; each thread ends after the statement
   * it is in. Never terminated: a thread stopped inside better-sqlite3 can abort the whole process
   * (V8 cannot build the error object of the interrupted statement).
   */
  stop(): void {
    this.#job.cancel();
  }

  #record(report: FinderReport): void {
    // A failure fails the whole run: name the rule that failed.
    if (!report.ok) {
      const text = `${report.failed === null ? 'A rule finder' : `The rule ${report.failed}`} failed; nothing was saved: ${report.message}`;
      // A SQLite error keeps its code (a disk error, a full disk, a busy case): said as such, not as internal.
      throw report.code?.startsWith('SQLITE_') ? Object.assign(new Error(text), { code: report.code, rule: report.failed }) : new ZeroMileError('internal', text);
    }
    this.#reports.set(report.index, report);
  }
}

/**
 * What a finder thread spends on each rule, in seconds of its CPU on the province demo's 1,000,000
 * vehicles (the anchor: building temp.export_anchor for its job; measured per thread at load ~15,
 * where every figure is some 1.5 times an idle machine's; only their order matters here).
 */
const FIND_COST: Partial<Record<RuleId | 'anchor', number>> = {
  anchor: 3.4, zero_mileage_export: 3.9, early_export: 0.4, missing_after_sales_confirmation: 1.0,
  rapid_resale: 13.7, trade_intermediary: 13.6, timeline_conflict: 4.0, odometer_rollback: 5.3,
  undervalued_export: 4.3, duplicate_export: 1.7,
};

/**
 * The finders' jobs, in the order they are claimed: rules that read the export anchor form one
 * job (built once for them); every other rule is a job of its own. The job of the run's first
 * rule goes first: the runner writes the flags in run order, and starts once it is found. The
 * others go dearest first (FIND_COST), so that the threads end together rather than one of them
 * finding a big rule alone at the end: in run order, at a million vehicles, trade_intermediary
 * (a third of its thread's CPU) was claimed last while the other thread had nothing left to do.
 */
export function finderJobs(rules: readonly RuleImpl[]): number[][] {
  const anchorJob = rules.flatMap((rule, index) => (rule.readsExportAnchor ? [index] : []));
  const jobs = rules.flatMap((rule, index) => {
    if (!rule.readsExportAnchor) return [[index]];
    return index === anchorJob[0] ? [anchorJob] : [];
  });
  const cost = (job: number[]) => job.reduce((sum, index) => sum + (FIND_COST[rules[index]!.id] ?? 0), rules[job[0]!]!.readsExportAnchor ? FIND_COST.anchor! : 0);
  // Array.prototype.sort is stable: rules of equal cost keep their run order.
  const [first, ...rest] = jobs;
  return first === undefined ? [] : [first, ...rest.sort((a, b) => cost(b) - cost(a))];
}
