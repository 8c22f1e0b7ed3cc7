import { lstatSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
      const entry = caseFileEntry(join(folder, name));
      if (entry) found.push(entry);
    }
  }
  return found.sort((a, b) => b.modified.localeCompare(a.modified) || a.path.localeCompare(b.path)).slice(0, MAX_LISTED);
}

/**
 * The desktop app's recent cases (File > Open Recent) as the same list, in their order: those
 * still on disk as plain files (a moved or deleted one is left out, a link is not followed).
 */
export function recentCaseFiles(paths: readonly string[]): CaseFileEntry[] {
  return paths.map(caseFileEntry).filter((e): e is CaseFileEntry => e !== null);
}

function caseFileEntry(path: string): CaseFileEntry | null {
  try {
    const stat = lstatSync(path);
    return stat.isFile() ? { path, name: basename(path), folder: dirname(path), bytes: stat.size, modified: stat.mtime.toISOString() } : null;
  } catch {
    return null; // Gone while listed.
  }
}
