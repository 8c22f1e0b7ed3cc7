import { app, BrowserWindow, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaseHost } from './backend/host/case-host';
import { openOrCreateDemoCase } from './backend/host/first-run';
import { DesktopShell } from './desktop-shell';
import { registerIpc } from './ipc';
import { findNativeBinding } from './native-binding';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { permissionDecision } from './security';
import { guardWebContents } from './window';

// App lifecycle only: every decision lives in security.ts, protocol.ts, ipc.ts, menu.ts.
const dist = dirname(fileURLToPath(import.meta.url));
const appRoot = join(dist, '..');

app.enableSandbox();
registerAppScheme();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

let shell: DesktopShell | null = null;

async function firstCase(nativeBinding: string | undefined): Promise<string | undefined> {
  // The demo is built once in a throwaway host; the window then opens it in its own.
  const host = await CaseHost.start(nativeBinding ? { nativeBinding } : {});
  try {
    const path = await openOrCreateDemoCase(host, app.getPath('userData'));
    await host.call('case:close', {});
    return path;
  } catch (error) {
    console.error(`ZeroMile: the demo case could not be created: ${(error as Error).message}`);
    return undefined;
  } finally {
    await host.close();
  }
}

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionDecision(permission, details.requestingUrl)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, origin) => permissionDecision(permission, origin));
  handleAppProtocol(join(dist, 'renderer'));
  const nativeBinding = findNativeBinding({ appRoot, resourcesPath: process.resourcesPath, isPackaged: app.isPackaged, platform: process.platform, arch: process.arch });
  shell = new DesktopShell({ preloadPath: join(dist, 'preload.cjs'), userData: app.getPath('userData'), isDev: !app.isPackaged, ...(nativeBinding ? { nativeBinding } : {}) });
  registerIpc(shell);
  const casePath = process.env.ZEROMILE_CASE ?? (await firstCase(nativeBinding));
  await shell.openWindow(casePath);
}).catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});

app.on('activate', () => {
  if (shell && app.isReady() && BrowserWindow.getAllWindows().length === 0) void shell.openWindow();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !shell) return;
  // Let the workers close their case files (WAL checkpoint) before the process ends.
  event.preventDefault();
  quitting = true;
  void shell.closeAll().finally(() => app.quit());
});
