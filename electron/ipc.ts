import { ipcMain } from 'electron';
import { IPC } from '../shared/bridge';
import type { Result } from '../shared/errors';
import type { DesktopShell } from './desktop-shell';
import { pagePathError } from './backend/files/path-policy';
import { registerPrintIpc } from './print-ipc';
import { isTrustedSender, senderFrameOf } from './security';

const FORBIDDEN: Result<never> = { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused.' } };

/** The same handler table as browser mode, on ipcMain.handle; every sender checked first. */
export function registerIpc(shell: DesktopShell): void {
  ipcMain.handle(IPC.invoke, async (event, name: unknown, args: unknown) => {
    if (!isTrustedSender(senderFrameOf(event))) return FORBIDDEN;
    // The page names no path to write and reads only what the user handed over (dialogs write through their own channels).
    const refused = pagePathError(name, args, shell.grantedPaths(event.sender));
    if (refused) return { ok: false, error: refused } satisfies Result<never>;
    return shell.invoke(event.sender, name, args);
  });
  ipcMain.on(IPC.grantPath, (event, path: unknown) => {
    if (isTrustedSender(senderFrameOf(event)) && typeof path === 'string' && path.length <= 4096) shell.grantPath(event.sender, path);
  });
  ipcMain.handle(IPC.createCase, async (event, title: unknown) => {
    if (!isTrustedSender(senderFrameOf(event))) return FORBIDDEN;
    return shell.createCase(event.sender, typeof title === 'string' ? title.slice(0, 500) : '');
  });
  ipcMain.handle(IPC.openCase, async (event) => {
    if (!isTrustedSender(senderFrameOf(event))) return FORBIDDEN;
    return shell.openCaseFromPage(event.sender);
  });
  ipcMain.handle(IPC.recentCases, (event) => {
    if (!isTrustedSender(senderFrameOf(event))) return FORBIDDEN;
    return shell.recentCases();
  });
  registerPrintIpc(shell);
}
