import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../electron/backend/web/server';
import { ROOT, tempDir } from '../support/paths';
import { rng } from './bad-inputs';
import { makeRandom } from './random-args';

const SEED = Number(process.env.ZEROMILE_FUZZ_SEED ?? 8);
const REQUESTS = Number(process.env.ZEROMILE_FUZZ_REQUESTS ?? 600);
const temp = tempDir('zeromile-fuzz-http-');
let server: WebServer;
let cookie = '';
const WORKER = join(ROOT, 'dist', 'case-worker.mjs');

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function send(options: { method: string; path: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time: a connection the server cut short must not poison the next request.
    const req = request({ host: '127.0.0.1', port: server.port, method: options.method, path: options.path, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${options.method} ${options.path} timed out`)));
    req.end(options.body);
  });
}

beforeAll(async () => {
  if (!existsSync(WORKER)) throw new Error(`build first: ${WORKER} is missing (npm run build)`);
  const renderer = join(temp.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ZeroMile</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  server = await startWebServer({ rendererDir: renderer, workerPath: WORKER, dataDir: join(temp.dir, 'data'), casePath: join(temp.dir, 'web.zmcase') });
  const first = await send({ method: 'GET', path: `/?token=${server.token}`, headers: { Host: `127.0.0.1:${server.port}` } });
  cookie = String(first.headers['set-cookie']?.[0]).split(';')[0]!;
}, 60_000);
afterAll(async () => {
  await server?.close();
  temp.remove();
});

describe('fuzzing the browser-mode HTTP routes', () => {
  it('random methods, paths, headers and bodies: no stack, no CORS, no 5xx but a coded JSON error; the server stays up', async () => {
    const random = rng(SEED);
    const args = makeRandom(SEED + 1, (name) => join(temp.dir, 'out', name));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const own = `127.0.0.1:${server.port}`;
    const paths = ['/', '/api/invoke', '/api/upload', '/api/new-case', '/api/', '/api/invoke/', '/API/INVOKE', '/assets/app.js', '/assets/',
      '/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fweb.zmcase', '/index.html%00.js', `/?token=${server.token}`, '/?token=wrong',
      '//etc/passwd', '/assets/%c0%ae%c0%ae/', '/' + 'a'.repeat(8000), '/api/invoke?x=' + '%'.repeat(50), '/\\..\\..\\windows'];
    const statuses = new Map<number, number>();
    const fiveHundreds: string[] = [];
    let withCookie = 0;
    const hangups: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const method = pick(['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'TRACE']);
      // (GET /api/events is a server-sent event stream that stays open by design: not fuzzed here.)
      const path = random() < 0.5 ? '/api/invoke' : pick(paths);
      const headers: Record<string, string> = { Host: random() < 0.9 ? own : pick(['evil.example', `localhost:${server.port}`, '127.0.0.1', `[::1]:${server.port}`, `127.0.0.1:${server.port + 1}`]) };
      if (random() < 0.9) { headers.Cookie = cookie; withCookie++; }
      if (random() < 0.5) headers.Origin = pick([`http://${own}`, 'http://evil.example', 'null', `http://localhost:${server.port}`]);
      if (random() < 0.3) headers['Sec-Fetch-Site'] = pick(['same-origin', 'cross-site', 'none', 'same-site']);
      headers['Content-Type'] = pick(['application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/octet-stream', '']);
      let body: string | Buffer | undefined;
      const kind = random();
      if (method === 'GET' || method === 'HEAD') body = undefined;
      else if (kind < 0.5) body = JSON.stringify({ name: pick([...[...server.host ? ['case:current', 'grid:vehicles', 'flags:list', 'search:query', 'vehicle:get', 'import:files', 'case:open', 'export:file', 'rules:run', 'nope'] : []]]), args: args.shaped(['start', 'end', 'sort', 'filter', 'count', 'vin', 'q', 'files', 'path', 'format', 'id', 'params']) });
      else if (kind < 0.65) body = JSON.stringify(args.noise()) ?? 'undefined';
      else if (kind < 0.75) body = '{"name": "case:current", "args": ' ;
      else if (kind < 0.8) body = Buffer.alloc(1024 * 1024 + 10, 0x20);
      else if (kind < 0.9) body = Buffer.from(Array.from({ length: 500 }, () => Math.floor(random() * 256)));
      else body = `{"name":"case:current","args":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      let reply: Reply;
      try {
        reply = await send({ method, path, headers, body });
      } catch (error) {
        // The server may cut a connection short (an oversized body): that is a refusal, not a crash.
        hangups.push(`${method} ${path.slice(0, 60)} body ${body?.length ?? 0} B: ${(error as Error).message}`);
        continue;
      }
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      if (reply.status >= 500) fiveHundreds.push(`${method} ${path.slice(0, 60)} -> ${reply.status} ${reply.body.slice(0, 120)}`);
      expect(reply.body, `${method} ${path}`).not.toMatch(/\n\s+at .*\.(m?js|ts):\d+/);
      expect(reply.headers['access-control-allow-origin'], `${method} ${path}`).toBeUndefined();
      if (headers.Host !== own && headers.Host !== `localhost:${server.port}`) expect(reply.status, `Host ${headers.Host}`).toBe(403);
    }
    const alive = await send({ method: 'POST', path: '/api/invoke', headers: { Host: own, Cookie: cookie, 'Content-Type': 'application/json', Origin: `http://${own}` }, body: JSON.stringify({ name: 'case:current', args: {} }) });
    expect(alive.status).toBe(200);
    expect(JSON.parse(alive.body)).toMatchObject({ ok: true });
    process.stderr.write(`http fuzz: ${REQUESTS} requests (seed ${SEED}, ${withCookie} with the session cookie): statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`);
    if (hangups.length > 0) process.stderr.write(`http fuzz: connections closed by the server:\n  ${hangups.join('\n  ')}\n`);
    // A 500 with a coded JSON error and no stack is an error, not a crash (issue 8), but it should
    // be a 400: they are listed in the report for the browser-mode server. A 5xx of any other
    // shape (HTML, a stack, an empty body) fails.
    if (fiveHundreds.length > 0) process.stderr.write(`http fuzz: 5xx (coded JSON, no stack):\n  ${fiveHundreds.join('\n  ')}\n`);
    for (const line of fiveHundreds) expect(line).toMatch(/-> 500 \{"ok":false,"error":\{"code":"[a-z_]+","message":/);
  }, 600_000);

  it('an empty or missing Host header is refused', async () => {
    for (const hostLine of ['Host: \r\n', '']) {
      const reply = await new Promise<string>((resolve) => {
        let text = '';
        const socket = connect(server.port, '127.0.0.1', () => socket.write(`GET / HTTP/1.1\r\n${hostLine}${`Cookie: ${cookie}\r\n`}Connection: close\r\n\r\n`));
        socket.on('data', (d) => { text += d; });
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
      });
      expect(reply.slice(0, 12), JSON.stringify(hostLine)).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
  });

  it('malformed HTTP on the raw socket does not take the server down', async () => {
    for (const raw of ['GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n', 'POST /api/invoke HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', '\u0000'.repeat(100)]) {
      await new Promise<void>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end(raw));
        socket.on('data', () => {});
        socket.on('close', () => resolve());
        socket.on('error', () => resolve());
        socket.setTimeout(5000, () => socket.destroy());
      });
    }
    const alive = await send({ method: 'GET', path: '/', headers: { Host: `127.0.0.1:${server.port}`, Cookie: cookie } });
    expect(alive.status).toBe(200);
  });
});
