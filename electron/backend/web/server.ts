import { createReadStream, existsSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { confinedPathError } from '../files/path-policy';
import { fileURLToPath } from 'node:url';
import { toWireError, ZeroMileError } from '../../../shared/errors';
import type { PushEvent } from '../../../shared/events';
import { CaseHost } from '../host/case-host';
import { CONTENT_SECURITY_POLICY } from './csp';
import { browserDataDir } from '../files/data-dir';
import {
  contentType, isAllowedFetchSite, isAllowedHost, isAllowedOrigin, parseCookies, resolveStaticPath,
  sessionCookie, sessionCookieName, tokenMatches,
} from './guards';
import { BASE_HEADERS, readJson, sendJson, sendText } from './http-util';
import { listCaseFiles } from './case-list';
import { newCasePath } from './new-case-path';
import { makeUploadDir, removeUploads, saveUpload } from './upload';

export type WebServerOptions = {
  /** 0 (default) picks a free port. The server only ever listens on 127.0.0.1. */
  port?: number;
  /** Opened on start (created when it does not exist). */
  casePath?: string;
  /** dist/renderer by default. */
  rendererDir?: string;
  /** dist/case-worker.mjs by default. */
  workerPath?: string;
  /** Where cases created from the UI go; $XDG_CONFIG_HOME/ZeroMile by default. */
  dataDir?: string;
  /** Fixed token (tests); random otherwise. */
  token?: string;
  /**
   * Folders the page may name paths in (import, export, PDFs, cases), besides the data folder, the
   * folder of `casePath` and the upload folder: a path typed in browser mode stays inside them.
   */
  folders?: string[];
};

export type WebServer = {
  /** The first URL, with the token: http://127.0.0.1:PORT/?token=... */
  url: string;
  port: number;
  token: string;
  host: CaseHost;
  close(): Promise<void>;
};

const JSON_LIMIT = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/**
 * Browser mode: the built renderer and the same handler table over HTTP, on 127.0.0.1 only,
 * for one user holding the token. The first URL carries the token; it is swapped for an
 * HttpOnly SameSite=Strict cookie and removed from the address bar.
 */
export async function startWebServer(options: WebServerOptions = {}): Promise<WebServer> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const rendererDir = options.rendererDir ?? join(here, 'renderer');
  const dataDir = options.dataDir ?? browserDataDir();
  const token = options.token ?? randomBytes(24).toString('base64url');
  const uploadDir = makeUploadDir();
  const folders = [dataDir, uploadDir, ...(options.casePath ? [dirname(resolve(options.casePath))] : []), ...(options.folders ?? []).map((f) => resolve(f))];
  // The folder of --case is often also a --folder: list it once.
  const caseFolders = [...new Set([join(dataDir, 'cases'), ...folders.filter((f) => f !== uploadDir && f !== dataDir)])];
  // A refusal names the folders the analyst set, never the upload folder of this run: a case is opened from the case folders.
  const shownFolders = (name: unknown) => (name === 'case:open' || name === 'case:create' ? caseFolders : folders.filter((f) => f !== uploadDir));
  const host = await CaseHost.start(options.workerPath ? { workerPath: options.workerPath } : {});

  if (options.casePath) {
    const opened = existsSync(options.casePath)
      ? await host.call('case:open', { path: options.casePath })
      : await host.call('case:create', { path: options.casePath, title: 'New case' });
    if (!opened.ok) {
      await host.close();
      rmSync(uploadDir, { recursive: true, force: true });
      throw new ZeroMileError(opened.error.code, opened.error.message);
    }
  }

  const streams = new Set<ServerResponse>();
  const unsubscribe = host.onEvent((event: PushEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of streams) res.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let port = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toWireError(error) });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, port)) return sendText(res, 403, 'Forbidden: unknown host.');
    const origin = req.headers.origin;
    if (!isAllowedOrigin(origin, port)) return sendText(res, 403, 'Forbidden: cross-origin request.');
    const site = req.headers['sec-fetch-site'];
    if (!isAllowedFetchSite(Array.isArray(site) ? site[0] : site)) return sendText(res, 403, 'Forbidden: cross-site request.');

    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (req.method !== 'GET' || url.pathname !== '/' || !tokenMatches(token, given)) return sendText(res, 403, 'Forbidden: wrong token.');
      res.writeHead(302, { ...BASE_HEADERS, 'Set-Cookie': sessionCookie(port, token), Location: '/' });
      return void res.end();
    }
    if (!tokenMatches(token, parseCookies(req.headers.cookie).get(sessionCookieName(port, token)))) {
      return sendText(res, 403, 'Forbidden: open the URL with the token that `npm run web` printed.');
    }

    if (url.pathname.startsWith('/api/')) return api(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    return serveStatic(req, res, url.pathname);
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'POST /api/invoke': {
        const body = await readJson(req, JSON_LIMIT).catch((error: unknown) => error);
        if (body instanceof Error) return sendJson(res, 400, { ok: false, error: toWireError(body) });
        const { name, args } = (body ?? {}) as { name?: unknown; args?: unknown };
        const outside = confinedPathError(name, args, folders, shownFolders(name));
        if (outside) return sendJson(res, 200, { ok: false, error: outside });
        const result = await host.invoke(name, args);
        if (name === 'import:files') removeUploads(uploadDir, args);
        return sendJson(res, 200, result);
      }
      case 'GET /api/events':
        res.writeHead(200, { ...BASE_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      case 'POST /api/upload': {
        const saved = await saveUpload(req, uploadDir, url.searchParams.get('name')).catch((error: unknown) => error as Error);
        if (saved instanceof Error) {
          // The rest of a refused body is not read: the connection closes after the answer.
          res.setHeader('Connection', 'close');
          return sendJson(res, 413, { ok: false, error: toWireError(saved) });
        }
        return sendJson(res, 200, { ok: true, value: saved });
      }
      case 'GET /api/cases':
        // The case folders (the cases folder, --case's, each --folder), not the upload folder.
        return sendJson(res, 200, { ok: true, value: { folders: caseFolders, cases: listCaseFiles(caseFolders) } });
      case 'POST /api/new-case': {
        const body = (await readJson(req, JSON_LIMIT)) as { title?: unknown };
        const title = typeof body?.title === 'string' && body.title.trim() ? body.title.trim().slice(0, 500) : 'New case';
        return sendJson(res, 200, await host.call('case:create', { path: newCasePath(dataDir, title), title }));
      }
      default:
        return sendJson(res, 404, { ok: false, error: { code: 'not_found', message: `No route ${route}.` } });
    }
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const file = resolveStaticPath(rendererDir, pathname);
    if (!file) return sendText(res, 403, 'Forbidden path.');
    // Directories are never listed; missing files are plain 404s.
    const stat = existsSync(file) ? statSync(file) : null;
    if (!stat || !stat.isFile()) return sendText(res, 404, 'Not found.');
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': contentType(file),
      'Content-Length': String(stat.size),
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;

  let closed: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    host,
    close: () => {
      closed ??= (async () => {
        clearInterval(heartbeat);
        unsubscribe();
        for (const res of streams) res.end();
        streams.clear();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await host.close();
        rmSync(uploadDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
