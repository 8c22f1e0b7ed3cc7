import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The team's reference folder beside the checkout; copies of what tests need live in test/fixtures. */
export const REFERENCE_DIR = join(ROOT, 'test', 'fixtures', 'reference');
export const CLI = join(ROOT, 'dist', 'cli.mjs');

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix = 'zeromile-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
