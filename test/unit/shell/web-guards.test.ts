import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  contentType, isAllowedFetchSite, isAllowedHost, isAllowedOrigin, parseCookies, resolveStaticPath, safeUploadName,
  sessionCookie, sessionCookieName, tokenMatches,
} from '../../../electron/backend/web/guards';
import { parseWebArgs } from '../../../electron/backend/web/web-args';
import { newCasePath } from '../../../electron/backend/web/new-case-path';
import { browserDataDir } from '../../../electron/backend/files/data-dir';
import { tempDir } from '../../support/paths';

describe('browser-mode guards', () => {
  it('accepts only loopback hosts on our own port (DNS rebinding)', () => {
    expect(isAllowedHost('127.0.0.1:5000', 5000)).toBe(true);
    expect(isAllowedHost('localhost:5000', 5000)).toBe(true);
    expect(isAllowedHost('127.0.0.1:5001', 5000)).toBe(false);
    expect(isAllowedHost('evil.example:5000', 5000)).toBe(false);
    expect(isAllowedHost('127.0.0.1', 5000)).toBe(false);
    expect(isAllowedHost(undefined, 5000)).toBe(false);
  });

  it('accepts no Origin or our own, refuses other sites and the null origin', () => {
    expect(isAllowedOrigin(undefined, 80)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:80', 80)).toBe(true);
    expect(isAllowedOrigin('http://evil.example', 80)).toBe(false);
    expect(isAllowedOrigin('null', 80)).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:80', 80)).toBe(false);
    expect(isAllowedFetchSite('same-origin')).toBe(true);
    expect(isAllowedFetchSite('none')).toBe(true);
    expect(isAllowedFetchSite(undefined)).toBe(true);
    expect(isAllowedFetchSite('cross-site')).toBe(false);
    expect(isAllowedFetchSite('same-site')).toBe(false);
  });

  it('compares tokens exactly and sets a strict HttpOnly cookie', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', null)).toBe(false);
    expect(tokenMatches('abc', '')).toBe(false);
    const cookie = sessionCookie(4000, 'tok');
    expect(cookie).toContain(`${sessionCookieName(4000, 'tok')}=tok`);
    // Issue 17 item 9: the name cannot be guessed by another service on 127.0.0.1 (cookies ignore ports).
    expect(sessionCookieName(4000, 'tok')).toMatch(/^zm_session_4000_[0-9a-f]{16}$/);
    expect(sessionCookieName(4000, 'other')).not.toBe(sessionCookieName(4000, 'tok'));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(parseCookies('a=1; zm_session_4000=tok; b').get('zm_session_4000')).toBe('tok');
    expect(parseCookies(undefined).size).toBe(0);
  });

  it('maps URL paths inside the renderer folder and refuses traversal', () => {
    const root = '/srv/renderer';
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(join(root, 'assets/app.js'));
    expect(resolveStaticPath(root, '/assets/app.js?v=1')).toBe(join(root, 'assets/app.js'));
    for (const bad of ['/../package.json', '/%2e%2e/package.json', '/assets/../../x', '/..%2fx', '/%2e%2e%2f%2e%2e%2fetc/passwd',
      '/a%00b', '/..\\x', '/%5c..%5cx', '/%E0%A4%A', '//etc/passwd/..', '/..']) {
      const resolved = resolveStaticPath(root, bad);
      expect(resolved === null || resolved.startsWith(`${root}/`), bad).toBe(true);
    }
    expect(resolveStaticPath(root, '/../package.json')).toBeNull();
    expect(resolveStaticPath(root, '/%2e%2e/package.json')).toBeNull();
    expect(resolveStaticPath(root, '/a%00b')).toBeNull();
  });

  it('types the files it serves and cleans upload names', () => {
    expect(contentType('/x/index.html')).toContain('text/html');
    expect(contentType('/x/a.JS')).toContain('javascript');
    expect(contentType('/x/blob')).toBe('application/octet-stream');
    expect(safeUploadName('../../etc/passwd')).toBe('passwd');
    expect(safeUploadName('C:\\Users\\x\\销售.csv')).toBe('销售.csv');
    expect(safeUploadName('..hidden')).toBe('hidden');
    expect(safeUploadName('a\u0000b?.csv')).toBe('a_b_.csv');
    expect(safeUploadName('')).toBe('upload');
    expect(safeUploadName(null)).toBe('upload');
  });

  it('parses npm run web arguments', () => {
    expect(parseWebArgs([])).toEqual({ port: 0, folders: [], firstRunDemo: false });
    expect(parseWebArgs(['--folder', '/a', '--folder', '/b']).folders).toEqual(['/a', '/b']);
    expect(parseWebArgs(['--case', 'a.zmcase', '--port', '8123'])).toMatchObject({ casePath: 'a.zmcase', port: 8123 });
    expect(() => parseWebArgs(['--port', 'x'])).toThrow(/port/);
    expect(() => parseWebArgs(['--port', '70000'])).toThrow(/port/);
    expect(() => parseWebArgs(['--case'])).toThrow(/needs a value/);
    expect(() => parseWebArgs(['--what'])).toThrow(/unknown option/);
  });

  it('puts browser-mode data under XDG_CONFIG_HOME or ~/.config, and new cases under cases/', () => {
    expect(browserDataDir({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/ZeroMile');
    expect(browserDataDir({ XDG_CONFIG_HOME: 'relative' })).toMatch(/\.config\/ZeroMile$/);
    expect(browserDataDir({})).toMatch(/\.config\/ZeroMile$/);
    const temp = tempDir();
    try {
      const day = new Date('2026-03-01T10:00:00Z');
      const path = newCasePath(temp.dir, 'Chengdu / exports 川A', day);
      expect(path).toBe(join(temp.dir, 'cases', 'Chengdu-exports-川A-2026-03-01.zmcase'));
      expect(newCasePath(temp.dir, '///', day)).toBe(join(temp.dir, 'cases', 'case-2026-03-01.zmcase'));
    } finally {
      temp.remove();
    }
  });
});
