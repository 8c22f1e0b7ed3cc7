import type { Page } from 'playwright-core';

export type OpenedChooser = {
  /** The input asks for several files (`multiple`). */
  multiple: boolean;
  /** Gives the chooser these files (paths on this machine), as the analyst picking them would. */
  setFiles(paths: string[]): Promise<void>;
};

/**
 * Presses `key` and returns the file chooser the page opened then; throws if none opened within
 * `timeout` ms. Chromium is told to catch file choosers, and has said so, before the key goes:
 * Playwright's `waitForEvent('filechooser')` turns that on by a message it does not wait for, so
 * a chooser opened on the key's first event (Enter clicks a button on key-down; Space on key-up,
 * one message later) could open before it and be lost: Enter on the Import button was so missed
 * in 10 of 24 presses, Space in 1 of 24, though the page clicked its file input, with the user's
 * activation, every time.
 */
export async function chooserOnKey(page: Page, key: string, timeout = 10_000): Promise<OpenedChooser> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Page.enable');
    await cdp.send('Page.setInterceptFileChooserDialog', { enabled: true });
    let timer: NodeJS.Timeout | undefined;
    const opened = new Promise<{ mode: string; backendNodeId?: number }>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${key} opened no file chooser within ${timeout} ms`)), timeout);
      cdp.once('Page.fileChooserOpened', resolve);
    });
    await page.keyboard.press(key);
    const event = await opened.finally(() => clearTimeout(timer));
    if (event.backendNodeId === undefined) throw new Error(`${key} opened a file chooser of no input element`);
    const node = event.backendNodeId;
    return {
      multiple: event.mode === 'selectMultiple',
      setFiles: async (paths) => {
        try {
          await cdp.send('DOM.setFileInputFiles', { files: paths, backendNodeId: node });
        } finally {
          await cdp.detach().catch(() => undefined);
        }
      },
    };
  } catch (error) {
    await cdp.detach().catch(() => undefined);
    throw error;
  }
}
