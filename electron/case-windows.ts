import { resolve } from 'node:path';

/**
 * Which window has which case file open. A case file is opened in one window only: asking to
 * open it again focuses that window instead.
 */
export type CaseWindowEntry = { windowId: number; casePath: string | null };

export function sameCaseFile(a: string, b: string, platform: string = process.platform): boolean {
  const left = resolve(a);
  const right = resolve(b);
  // Windows and macOS file systems are case-insensitive by default.
  return platform === 'linux' ? left === right : left.toLowerCase() === right.toLowerCase();
}

/** The other window holding `path`, if any. */
export function windowHoldingCase(entries: readonly CaseWindowEntry[], path: string, exceptWindowId: number | null, platform?: string): number | null {
  const found = entries.find((e) => e.windowId !== exceptWindowId && e.casePath !== null && sameCaseFile(e.casePath, path, platform));
  return found ? found.windowId : null;
}

/** The case path a lifecycle call asks for (open/create), or null for other calls. */
export function requestedCasePath(name: unknown, args: unknown): string | null {
  if (name !== 'case:open' && name !== 'case:create') return null;
  const path = (args as { path?: unknown } | null)?.path;
  return typeof path === 'string' ? path : null;
}
