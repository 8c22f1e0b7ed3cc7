import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type PdftoppmOptions = {
  /** The folder its temporary folder goes in (a reading thread's scratch, which the starting side removes); the system's by default. */
  scratch?: string;
  /** Told the child's pid once started, and null once it ended (a reading thread tells its starting side, which ends a child left running). */
  onChild?: (pid: number | null) => void;
};

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
    const ok = await new Promise<boolean>((resolve) => {
      const child = execFile('pdftoppm', ['-r', String(dpi), '-f', String(pageNo), '-l', String(pageNo), '-png', '-singlefile', input, join(dir, 'out')],
        { timeout: 60_000 }, (error) => {
          options.onChild?.(null);
          resolve(error === null);
        });
      if (child.pid !== undefined) options.onChild?.(child.pid);
    });
    return ok ? readFileSync(join(dir, 'out.png')) : null;
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
