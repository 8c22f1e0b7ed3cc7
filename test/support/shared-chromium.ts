import { existsSync } from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_FLAGS } from '../../electron/backend/export/chromium-print';

declare module 'vitest' {
  // An interface: vitest's ProvidedContext is extended by declaration merging, which a type cannot do.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    /** The WebSocket endpoint of the run's one Chromium, or '' where there is none (startApp then launches its own). */
    chromiumEndpoint: string;
  }
}

/**
 * Vitest global set-up: one headless Chromium for the whole run, which every end-to-end file
 * connects to (test/e2e/support/app.ts). Each app gets a context of its own in it, as isolated as
 * a browser of its own (cookies, storage, cache), without starting Chromium again: a launch cost
 * 1-5 s a file on two busy cores, a new context a fraction of that.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const executablePath = process.env.ZEROMILE_CHROMIUM ?? '/usr/bin/chromium';
  let server: BrowserServer | null = null;
  if (existsSync(executablePath)) server = await chromium.launchServer({ executablePath, headless: true, args: [...CHROMIUM_FLAGS] });
  project.provide('chromiumEndpoint', server?.wsEndpoint() ?? '');
  return async () => {
    await server?.close();
  };
}
