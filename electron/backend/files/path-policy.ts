import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { toWireError, type WireError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';

/**
 * Which file paths a page may name in a handler call. The page is the least trusted part of the app
 * (it renders imported text): it must not be able to read or overwrite any file the user can.
 * Paths to write come from a save dialog (Electron's own channels) or, in browser mode, from the
 * folders the user configured; paths to read from a dialog, a dropped file or those folders.
 */
export type PathUse = { path: string; write: boolean; open?: true };

/** The paths a handler call names, with whether it writes them; [] for a call that names none. */
export function pathsNamed(name: unknown, args: unknown): PathUse[] {
  const a = (args ?? {}) as Record<string, unknown>;
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  switch (name) {
    case 'case:create': return one(text(a.path), true);
    // Opening writes the case file (its journal, a migration), so it is a write; it is worded as an open.
    case 'case:open': return one(text(a.path), true).map((use) => ({ ...use, open: true as const }));
    case 'export:file':
    case 'print:save-pdf':
    case 'print:evidence-pack': return one(text(a.path), true);
    case 'import:files': return Array.isArray(a.files)
      ? a.files.map((f) => text((f as Record<string, unknown> | null)?.path)).filter((p): p is string => p !== null).map((path) => ({ path, write: false }))
      : [];
    default: return [];
  }
}

function one(path: string | null, write: boolean): PathUse[] {
  return path === null ? [] : [{ path, write }];
}

/** The real path of a file or of the file its real folder would hold (it may not exist yet). */
function realPathOf(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    try {
      return join(realpathSync(dirname(full)), basename(full));
    } catch {
      return full;
    }
  }
}

/** True when `path` is inside one of `folders` (after links are followed on both sides). */
export function isInsideFolders(path: string, folders: readonly string[]): boolean {
  if (!isAbsolute(path)) return false;
  const real = realPathOf(path);
  return folders.some((folder) => {
    const root = realPathOf(folder);
    const rel = relative(root, real);
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
  });
}

/**
 * Browser mode: every path a call names must lie in a configured folder (the cases folder, the
 * upload folder, the folders given with --folder). Returns the error to answer, or null. The
 * refusal names `shown`, the folders the analyst set (not the internal upload folder), and says
 * what was refused: opening a case, writing or reading.
 */
export function confinedPathError(name: unknown, args: unknown, folders: readonly string[], shown: readonly string[] = folders): WireError | null {
  for (const use of pathsNamed(name, args)) {
    if (!isInsideFolders(use.path, folders)) {
      const key = use.open ? 'refusal.path_outside_open' : use.write ? 'refusal.path_outside_write' : 'refusal.path_outside_read';
      // Each folder once: the folder of --case is often also a --folder.
      return toWireError(refusal('forbidden', key, { path: use.path, folders: [...new Set(shown)].join(', ') }));
    }
  }
  return null;
}

/**
 * Electron: the page's generic invoke may not name a path to write (the save dialogs of the main
 * process do that) and may read only paths the user handed over: a dropped file, one chosen in a
 * dialog, a recent case. Returns the error to answer, or null.
 */
export function pagePathError(name: unknown, args: unknown, granted: ReadonlySet<string>): WireError | null {
  for (const use of pathsNamed(name, args)) {
    const allowed = name === 'case:open' ? granted.has(resolve(use.path)) : !use.write && granted.has(resolve(use.path));
    if (!allowed) {
      return { code: 'forbidden', message: `The page may not name ${use.path}: choose it in a dialog or drop it on the window.` };
    }
  }
  return null;
}
