import type { ResourceLimits } from 'node:worker_threads';
import { ThreadJob } from '../threads/thread-job';
import type { CaseFile } from './open-case-file';

/** What a case thread answers: whether its work was done, and why not (`stopped`: cancelled by a close, to be resumed). */
export type CaseThreadAnswer = { ok: boolean; message?: string; stopped?: boolean };

/** How a case thread's work went, with its wall time. */
export type CaseThreadOutcome = CaseThreadAnswer & { ms: number };

/**
 * Work on a case file after a big write, on a thread of its own with its own connection (the WAL
 * checkpoint, a run's summary): the caller goes on at once. The case file's close() waits for the
 * thread (closeWaitOn). Always resolves; a thread that fails or ends without an answer says so.
 */
export async function onCaseThread<Setup>(caseFile: CaseFile, bundle: string, name: string, setup: Setup,
  options: { cancelAtClose?: boolean; resourceLimits?: ResourceLimits } = {}): Promise<CaseThreadOutcome> {
  const started = performance.now();
  let answer: CaseThreadAnswer = { ok: false, message: `${name} ended without an answer` };
  try {
    const job = ThreadJob.start<Setup, CaseThreadAnswer>({ bundle, name, closeWaitOn: caseFile.db, setup, ...options });
    for await (const message of job.messages()) answer = message;
  } catch (error) {
    answer = { ok: false, message: (error as Error).message };
  }
  return { ms: performance.now() - started, ...answer };
}
