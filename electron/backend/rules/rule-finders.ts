import type Database from 'better-sqlite3';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { ZeroMileError } from '../../../shared/errors';
import { markCloseWaitDone, waitAtClose } from '../casefile/close-waits';
import { threadBundlePath } from '../worker/bundle-path';
import type { RuleImpl } from './rule';
import { FINDER_CELLS, RULE_PENDING, type FinderReport, type FinderSetup } from './rule-finder';

/** Two finders: with the runner's writing, that keeps both cores of the target machine busy. */
const FINDER_THREADS = 2;
/** A finder that has claimed nothing after this long did not start (a finder that dies later reports its rules failed). */
const START_TIMEOUT_MS = 60_000;

/**
 * The rule finder threads of one run, seen from the runner's (synchronous) side: the run's
 * transaction waits for each rule with Atomics.wait and reads its report with
 * receiveMessageOnPort, so it never needs the event loop.
 */
export class RuleFinders {
  readonly #cells: Int32Array;
  readonly #jobs: number;
  readonly #ports: MessagePort[] = [];
  readonly #reports = new Map<number, FinderReport>();

  /**
   * `caseDb`: the runner's connection. Its close() waits for every finder to have closed its own
   * connection: a finder may still be closing (or, in a small run, only opening) after the run
   * returned, and the case file must be the closing connection's alone to be moved or removed.
   */
  constructor(caseDb: Database.Database, setup: Omit<FinderSetup, 'jobs' | 'cells' | 'port' | 'rules' | 'closed'> & { rules: readonly RuleImpl[] }) {
    const jobs = finderJobs(setup.rules);
    this.#jobs = jobs.length;
    this.#cells = new Int32Array(new SharedArrayBuffer(4 * (FINDER_CELLS.firstRule + setup.rules.length)));
    const path = threadBundlePath('rule-worker.mjs');
    const data: Omit<FinderSetup, 'port' | 'closed'> = {
      ...setup, rules: setup.rules.map((rule) => rule.id), jobs, cells: this.#cells.buffer as SharedArrayBuffer,
    };
    // Each thread ends by itself once no job is left or the run stops it (see stop()).
    for (let i = 0; i < Math.min(FINDER_THREADS, jobs.length); i++) {
      const { port1, port2 } = new MessageChannel();
      this.#ports.push(port1);
      const closed = new Int32Array(new SharedArrayBuffer(4));
      waitAtClose(caseDb, closed);
      try {
        new Worker(path, { workerData: { ...data, port: port2, closed: closed.buffer }, transferList: [port2] });
      } catch (error) {
        markCloseWaitDone(closed);
        throw error;
      }
    }
  }

  /**
   * Blocks until rule `index` is found; its report. Throws the finder's message when it failed;
   * `checkCancel` is called every tenth of a second meanwhile and may throw to stop waiting.
   */
  waitFor(index: number, checkCancel: () => void = () => {}): Extract<FinderReport, { ok: true }> {
    const cell = FINDER_CELLS.firstRule + index;
    const started = performance.now();
    for (;;) {
      this.#drain();
      const report = this.#reports.get(index);
      if (report) {
        // Every rule still waiting fails with the one that failed: name that one.
        if (!report.ok) throw new ZeroMileError('internal', `${report.failed === null ? 'A rule finder' : `The rule ${report.failed}`} failed; nothing was saved: ${report.message}`);
        return report;
      }
      if (Atomics.load(this.#cells, cell) === RULE_PENDING) {
        if (Atomics.load(this.#cells, FINDER_CELLS.nextJob) === 0 && performance.now() - started > START_TIMEOUT_MS) {
          throw new ZeroMileError('internal', 'The rule finder threads did not start; nothing was saved.');
        }
        checkCancel();
        Atomics.wait(this.#cells, cell, RULE_PENDING, 100);
      }
    }
  }

  /**
   * No more jobs are claimed and no further rule is started; each thread ends after the statement
   * it is in. Never worker.terminate(): a thread stopped inside better-sqlite3 can abort the whole
   * process (V8 cannot build the error object of the interrupted statement).
   */
  stop(): void {
    Atomics.store(this.#cells, FINDER_CELLS.nextJob, this.#jobs);
    Atomics.store(this.#cells, FINDER_CELLS.stop, 1);
    for (const port of this.#ports) port.close();
  }

  #drain(): void {
    for (const port of this.#ports) {
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        const report = message.message as FinderReport;
        this.#reports.set(report.index, report);
      }
    }
  }
}

/** Rules that read the export anchor form one job (built once for them); every other rule is a job of its own. */
// Jobs are claimed in run order (the anchor job where its first rule stands), so the runner
// writes the first rules' flags while the later ones are still being found.
function finderJobs(rules: readonly RuleImpl[]): number[][] {
  const anchorJob = rules.flatMap((rule, index) => (rule.readsExportAnchor ? [index] : []));
  return rules.flatMap((rule, index) => {
    if (!rule.readsExportAnchor) return [[index]];
    return index === anchorJob[0] ? [anchorJob] : [];
  });
}

