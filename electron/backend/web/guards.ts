import { createHash, timingSafeEqual } from 'node:crypto';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';

/**
 * The browser-mode server's guards, as pure functions: who may talk to it (token, cookie), from
 * where (Host and Origin against DNS rebinding and cross-site requests), and which files it serves.
 */

/**
 * Cookies ignore ports: any other service on 127.0.0.1 can set a cookie that the browser then sends
 * to us, and one of the same name would replace our session and lock the user out. The name carries
 * the port and a digest of the token, which no other service knows, so it cannot be aimed at.
 */
export function sessionCookieName(port: number, token: string): string {
  return `zm_session_${port}_${createHash('sha256').update(`zeromile-cookie:${token}`).digest('hex').slice(0, 16)}`;
}

export function sessionCookie(port: number, token: string): string {
  return `${sessionCookieName(port, token)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return cookies;
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Only the loopback names of our own port: a rebinding attacker's hostname is refused. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** A request from another site (or a sandboxed 'null' origin) is refused; no Origin = not a cross-site fetch. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Fetch metadata: only our own pages (or the user typing the URL) may reach the server. */
export function isAllowedFetchSite(site: string | undefined): boolean {
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * Maps a URL path to a file under `root`, or null when it would leave the root (`..`, encoded
 * slashes, absolute paths, NUL bytes). `/` is the index page.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const wanted = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (isAbsolute(wanted)) return null;
  const base = resolve(root);
  const full = resolve(base, normalize(wanted));
  const rel = relative(base, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return full;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(path: string): string {
  const dot = path.lastIndexOf('.');
  return (dot >= 0 ? TYPES[path.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}

/** Most bytes of an uploaded file's name: file systems take 255, and a CJK character is 3 bytes. */
const MAX_NAME_BYTES = 200;

/**
 * A file name from an upload, safe to create in our temp folder and to show: control characters
 * and bidirectional overrides or isolates (which make "Cod\u202Eexe.pdf" read as another name)
 * become `_`, and the name is cut to MAX_NAME_BYTES of UTF-8, keeping its extension.
 */
export function safeUploadName(name: string | null | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '_').replace(/^\.+/, '').trim();
  return cutToBytes(cleaned, MAX_NAME_BYTES) || 'upload';
}

function cutToBytes(name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  let stem = '';
  // By code points, so a character is never cut in half.
  for (const ch of name.slice(0, name.length - ext.length)) {
    if (Buffer.byteLength(stem + ch + ext) > max) break;
    stem += ch;
  }
  return stem + ext;
}
