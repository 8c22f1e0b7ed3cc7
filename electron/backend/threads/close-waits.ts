/** Longest a close waits for background threads on its case file before closing anyway. */
const CLOSE_WAIT_MS = 120_000;

import type { CancelFlag } from './cancel-flag';

/** A thread's ended cell (Int32, 0 while the thread runs, 1 once it ended), and its cancel flag when a close stops it. */
type CloseWait = { done: Int32Array; stop?: CancelFlag };

// Per owner (a case file's connection).
const waits = new WeakMap<object, CloseWait[]>();

/**
 * Registers a thread that holds its own connection to the owner's case file (a rule finder, the
 * checkpoint after a big write). The owner's close waits for it (awaitCloseWaits): the closing
 * connection must be the last one, so that SQLite checkpoints the WAL into the file and removes
 * it, and a caller may then move or copy the file (the first run renames the demo case).
 * Only the thread-job module (thread-job.ts, in-thread.ts) registers and marks these cells.
 */
export function waitAtClose(owner: object, done: Int32Array, stop?: CancelFlag): void {
  const cells = (waits.get(owner) ?? []).filter((cell) => Atomics.load(cell.done, 0) === 0);
  cells.push({ done, ...(stop ? { stop } : {}) });
  waits.set(owner, cells);
}

/** Said by the thread once its connection is closed (or for it, when it could not start or exited). */
export function markCloseWaitDone(done: Int32Array): void {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}

/**
 * Blocks until every thread registered on this owner has ended (or the limit passes). Threads
 * registered with a cancel flag (work resumed at the next open: a run's summary) are asked to
 * stop first, and end at their next step rather than hold the close for minutes.
 */
export function awaitCloseWaits(owner: object): void {
  const deadline = performance.now() + CLOSE_WAIT_MS;
  const cells = waits.get(owner) ?? [];
  for (const cell of cells) cell.stop?.request();
  for (const cell of cells) {
    const left = deadline - performance.now();
    if (left > 0) Atomics.wait(cell.done, 0, 0, left);
  }
  waits.delete(owner);
}
