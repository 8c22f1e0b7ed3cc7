import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A reading thread's scratch for one task: a folder made and removed by the starting side, and the
 * child process the thread runs in it (pdftoppm, where pdfjs has no canvas). A thread stopped mid-
 * page cannot clean up after itself: its `finally` never runs, and a child it started runs on
 * (poppler may spin on the page that held pdfjs). So the folder is the starting side's, and the
 * thread says which child it started, for the starting side to end it.
 */
export class ReadingScratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'zeromile-reading-'));
  #child: number | null = null;

  /** What the thread said: a child it started (its pid), or null once that child ended. */
  child(pid: number | null): void {
    this.#child = pid;
  }

  /** After the task, however it ended: a child still running is killed, the folder removed. */
  end(): void {
    if (this.#child !== null) {
      try {
        process.kill(this.#child, 'SIGKILL');
      } catch {
        // It had ended already.
      }
      this.#child = null;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
