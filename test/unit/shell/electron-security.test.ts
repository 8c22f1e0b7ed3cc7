import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowNavigation, APP_ENTRY, CONTENT_SECURITY_POLICY, isTrustedSender, isTrustedUrl, permissionDecision, resolveAppPath,
  responseHeaders, senderFrameOf, windowOpenDecision, windowOptions,
} from '../../../electron/security';
import { IPC } from '../../../shared/bridge';
import { ROOT } from '../../support/paths';

describe('Electron security decisions', () => {
  it('builds windows with isolation, sandbox and no Node', () => {
    const prefs = windowOptions('/app/dist/preload.cjs').webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.preload).toBe('/app/dist/preload.cjs');
  });

  it('trusts only its own app:// origin', () => {
    expect(isTrustedUrl(APP_ENTRY)).toBe(true);
    expect(isTrustedUrl('app://zeromile/assets/index.js')).toBe(true);
    for (const url of ['app://other/index.html', 'file:///app/dist/renderer/index.html', 'https://zeromile/', 'http://127.0.0.1/',
      'app://user:pw@zeromile/', 'javascript:alert(1)', 'data:text/html,x', 'about:blank', '', 'not a url', null, undefined]) {
      expect(isTrustedUrl(url), String(url)).toBe(false);
    }
  });

  it('denies navigation away, new windows and every permission', () => {
    expect(allowNavigation('app://zeromile/index.html#/flags')).toBe(true);
    expect(allowNavigation('https://evil.example/')).toBe(false);
    expect(allowNavigation('file:///etc/passwd')).toBe(false);
    expect(windowOpenDecision('https://example.com')).toEqual({ action: 'deny' });
    expect(windowOpenDecision('app://zeromile/index.html')).toEqual({ action: 'deny' });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid']) {
      expect(permissionDecision(permission, APP_ENTRY)).toBe(false);
    }
  });

  it('serves app:// paths inside the renderer folder only', () => {
    const root = '/app/dist/renderer';
    expect(resolveAppPath(root, 'app://zeromile/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://zeromile/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://zeromile/assets/a.js?x=1')).toBe(join(root, 'assets/a.js'));
    expect(resolveAppPath(root, 'app://zeromile/../../etc/passwd')).toBe(join(root, 'etc/passwd'));
    // The URL parser folds %2e%2e segments like '..': the result still stays inside the root.
    expect(resolveAppPath(root, 'app://zeromile/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc/passwd'));
    expect(resolveAppPath(root, 'app://zeromile/assets%2f..%2f..%2fsecret')).toBeNull();
    expect(resolveAppPath(root, 'app://zeromile/a%00.js')).toBeNull();
    expect(resolveAppPath(root, 'app://zeromile/%5c..%5csecret')).toBeNull();
    expect(resolveAppPath(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppPath(root, 'file:///app/dist/renderer/index.html')).toBeNull();
    expect(resolveAppPath(root, '::')).toBeNull();
  });

  it('sends a CSP without inline or remote script on every app:// response', () => {
    const headers = responseHeaders('text/html');
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|http)/);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('accepts IPC only from the main frame of its own page', () => {
    const mainFrame = { url: 'app://zeromile/index.html' };
    const sender = { mainFrame };
    expect(isTrustedSender(senderFrameOf({ senderFrame: mainFrame, sender }))).toBe(true);
    // A subframe on our own origin, a foreign main frame, a destroyed frame: refused.
    expect(isTrustedSender(senderFrameOf({ senderFrame: { url: 'app://zeromile/frame.html' }, sender }))).toBe(false);
    const foreign = { url: 'https://evil.example/' };
    expect(isTrustedSender(senderFrameOf({ senderFrame: foreign, sender: { mainFrame: foreign } }))).toBe(false);
    const fileFrame = { url: 'file:///tmp/x.html' };
    expect(isTrustedSender(senderFrameOf({ senderFrame: fileFrame, sender: { mainFrame: fileFrame } }))).toBe(false);
    expect(isTrustedSender(senderFrameOf({ senderFrame: null, sender }))).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('exposes named functions only from the preload, on the shared channel names', () => {
    const preload = readFileSync(join(ROOT, 'electron', 'preload.cts'), 'utf8');
    for (const channel of Object.values(IPC)) expect(preload).toContain(`'${channel}'`);
    expect(preload).toContain("exposeInMainWorld('zeromile', bridge)");
    expect(preload).toContain('satisfies ZeroMileBridge');
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
    expect(preload).toContain('webUtils.getPathForFile');
  });
});
