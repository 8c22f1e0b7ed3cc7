import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { startWebServer, type WebServer } from '../../../electron/backend/web/server';
import type { CaseHost } from '../../../electron/backend/host/case-host';
import { openOrCreateDemoCase } from '../../../electron/backend/host/first-run';
import { ROOT, tempDir } from '../../support/paths';

/**
 * The end-to-end harness: browser mode (the real server, worker threads and handler table) in
 * Debian's Chromium driven by playwright-core. It builds nothing: `npm test` and `npm run test:e2e`
 * build dist/ first (the workers run dist/case-worker.mjs, the page is dist/renderer).
 * Each app gets a fresh browser context (its own cookies, storage and cache) in the run's one
 * Chromium (test/support/shared-chromium.ts), or in a Chromium of its own where there is none.
 */

export const CHROMIUM = process.env.ZEROMILE_CHROMIUM ?? '/usr/bin/chromium';
export const OUTPUT_DIR = join(ROOT, 'test', 'output');

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export type AppOptions = {
  /** Open (or create) this case file; default: a fresh empty case in the temp folder. */
  casePath?: string;
  /** Start with no case open. */
  noCase?: boolean;
  /**
   * Start on the demo case (`zeromile demo` files imported through the workers, rules run),
   * built in this run's data folder as on a first run. Takes a few seconds per 1,000 vehicles.
   */
  demo?: { vehicles?: number; seed?: number };
  /** Runs against the backend before the page opens, e.g. to add records to the case. */
  setup?: (host: CaseHost, dir: string) => Promise<void>;
  viewport?: { width: number; height: number };
};

export type App = {
  server: WebServer;
  /** The backend behind the page: call handlers directly to check what the UI did. */
  host: CaseHost;
  /** The app's own browser context: no other app shares its cookies, storage or pages. */
  context: BrowserContext;
  page: Page;
  /** The case file opened at start (the demo case with `demo`; null with noCase). */
  casePath: string | null;
  /** This run's temp folder (case files, data folder, a Chromium profile if it launched one); removed by close(). */
  dir: string;
  /** Saves a PNG of the page into test/output/NAME.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
};

export async function startApp(options: AppOptions = {}): Promise<App> {
  const temp = tempDir('zeromile-e2e-');
  const casePath = options.noCase || options.demo ? null : (options.casePath ?? join(temp.dir, 'e2e.zmcase'));
  let server: WebServer | null = null;
  let context: BrowserContext | null = null;
  let browser: Browser | null = null;
  try {
    server = await startWebServer({
      rendererDir: join(ROOT, 'dist', 'renderer'),
      workerPath: join(ROOT, 'dist', 'case-worker.mjs'),
      dataDir: join(temp.dir, 'data'),
      ...(casePath ? { casePath } : {}),
    });
    const demoPath = options.demo
      ? await openOrCreateDemoCase(server.host, join(temp.dir, 'data'), { vehicles: options.demo.vehicles ?? 200, seed: options.demo.seed ?? 1 })
      : null;
    if (options.setup) await options.setup(server.host, temp.dir);
    const viewport = options.viewport ?? { width: 1400, height: 900 };
    const endpoint = inject('chromiumEndpoint');
    // A shared Chromium that has gone (crashed, or the run is ending) is replaced by one of this app's own.
    browser = endpoint ? await chromium.connect(endpoint).catch(() => null) : null;
    if (browser) {
      context = await browser.newContext({ viewport });
    } else {
      context = await chromium.launchPersistentContext(join(temp.dir, 'chromium-profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport });
    }
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    // The app has rendered (the token was swapped for the cookie and the bundle ran).
    await page.locator('#root > *').first().waitFor({ timeout: 30_000 });
    const started = { server, context, browser };
    return {
      server,
      host: server.host,
      context,
      page,
      casePath: demoPath ?? casePath,
      dir: temp.dir,
      screenshot: (name) => screenshot(page, name),
      close: async () => {
        await started.context.close().catch(() => undefined);
        await started.browser?.close().catch(() => undefined);
        await started.server.close();
        temp.remove();
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    temp.remove();
    throw error;
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
