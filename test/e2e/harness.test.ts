import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './support/app';

// The harness itself: browser mode in Chromium, with the token swapped for a cookie.
describe('e2e harness', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('opens the renderer through the tokened URL and drops the token from the address bar', async () => {
    expect(new URL(app.page.url()).search).toBe('');
    await expect.poll(() => app.page.locator('#root').innerHTML()).not.toBe('');
    const cookies = await app.context.cookies();
    const session = cookies.find((c) => c.name.startsWith(`zm_session_${app.server.port}_`));
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
  });

  it('reaches the same handler table from the page', async () => {
    const result = await app.page.evaluate(async () => {
      const res = await fetch('/api/invoke', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'case:current', args: {} }) });
      return res.json();
    });
    expect(result).toMatchObject({ ok: true, value: { path: app.casePath } });
  });

  it('writes screenshots into test/output', async () => {
    const path = await app.screenshot('harness-start');
    expect(existsSync(path)).toBe(true);
  });
});
