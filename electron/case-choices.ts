import type { CaseFileEntry } from '../shared/contract/case';
import type { Result } from '../shared/errors';
import { recentCaseFiles } from './backend/web/case-list';

/** What the desktop page's Cases dialog does with a native dialog or the recent list, free of Electron so it is tested in plain Node. */
export type Invoke = (name: string, args: unknown) => Promise<Result<unknown>>;

export const CASE_FILTERS = [{ name: 'ZeroMile case', extensions: ['zmcase'] }];
export const OPEN_CASE_DIALOG = { title: 'Open case file', properties: ['openFile' as const], filters: CASE_FILTERS };

/** The file chosen in the open dialog goes to case:open through the handler table; null when the dialog was cancelled. */
export async function openChosenCase(choice: { canceled: boolean; filePaths: readonly string[] }, invoke: Invoke): Promise<Result<unknown> | null> {
  const path = choice.filePaths[0];
  if (choice.canceled || !path) return null;
  return invoke('case:open', { path });
}

/**
 * The recent cases in the shape browser mode lists its case files (no folders: the desktop app
 * names none, its dialogs reach any). The page opens one with case:open, which the window's path
 * policy lets through because recent cases are granted to it (DesktopShell.grantedPaths).
 */
export function recentCaseList(recent: readonly string[]): { folders: string[]; cases: CaseFileEntry[] } {
  return { folders: [], cases: recentCaseFiles(recent) };
}
