/** Longest a close waits for background threads on its case file before closing anyway. */
const CLOSE_WAIT_MS = 120_000;

// Cells (Int32, 0 while the thread runs, 1 once it ended) per owner (a case file's connection).
const waits = new WeakMap<object, Int32Array[]>();

/**
 * Registers a thread that holds its own connection to the owner's case file (a rule finder, the
 * checkpoint after a big write). The owner's close waits for it (awaitCloseWaits): the closing
 * connection must be the last one, so that SQLite checkpoints the WAL into the file and removes
 * it, and a caller may then move or copy the file (the first run renames the demo case).
 * Only the thread-job module (thread-job.ts, in-thread.ts) registers and marks these cells.
 */
export function waitAtClose(owner: object, done: Int32Array): void {
  const cells = (waits.get(owner) ?? []).filter((cell) => Atomics.load(cell, 0) === 0);
  cells.push(done);
  waits.set(owner, cells);
}

/** Said by the thread once its connection is closed (or for it, when it could not start or exited). */
export function markCloseWaitDone(done: Int32Array): void {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}

/** Blocks until every thread registered on this owner has ended (or the limit passes). */
export function awaitCloseWaits(owner: object): void {
  const deadline = performance.now() + CLOSE_WAIT_MS;
  for (const cell of waits.get(owner) ?? []) {
    const left = deadline - performance.now();
    if (left > 0) Atomics.wait(cell, 0, 0, left);
  }
  waits.delete(owner);
}
