import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where browser mode puts a case created from the UI (it has no save dialog): the cases folder
 * of the data folder, named after the title, never overwriting a file.
 */
export function newCasePath(dataDir: string, title: string, now = new Date()): string {
  const folder = join(dataDir, 'cases');
  mkdirSync(folder, { recursive: true });
  const slug = title.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'case';
  const day = now.toISOString().slice(0, 10);
  for (let n = 1; ; n++) {
    const path = join(folder, `${slug}-${day}${n > 1 ? `-${n}` : ''}.zmcase`);
    if (!existsSync(path)) return path;
  }
}
