import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseFileEntry } from '../../../shared/contract/case';


const MAX_LISTED = 200;

/**
 * Browser mode has no open dialog: the case files (*.zmcase) directly inside the folders this
 * session may read (the cases folder first, then the folder of --case and each --folder), newest
 * first. Links are not followed (a planted link must not list a file outside); a folder that
 * cannot be read is skipped.
 */
export function listCaseFiles(folders: readonly string[]): CaseFileEntry[] {
  const found: CaseFileEntry[] = [];
  for (const folder of new Set(folders)) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.toLowerCase().endsWith('.zmcase')) continue;
      const path = join(folder, name);
      try {
        const stat = lstatSync(path);
        if (stat.isFile()) found.push({ path, name, folder, bytes: stat.size, modified: stat.mtime.toISOString() });
      } catch {
        // Gone while listed.
      }
    }
  }
  return found.sort((a, b) => b.modified.localeCompare(a.modified) || a.path.localeCompare(b.path)).slice(0, MAX_LISTED);
}
