/** Writes a background thread does (a run's summary, the queue's orders, the busy parties' sums). */
export type WriteWhenFree = <T>(write: () => T) => T;

/** A write run at once: what a caller off the summary thread (a test, the CLI) gets by default. */
export const writeNow: WriteWhenFree = (write) => write();

/** Each try waits this long inside SQLite (the connection's busy timeout) before the cancel is looked at again. */
export const WRITE_TRY_MS = 1_000;

/** Between tries, after SQLite gave up on one: long enough not to spin, short enough to follow an import's commit. */
const PAUSE_MS = 200;

const pause = new Int32Array(new SharedArrayBuffer(4));

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs each write of a background thread as soon as the case's write lock is free, for up to
 * `waitMs` in all: another writer (an import of a province's files holds it for minutes) makes the
 * thread wait, not fail. A try waits WRITE_TRY_MS inside SQLite (the connection's busy timeout);
 * between tries `step` runs, where a close's cancel stops the thread, so a close is never held for
 * the whole wait. A write that fails otherwise, or still finds the case locked after `waitMs`,
 * throws as it did. The write must be whole on its own (one statement or one transaction), as it
 * may run more than once.
 */
export function writeWhenFree(step: () => void, waitMs: number): WriteWhenFree {
  return <T>(write: () => T): T => {
    const started = performance.now();
    for (;;) {
      try {
        return write();
      } catch (error) {
        if (!isBusy(error) || performance.now() - started >= waitMs) throw error;
      }
      step();
      Atomics.wait(pause, 0, 0, PAUSE_MS);
    }
  };
}
