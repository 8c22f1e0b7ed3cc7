import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ZeroMileError } from '../../../shared/errors';

/**
 * Prints ZeroMile's self-contained HTML pages through headless Chromium (the Debian build at
 * /usr/bin/chromium by default), for the CLI, browser mode's "save as PDF" and tests. The page
 * carries its own @page size, margins and page numbers, so Chromium is told to follow the CSS.
 * The page is offline: every request it tries is refused.
 *
 * playwright-core is a runtime dependency loaded only here, when something is printed: the case
 * worker bundle imports this module, and the desktop app prints through Electron's own
 * webContents (electron/print.ts), so it must start without ever loading the driver.
 */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
] as const;

export type ChromiumOptions = {
  executablePath?: string;
  /** A printer kept open by the caller (tests, the browser-mode server); one is launched and closed per print otherwise. */
  printer?: Printer;
};

export function chromiumPath(options: ChromiumOptions = {}): string {
  const path = options.executablePath ?? process.env.ZEROMILE_CHROMIUM ?? DEFAULT_CHROMIUM;
  if (!existsSync(path)) {
    throw new ZeroMileError('file_not_found', `No Chromium at ${path}: install it (apt-get install chromium) or give its path with --chromium.`);
  }
  return path;
}

type PdfOptions = { tagged?: boolean };

export type Printer = {
  /**
   * The page as PDF bytes, laid out by its own CSS (@page size, margin boxes). Tagged (with an
   * outline) unless `tagged: false`, which prints twice as fast: evidence packs of thousands of pages.
   */
  pdf(html: string, options?: PdfOptions): Promise<Buffer>;
  /** A PNG of the first element matching `selector`, at `scale` device pixels per CSS pixel. */
  png(html: string, selector: string, scale?: number): Promise<Buffer>;
  /**
   * One page kept for many prints of one job (an evidence pack's chunks), each print's HTML
   * replacing the last: a fresh context starts a renderer process, about 0.6 s of CPU a print,
   * as much as laying out 10 evidence sheets. Close it when the job is done.
   */
  session(): Promise<PrintSession>;
  close(): Promise<void>;
};

export type PrintSession = { pdf(html: string, options?: PdfOptions): Promise<Buffer>; close(): Promise<void> };

/** Starts Chromium once; each print gets a fresh offline context with scripts off and every request refused. */
export async function openPrinter(options: ChromiumOptions = {}): Promise<Printer> {
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath(options), args: [...CHROMIUM_FLAGS], headless: true });
  async function openPage(scale: number): Promise<{ page: Page; close: () => Promise<void> }> {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true, deviceScaleFactor: scale, viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      return { page, close: () => context.close() };
    } catch (error) {
      await context.close();
      throw error;
    }
  }
  async function load(page: Page, html: string): Promise<void> {
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready').catch(() => undefined);
  }
  const pdf = (page: Page, { tagged = true }: PdfOptions = {}) => page.pdf({ preferCSSPageSize: true, printBackground: true, tagged, outline: tagged });
  async function onPage<T>(html: string, scale: number, work: (page: Page) => Promise<T>): Promise<T> {
    const { page, close } = await openPage(scale);
    try {
      await load(page, html);
      return await work(page);
    } finally {
      await close();
    }
  }
  return {
    pdf: (html, options) => onPage(html, 1, (page) => pdf(page, options)),
    session: async () => {
      const { page, close } = await openPage(1);
      const cdp = await page.context().newCDPSession(page);
      return {
        pdf: async (html, options) => {
          await load(page, html);
          const bytes = await pdf(page, options);
          // With scripts off nothing prompts the renderer to collect the pages it replaced: ten
          // chunks of an evidence pack took it from 350 to 610 MB; collected, it stays at 350.
          await cdp.send('HeapProfiler.collectGarbage');
          return bytes;
        },
        close,
      };
    },
    png: (html, selector, scale = 2) => onPage(html, scale, async (page) => {
      const element = await page.$(selector);
      if (!element) throw new ZeroMileError('internal', `Nothing to capture: no ${selector} on the page.`);
      return element.screenshot({ type: 'png' });
    }),
    close: () => browser.close(),
  };
}

async function withPrinter<T>(options: ChromiumOptions, work: (printer: Printer) => Promise<T>): Promise<T> {
  if (options.printer) return work(options.printer);
  const printer = await openPrinter(options);
  try {
    return await work(printer);
  } finally {
    await printer.close();
  }
}

export function printPdf(html: string, options: ChromiumOptions = {}): Promise<Buffer> {
  return withPrinter(options, (printer) => printer.pdf(html));
}

export function screenshotElement(html: string, selector: string, options: ChromiumOptions & { scale?: number } = {}): Promise<Buffer> {
  return withPrinter(options, (printer) => printer.png(html, selector, options.scale));
}
