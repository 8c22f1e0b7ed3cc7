import { isMainThread, workerData } from 'node:worker_threads';
import { CancelFlag } from './cancel-flag';
import { markCloseWaitDone } from './close-waits';
import { CELL, endedCell, type ThreadData } from './job-wire';

/** Thrown by send() once the job is cancelled: the thread's work stops there. */
export class JobCancelled extends Error {
  constructor() {
    super('the job was cancelled');
  }
}

/** A thread's side of its job (see thread-job.ts). */
export type InThread<Setup, Out, In = never> = {
  readonly setup: Setup;
  /** Which thread of the job this is (0-based), and how many the job started. */
  readonly thread: number;
  readonly threads: number;
  readonly cancel: CancelFlag;
  cancelled(): boolean;
  /**
   * A typed message to the starting side, which may take it synchronously (takeSync). With a
   * `maxAhead`, blocks while that many are untaken; throws JobCancelled once the job is cancelled.
   */
  send(message: Out): void;
  /** The next task of the job's `tasks` for this thread, or null when none is left or the job is cancelled. */
  claim(): number | null;
  onMessage(listener: (message: In) => void): void;
  /** No more messages in: the thread ends once its work is done. */
  close(): void;
};

/**
 * The body of a thread bundle: `runInThread((job) => ...)`. When the body ends (returns, throws or
 * resolves), the thread's port closes and its ended cell is set: that is what a case file's close()
 * waits for (close-waits.ts), so a body that opens a connection closes it before it ends. An
 * error thrown by the body reaches the starting side as the thread's failure.
 */
export function runInThread<Setup, Out, In = never>(body: (job: InThread<Setup, Out, In>) => void | Promise<void>): void {
  if (isMainThread) throw new Error('a thread bundle must run in a worker thread');
  const { setup, job: wire } = workerData as ThreadData<Setup>;
  const cells = new Int32Array(wire.cells);
  const cancel = new CancelFlag(wire.cancel);
  const job: InThread<Setup, Out, In> = {
    setup,
    thread: wire.thread,
    threads: wire.threads,
    cancel,
    cancelled: () => cancel.requested(),
    send(message) {
      if (wire.maxAhead !== null) {
        // Blocking is fine here: this thread has nothing else to do until the other side catches up.
        for (;;) {
          if (cancel.requested()) throw new JobCancelled();
          const taken = Atomics.load(cells, CELL.taken);
          if (Atomics.load(cells, CELL.posted) - taken < wire.maxAhead) break;
          Atomics.wait(cells, CELL.taken, taken, 100);
        }
      }
      // Queued before the count changes, so a side woken by the count finds the message.
      wire.port.postMessage(message);
      Atomics.add(cells, CELL.posted, 1);
      Atomics.notify(cells, CELL.posted);
    },
    claim() {
      if (cancel.requested()) return null;
      const task = Atomics.add(cells, CELL.nextTask, 1);
      return task < wire.tasks ? task : null;
    },
    onMessage(listener) {
      wire.port.on('message', listener);
    },
    close() {
      wire.port.close();
    },
  };
  const ended = () => {
    wire.port.close();
    markCloseWaitDone(endedCell(wire.cells, wire.thread));
  };
  let result: void | Promise<void>;
  try {
    result = body(job);
  } catch (error) {
    ended();
    if (error instanceof JobCancelled) return;
    throw error;
  }
  if (!(result instanceof Promise)) {
    ended();
    return;
  }
  result.then(ended, (error: unknown) => {
    ended();
    if (!(error instanceof JobCancelled)) throw error;
  });
}
