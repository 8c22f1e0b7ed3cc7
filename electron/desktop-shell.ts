import { BrowserWindow, dialog, Menu, type WebContents } from 'electron';
import { basename, join, resolve } from 'node:path';
import { IPC, type MenuCommand } from '../shared/bridge';
import type { Result } from '../shared/errors';
import { CaseHost } from './backend/host/case-host';
import type { CaseFileEntry } from '../shared/contract/case';
import { CASE_FILTERS, OPEN_CASE_DIALOG, openChosenCase, recentCaseList } from './case-choices';
import { requestedCasePath, windowHoldingCase } from './case-windows';
import { menuTemplate } from './menu';
import { addRecent, loadRecent, saveRecent } from './recent-cases';
import { createAppWindow } from './window';

type CaseWindow = { window: BrowserWindow; host: CaseHost; casePath: string | null; granted: Set<string> };

export type ShellOptions = { preloadPath: string; userData: string; nativeBinding?: string; isDev: boolean };

const DOCUMENT_FILTERS = [
  { name: 'Documents', extensions: ['csv', 'xlsx', 'jsonl', 'pdf', 'png', 'jpg', 'jpeg', 'tif', 'tiff'] },
  { name: 'All files', extensions: ['*'] },
];

/**
 * The desktop app's windows, each with its own case host (two worker threads), the menu and its
 * actions. One case file is open in one window only.
 */
export class DesktopShell {
  readonly #windows = new Map<number, CaseWindow>();
  readonly #options: ShellOptions;
  readonly #recentFile: string;
  #recent: string[];

  constructor(options: ShellOptions) {
    this.#options = options;
    this.#recentFile = join(options.userData, 'recent-cases.json');
    this.#recent = loadRecent(this.#recentFile);
  }

