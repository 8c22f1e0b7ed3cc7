import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ZeroMileError } from '../../../shared/errors';

/**
 * Prints ZeroMile's self-contained HTML pages through headless Chromium (the Debian build at
 * /usr/bin/chromium by default), for the CLI, browser mode's "save as PDF" and tests. The page
 * carries its own @page size, margins and page numbers, so Chromium is told to follow the CSS.
 * The page is offline: every request it tries is refused.
 */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
] as const;

export type ChromiumOptions = { executablePath?: string };

export function chromiumPath(options: ChromiumOptions = {}): string {
  const path = options.executablePath ?? process.env.ZEROMILE_CHROMIUM ?? DEFAULT_CHROMIUM;
  if (!existsSync(path)) {
    throw new ZeroMileError('file_not_found', `No Chromium at ${path}: install it (apt-get install chromium) or give its path with --chromium.`);
  }
  return path;
}

async function withPage<T>(options: ChromiumOptions, html: string, work: (page: import('playwright-core').Page) => Promise<T>): Promise<T> {
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(options), args: [...CHROMIUM_FLAGS], headless: true });
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready').catch(() => undefined);
    return await work(page);
  } finally {
    await browser?.close();
  }
}

/** The page as PDF bytes, laid out by its own CSS (@page size, margin boxes). */
export async function printPdf(html: string, options: ChromiumOptions = {}): Promise<Buffer> {
  return withPage(options, html, (page) => page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true }));
}

/** A PNG of the first element matching `selector` (the chain graph), at `scale` device pixels per CSS pixel. */
export async function screenshotElement(html: string, selector: string, options: ChromiumOptions & { scale?: number; width?: number } = {}): Promise<Buffer> {
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(options), args: [...CHROMIUM_FLAGS], headless: true });
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, deviceScaleFactor: options.scale ?? 2, viewport: { width: options.width ?? 1400, height: 900 } });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const element = await page.$(selector);
    if (!element) throw new ZeroMileError('internal', `Nothing to capture: no ${selector} on the page.`);
    return await element.screenshot({ type: 'png' });
  } finally {
    await browser?.close();
  }
}
