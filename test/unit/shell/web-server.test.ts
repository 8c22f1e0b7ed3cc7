import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../electron/backend/web/server';
import { ROOT, tempDir } from '../../support/paths';
import { rawRequest, type RawResponse } from './http-client';

// The browser-mode server with real HTTP requests, real workers and a real case file.
describe('browser-mode server', () => {
  const temp = tempDir();
  let server: WebServer;
  let cookie: string;
  const secret = 'SECRET-IN-PACKAGE-ROOT';

  beforeAll(async () => {
    const renderer = join(temp.dir, 'www', 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ZeroMile</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(temp.dir, 'www', 'secret.txt'), secret);
    server = await startWebServer({
      rendererDir: renderer,
      workerPath: join(ROOT, 'dist', 'case-worker.mjs'),
      dataDir: join(temp.dir, 'data'),
      casePath: join(temp.dir, 'web.zmcase'),
      // The case's own folder again, as `npm run web -- --case DIR/c.zmcase --folder DIR` gives it.
      folders: [temp.dir],
    });
    const first = await rawRequest(server.port, { path: `/?token=${server.token}` });
    cookie = String(first.headers['set-cookie']?.[0]).split(';')[0]!;
  });
  afterAll(async () => {
    await server?.close();
    temp.remove();
  });

  const get = (path: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
    rawRequest(server.port, { path, headers: { Cookie: cookie, ...headers } });
  const invoke = (name: unknown, args: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
    rawRequest(server.port, {
      method: 'POST', path: '/api/invoke', body: JSON.stringify({ name, args }),
      headers: { Cookie: cookie, 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${server.port}`, ...headers },
    });

  it('prints a tokened loopback URL and listens on 127.0.0.1', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('swaps the token for an HttpOnly SameSite=Strict cookie and redirects to a clean URL', async () => {
    const res = await rawRequest(server.port, { path: `/?token=${server.token}` });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
    const setCookie = String(res.headers['set-cookie']?.[0]);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ZeroMile</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers 403 without the token or with a wrong one', async () => {
    expect((await rawRequest(server.port, { path: '/' })).status).toBe(403);
    expect((await rawRequest(server.port, { path: '/?token=wrong' })).status).toBe(403);
    expect((await rawRequest(server.port, { path: '/', headers: { Cookie: `zm_session_${server.port}=wrong` } })).status).toBe(403);
    expect((await rawRequest(server.port, { method: 'POST', path: '/api/invoke', body: '{"name":"case:current","args":{}}' })).status).toBe(403);
    expect((await rawRequest(server.port, { path: '/api/events' })).status).toBe(403);
  });

  it('refuses other Host names (DNS rebinding) even with the cookie', async () => {
    expect((await get('/', { Host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(`/?token=${server.token}`, { Host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get('/', { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses cross-origin and cross-site requests and sends no CORS headers', async () => {
    const evil = await invoke('case:current', {}, { Origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect((await invoke('case:current', {}, { Origin: 'null' })).status).toBe(403);
    expect((await invoke('case:current', {}, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    const ok = await invoke('case:current', {});
    expect(ok.status).toBe(200);
    for (const res of [evil, ok, await get('/')]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    const preflight = await rawRequest(server.port, { method: 'OPTIONS', path: '/api/invoke', headers: { Cookie: cookie, Origin: 'http://evil.example' } });
    expect(preflight.status).toBe(403);
  });

  it('refuses path traversal and never lists a directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%2fsecret.txt']) {
      const res = await get(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.body, path).not.toContain(secret);
    }
    expect((await get('/assets/')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404);
    expect((await get('/assets/app.js')).headers['content-type']).toContain('javascript');
    expect((await get('/nope.js')).status).toBe(404);
  });

  it('serves the handler table with the Result shape', async () => {
    expect(JSON.parse((await invoke('case:current', {})).body)).toMatchObject({ ok: true, value: { path: join(temp.dir, 'web.zmcase') } });
    expect(JSON.parse((await invoke('no:such', {})).body)).toEqual({ ok: false, error: { code: 'unknown_handler', message: expect.any(String) } });
    expect(JSON.parse((await invoke('case:update-meta', { title: 7 })).body)).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    const notJson = await rawRequest(server.port, { method: 'POST', path: '/api/invoke', body: '{', headers: { Cookie: cookie } });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect((await get('/api/nothing')).status).toBe(404);
    // Cases…: each folder once (the --case folder was listed twice when it was also a --folder).
    expect(JSON.parse((await get('/api/cases')).body).value.folders).toEqual([join(temp.dir, 'data', 'cases'), temp.dir]);
  });

  it('pushes events over server-sent events', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { Host: `127.0.0.1:${server.port}`, Cookie: cookie } }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('case-changed')) {
            req.destroy();
            resolve(text);
          }
        });
        // Once the stream is open, cause an event.
        void invoke('case:update-meta', { analyst: 'Li' });
      });
      req.on('error', reject);
      req.end();
    });
    const text = await received;
    const frame = text.split('\n').find((line) => line.startsWith('data: '))!;
    expect(JSON.parse(frame.slice(6))).toEqual({ type: 'case-changed', what: 'meta' });
  });

  it('saves uploads under their name in its temp folder, ready for import:files', async () => {
    const body = Buffer.from('VIN,品牌\n', 'utf8');
    const res = await rawRequest(server.port, {
      method: 'POST', path: `/api/upload?name=${encodeURIComponent('../../销售.csv')}`, body,
      headers: { Cookie: cookie, 'Content-Type': 'application/octet-stream', Origin: `http://127.0.0.1:${server.port}` },
    });
    const saved = JSON.parse(res.body) as { ok: true; value: { path: string; name: string } };
    expect(saved.value.name).toBe('销售.csv');
    expect(saved.value.path.endsWith('/销售.csv')).toBe(true);
    expect(readFileSync(saved.value.path)).toEqual(body);
    await server.close();
    expect(existsSync(saved.value.path)).toBe(false);
  });
});
