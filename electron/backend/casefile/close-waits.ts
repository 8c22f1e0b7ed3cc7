import type Database from 'better-sqlite3';

/** Longest a close waits for background work on its case file before closing anyway. */
const CLOSE_WAIT_MS = 120_000;

// Cells (Int32, 0 while the work runs, 1 when done) per connection.
const waits = new WeakMap<Database.Database, Int32Array[]>();

/**
 * Registers background work on another thread that holds its own connection to this case file
 * (the checkpoint after a rule run or a big import). The case file's close() waits for it: the
 * closing connection must be the last one, so that SQLite checkpoints the WAL into the file and
 * removes it, and a caller may then move or copy the file (the first run renames the demo case).
 */
export function waitAtClose(db: Database.Database, done: Int32Array): void {
  const cells = (waits.get(db) ?? []).filter((cell) => Atomics.load(cell, 0) === 0);
  cells.push(done);
  waits.set(db, cells);
}

/** Said by the background work (or for it, when it could not start) once its connection is closed. */
export function markCloseWaitDone(done: Int32Array): void {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}

/** Blocks until every registered background work on this connection's file is done (or the limit passes). */
export function awaitCloseWaits(db: Database.Database): void {
  const deadline = performance.now() + CLOSE_WAIT_MS;
  for (const cell of waits.get(db) ?? []) {
    const left = deadline - performance.now();
    if (left > 0) Atomics.wait(cell, 0, 0, left);
  }
  waits.delete(db);
}
