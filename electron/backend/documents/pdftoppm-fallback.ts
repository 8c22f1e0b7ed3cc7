import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The longest pdftoppm may take over one page; past it the child is killed (and waited for). */
export const PDFTOPPM_TIME_LIMIT_MS = 60_000;

/** Runs pdftoppm with these arguments; true when it drew the page. */
export type PdftoppmRun = (args: string[]) => Promise<boolean>;

export type PdftoppmOptions = {
  /** The folder its temporary folder goes in (a reading thread's scratch, which the starting side removes); the system's by default. */
  scratch?: string;
  /**
   * Who starts the child: in this thread by default. A reading thread asks its starting side
   * (reading-scratch.ts), which outlives it: a child must be waited for by the thread that started
   * it, and a thread stopped mid-page never waits, so its child stayed a zombie until ZeroMile exited.
   */
  run?: PdftoppmRun;
};

/**
 * pdftoppm started here and always waited for: on success, failure, past `PDFTOPPM_TIME_LIMIT_MS`
 * and when `signal` fires it is killed and its exit taken, so no zombie is left and the caller
 * (a reading task's scratch, which then removes the folder) goes on only once it has ended. True
 * when it exited 0. `timeMs`: tests.
 */
export function runPdftoppm(args: string[], signal?: AbortSignal, timeMs = PDFTOPPM_TIME_LIMIT_MS): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = execFile('pdftoppm', args, { timeout: timeMs, killSignal: 'SIGKILL', ...(signal ? { signal } : {}) }, (error) => {
      // Cancelled, execFile answers at once, while the child it has just killed is still ending
      // (not yet reaped): its exit is waited for. Otherwise the answer comes after the exit, or the
      // child never started (no pid: pdftoppm not installed).
      const ended = child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
      if (ended) resolve(error === null);
      else child.once('exit', () => resolve(false));
    });
  });
}

/**
 * Renders a PDF page with poppler's `pdftoppm`, for machines where pdfjs has no canvas
 * (@napi-rs/canvas missing for the platform). Optional: where pdftoppm is not installed
 * (Windows, usually) this returns null and the page is kept without text.
 */
export async function renderWithPdftoppm(bytes: Uint8Array, pageNo: number, dpi = 200, options: PdftoppmOptions = {}): Promise<Buffer | null> {
  const dir = mkdtempSync(join(options.scratch ?? tmpdir(), 'zeromile-ppm-'));
  try {
    const input = join(dir, 'in.pdf');
    writeFileSync(input, bytes);
    const args = ['-r', String(dpi), '-f', String(pageNo), '-l', String(pageNo), '-png', '-singlefile', input, join(dir, 'out')];
    const ok = await (options.run ?? runPdftoppm)(args);
    return ok ? readFileSync(join(dir, 'out.png')) : null;
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
