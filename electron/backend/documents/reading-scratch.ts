import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPdftoppm } from './pdftoppm-fallback';

/**
 * A reading thread's scratch for one task: a folder made and removed by the starting side, and the
 * child processes run for the thread in it (pdftoppm, where pdfjs has no canvas). A thread stopped
 * mid-page cannot clean up after itself: its `finally` never runs, and a child it had started
 * would run on (poppler may spin on the page that held pdfjs) and, killed, stay a zombie: only the
 * thread that starts a child waits for it. So the starting side, which outlives the thread, starts
 * the thread's children here and ends them with the task, each killed and waited for.
 */
export class ReadingScratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'zeromile-reading-'));
  readonly #stop = new AbortController();
  readonly #running = new Set<Promise<boolean>>();

  /** pdftoppm for the thread, on this (the starting) side; false once the task has ended. */
  pdftoppm(args: string[]): Promise<boolean> {
    const run = runPdftoppm(args, this.#stop.signal);
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
    return run;
  }

  /** After the task, however it ended: a child still running is killed and waited for, then the folder removed. */
  async end(): Promise<void> {
    this.#stop.abort();
    await Promise.all(this.#running);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
