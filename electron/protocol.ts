import { protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { contentType } from './backend/web/guards';
import { APP_SCHEME, resolveAppPath, responseHeaders } from './security';

/**
 * The UI is served from app://zeromile/ (not file://): one origin to trust, a CSP header on every
 * response, and no path outside dist/renderer.
 */

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveAppPath(rendererDir, request.url);
    if (!path) return new Response('Forbidden', { status: 403 });
    try {
      if (!(await stat(path)).isFile()) return new Response('Not found', { status: 404 });
      return new Response(await readFile(path), { status: 200, headers: responseHeaders(contentType(path)) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