  async openWindow(casePath?: string): Promise<BrowserWindow> {
    const window = createAppWindow(this.#options.preloadPath);
    const host = await CaseHost.start(this.#options.nativeBinding ? { nativeBinding: this.#options.nativeBinding } : {});
    const entry: CaseWindow = { window, host, casePath: null, granted: new Set() };
    this.#windows.set(window.id, entry);
    host.onEvent((event) => {
      if (!window.isDestroyed()) window.webContents.send(IPC.event, event);
    });
    window.on('focus', () => this.refreshMenu());
    window.on('closed', () => {
      this.#windows.delete(window.id);
      void host.close();
      this.refreshMenu();
    });
    if (casePath) await this.invoke(window.webContents, 'case:open', { path: casePath });
    this.refreshMenu();
    return window;
  }

  /** Paths the page of this window may name: files dropped on it, and the recent cases. */
  grantedPaths(sender: WebContents): ReadonlySet<string> {
    const entry = this.#entryFor(sender);
    return new Set([...(entry?.granted ?? []), ...this.#recent.map((p) => resolve(p))]);
  }

  grantPath(sender: WebContents, path: string): void {
    this.#entryFor(sender)?.granted.add(resolve(path));
  }

  /** Every call from a page goes through here (the IPC sender was checked before). */
  async invoke(sender: WebContents, name: unknown, args: unknown): Promise<Result<unknown>> {
    const entry = this.#entryFor(sender);
    if (!entry) return { ok: false, error: { code: 'forbidden', message: 'This window has no case host.' } };
    const wanted = requestedCasePath(name, args);
    if (wanted) {
      const holder = windowHoldingCase([...this.#windows.values()].map((e) => ({ windowId: e.window.id, casePath: e.casePath })), wanted, entry.window.id);
      if (holder !== null) {
        this.#windows.get(holder)?.window.focus();
        return { ok: false, error: { code: 'case_busy', message: `${basename(wanted)} is already open in another window; that window was brought to the front.` } };
      }
    }
    const result = await entry.host.invoke(name, args);
    if (result.ok && (name === 'case:open' || name === 'case:create')) {
      entry.casePath = (result.value as { path: string }).path;
      entry.window.setTitle(`${basename(entry.casePath)} — ZeroMile`);
      this.#remember(entry.casePath);
    } else if (result.ok && name === 'case:close') {
      entry.casePath = null;
      entry.window.setTitle('ZeroMile');
      this.refreshMenu();
    }
    return result;
  }

  /** New case from the page or the menu: a save dialog, then case:create. */
  async createCase(sender: WebContents, title: string): Promise<Result<unknown> | null> {
    const entry = this.#entryFor(sender);
    if (!entry) return null;
    const choice = await dialog.showSaveDialog(entry.window, { title: 'New case file', defaultPath: `${title || 'case'}.zmcase`, filters: CASE_FILTERS });
    if (choice.canceled || !choice.filePath) return null;
    const path = choice.filePath.endsWith('.zmcase') ? choice.filePath : `${choice.filePath}.zmcase`;
    return this.invoke(sender, 'case:create', { path, title: title || basename(path, '.zmcase') });
  }

  /** Open… in the page's Cases dialog: the native open dialog on the sender's window, then case:open. */
  async openCaseFromPage(sender: WebContents): Promise<Result<unknown> | null> {
    const entry = this.#entryFor(sender);
    if (!entry) return null;
    return openChosenCase(await dialog.showOpenDialog(entry.window, OPEN_CASE_DIALOG), (name, args) => this.invoke(sender, name, args));
  }

  /** Recent in the page's Cases dialog: File > Open Recent's list, as browser mode lists its case files. */
  recentCases(): Result<{ folders: string[]; cases: CaseFileEntry[] }> {
    return { ok: true, value: recentCaseList(this.#recent) };
  }

  refreshMenu(): void {
    const focused = this.#focused();
    const template = menuTemplate(
      { recent: this.#recent, caseOpen: !!focused?.casePath, isMac: process.platform === 'darwin', isDev: this.#options.isDev },
      {
        newCase: () => this.#send('new-case'),
        openCase: () => void this.#openCaseDialog(),
        openRecent: (path) => void this.#openPath(path),
        clearRecent: () => {
          this.#recent = [];
          saveRecent(this.#recentFile, this.#recent);
          this.refreshMenu();
        },
        importDocuments: () => void this.#importDialog(),
        print: () => this.#send('print'),
        savePdf: () => this.#send('save-pdf'),
        exportFile: () => this.#send('export'),
        closeCase: () => void this.#closeCase(),
        newWindow: () => void this.openWindow(),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#windows.values()].map((e) => e.host.close()));
  }

  #entryFor(sender: WebContents): CaseWindow | undefined {
    const window = BrowserWindow.fromWebContents(sender);
    return window ? this.#windows.get(window.id) : undefined;
  }

  #focused(): CaseWindow | undefined {
    const window = BrowserWindow.getFocusedWindow();
    return window ? this.#windows.get(window.id) : [...this.#windows.values()][0];
  }

  #send(command: MenuCommand): void {
    this.#focused()?.window.webContents.send(IPC.menu, command);
  }

  #remember(path: string): void {
    this.#recent = addRecent(this.#recent, path);
    saveRecent(this.#recentFile, this.#recent);
    this.refreshMenu();
  }

  async #openPath(path: string): Promise<void> {
    const entry = this.#focused();
    if (!entry) {
      await this.openWindow(path);
      return;
    }
    const result = await this.invoke(entry.window.webContents, 'case:open', { path });
    if (!result.ok && result.error.code !== 'case_busy') dialog.showErrorBox('Cannot open the case', result.error.message);
  }

  async #openCaseDialog(): Promise<void> {
    const entry = this.#focused();
    const choice = entry ? await dialog.showOpenDialog(entry.window, OPEN_CASE_DIALOG) : await dialog.showOpenDialog(OPEN_CASE_DIALOG);
    const path = choice.filePaths[0];
    if (!choice.canceled && path) await this.#openPath(path);
  }

  async #importDialog(): Promise<void> {
    const entry = this.#focused();
    if (!entry?.casePath) return;
    const choice = await dialog.showOpenDialog(entry.window, { title: 'Import documents', properties: ['openFile', 'multiSelections'], filters: DOCUMENT_FILTERS });
    if (choice.canceled || choice.filePaths.length === 0) return;
    // Progress and results reach the page as push events, like a drop.
    await this.invoke(entry.window.webContents, 'import:files', { files: choice.filePaths.map((path) => ({ path })) });
  }

  async #closeCase(): Promise<void> {
    const entry = this.#focused();
    if (!entry) return;
    await this.invoke(entry.window.webContents, 'case:close', {});
    this.#send('case-closed');
  }
}
