import type { MessagePort } from 'node:worker_threads';

/**
 * What every thread of a job is given (its worker data) beside its own setup: which thread of the
 * job it is, the job's shared cells, its cancel flag and the port its typed messages travel on.
 * Known only to thread-job.ts (the starting side) and in-thread.ts (the thread's side).
 */
export type JobWire = {
  thread: number;
  threads: number;
  /** Int32 cells, see CELL. */
  cells: SharedArrayBuffer;
  cancel: SharedArrayBuffer;
  port: MessagePort;
  /** Messages the threads may have sent that the starting side has not taken yet (null: no limit). */
  maxAhead: number | null;
  /** Tasks the threads claim one at a time (in-thread claim()). */
  tasks: number;
};

export type ThreadData<Setup> = { setup: Setup; job: JobWire };

/**
 * The job's Int32 cells: messages posted by its threads, messages taken by the starting side,
 * the next task to claim, then one cell per thread set once it has ended (its close-wait).
 */
export const CELL = { posted: 0, taken: 1, nextTask: 2, firstEnded: 3 } as const;

export function cellCount(threads: number): number {
  return CELL.firstEnded + threads;
}

/** The ended cell of one thread as its own view (close-waits.ts waits on index 0). */
export function endedCell(cells: SharedArrayBuffer, thread: number): Int32Array {
  return new Int32Array(cells, 4 * (CELL.firstEnded + thread), 1);
}
