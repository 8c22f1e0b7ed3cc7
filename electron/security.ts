import type { BrowserWindowConstructorOptions } from 'electron';
import { CONTENT_SECURITY_POLICY } from './backend/web/csp';
import { resolveStaticPath } from './backend/web/guards';

/**
 * Every security decision of the desktop shell as a pure function, so each is unit-tested in
 * plain Node (STYLE.md's checklist). window.ts, protocol.ts and ipc.ts only wire them up.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'zeromile';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export { CONTENT_SECURITY_POLICY };

/** Only our own app:// origin is trusted: not file://, not http(s), not another app:// host. */
export function isTrustedUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'ZeroMile',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A file dropped outside the drop zone must not replace the app with the file.
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    },
  };
}

/** will-navigate: the page never leaves the app's origin. */
export function allowNavigation(url: string): boolean {
  return isTrustedUrl(url);
}

/** setWindowOpenHandler: no new windows from the page, ever (links to the web stay unopened). */
export function windowOpenDecision(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Permission requests (camera, geolocation, notifications, clipboard read...) are denied. The
 * workbench needs none of them; a document it displays must not get them either.
 */
export function permissionDecision(_permission: string, _requestingUrl: string | undefined): boolean {
  return false;
}

/** The frame an IPC message came from, as much as the check needs. */
export type SenderFrame = { url: string; isMainFrame: boolean } | null | undefined;

/** An IPC event as far as the sender check needs it (Electron's IpcMainInvokeEvent fits). */
export type IpcEventLike = { senderFrame: { url: string } | null; sender: { mainFrame: unknown } };

/** The frame behind an IPC call; a destroyed frame (null) is never trusted. */
export function senderFrameOf(event: IpcEventLike): SenderFrame {
  const frame = event.senderFrame;
  if (!frame) return null;
  return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
}

/** IPC: only the main frame of our own page may call the backend (VS Code's validatedIpcMain). */
export function isTrustedSender(frame: SenderFrame): boolean {
  return !!frame && frame.isMainFrame && isTrustedUrl(frame.url);
}

/** Headers for every app:// response. */
export function responseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/**
 * Maps an app:// request URL to a file under `root` (dist/renderer), or null: another scheme or
 * host, a path leaving the root (plain `..` is folded by URL parsing, encoded ones are caught by
 * resolveStaticPath), a bad URL.
 */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  return resolveStaticPath(root, url.pathname);
}
