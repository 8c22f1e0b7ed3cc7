import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC } from '../shared/bridge';
import type { PrintPage } from '../shared/contract/print';
import type { Result } from '../shared/errors';
import { exportExtension, exportSubject, offeredFileName, packSubject, parseExportRequest, parseGraphRequest, parsePackRequest, parsePrintRequest, type PrintRequest } from '../shared/print-request';
import type { PackSaved } from '../shared/bridge';
import { saveFilters, type SaveKind } from './backend/export/print-layout';
import type { DesktopShell } from './desktop-shell';
import { printWithDialog, saveGraph, savePdf } from './print';
import { isTrustedSender, senderFrameOf } from './security';

const FORBIDDEN: Result<never> = { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused.' } };
const BAD_REQUEST: Result<never> = { ok: false, error: { code: 'bad_argument', message: 'That print or export request is not one the app makes.' } };

type Invoke = (sender: WebContents, name: string, args: unknown) => Promise<Result<unknown>>;

/** The page to print, built by the backend from the case file: the renderer names it, never sends HTML. */
async function pageFor(invoke: Invoke, sender: WebContents, request: PrintRequest): Promise<Result<PrintPage>> {
  const { what, ...rest } = request;
  const result = what === 'evidence' ? await invoke(sender, 'print:evidence-html', rest) : await invoke(sender, 'print:report-html', rest);
  return result as Result<PrintPage>;
}

/**
 * The native save dialog for a file the backend writes (an export, an evidence pack): offered
 * under a name from the case's title and what is saved, filtered to files of `kind`. The path
 * chosen, with the extension added when the analyst left it off, or null when the dialog was
 * cancelled. The dialog has asked before a file already there is replaced, so the caller passes
 * `replace: true`.
 */
async function askSaveTo(invoke: Invoke, sender: WebContents, dialogTitle: string, subject: string, kind: SaveKind, extension: string = kind): Promise<string | null> {
  const current = await invoke(sender, 'case:current', {});
  const title = current.ok && current.value ? (current.value as { title: string }).title : 'case';
  const options = { title: dialogTitle, defaultPath: offeredFileName(title, subject, extension), filters: saveFilters(kind) };
  const parent = BrowserWindow.fromWebContents(sender);
  const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return null;
  return choice.filePath.toLowerCase().endsWith(`.${extension}`) ? choice.filePath : `${choice.filePath}.${extension}`;
}

async function caught<T>(work: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await work();
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: (error as Error).message } };
  }
}

/**
 * Print, Save as PDF, Save graph and Export for the desktop app (electron/print.ts does the
 * printing). Every sender is checked like zeromile:invoke; requests are checked field by field.
 */
export function registerPrintIpc(shell: DesktopShell): void {
  const invoke: Invoke = (sender, name, args) => shell.invoke(sender, name, args);
  /**
   * One channel: the sender is checked first, then the request field by field (`parse` gives null
   * for anything the app does not send); `work` sees only a checked request. Errors come back as
   * results, never as rejections.
   */
  const handle = <Q, T>(channel: string, parse: (raw: unknown) => Q | null, work: (sender: WebContents, request: Q) => Promise<Result<T>>) => {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, raw: unknown) => caught<T>(async () => {
      if (!isTrustedSender(senderFrameOf(event))) return FORBIDDEN;
      const request = parse(raw);
      if (!request) return BAD_REQUEST;
      return work(event.sender, request);
    }));
  };

  handle(IPC.printPage, parsePrintRequest, async (sender, request) => {
    const page = await pageFor(invoke, sender, request);
    if (!page.ok) return page;
    return { ok: true, value: { printed: await printWithDialog(page.value) } };
  });

  handle(IPC.savePdf, parsePrintRequest, async (sender, request) => {
    const page = await pageFor(invoke, sender, request);
    if (!page.ok) return page;
    const path = await savePdf(BrowserWindow.fromWebContents(sender), page.value);
    return { ok: true, value: path ? { path } : null };
  });

  handle(IPC.saveGraph, parseGraphRequest, async (sender, request) => {
    const graph = await invoke(sender, 'print:evidence-svg', {
      vin: request.vin, ...(request.unmask_ids === undefined ? {} : { unmask_ids: request.unmask_ids }), ...(request.lang === undefined ? {} : { lang: request.lang }),
    });
    if (!graph.ok) return graph;
    const path = await saveGraph(BrowserWindow.fromWebContents(sender), `Chain ${request.vin}`, (graph.value as { svg: string }).svg, request.format);
    return { ok: true, value: path ? { path } : null };
  });

  handle(IPC.exportFile, parseExportRequest, async (sender, request): Promise<Result<{ path: string; counts: Record<string, number> } | null>> => {
    const path = await askSaveTo(invoke, sender, 'Export', exportSubject(request), request.format, exportExtension(request.format));
    if (path === null) return { ok: true, value: null };
    const done = await invoke(sender, 'export:file', { ...request, path, replace: true });
    return done as Result<{ path: string; counts: Record<string, number> }>;
  });

  handle(IPC.saveEvidencePack, parsePackRequest, async (sender, request): Promise<Result<PackSaved | null>> => {
    const path = await askSaveTo(invoke, sender, 'Save evidence pack', packSubject(request), 'pdf');
    if (path === null) return { ok: true, value: null };
    return await invoke(sender, 'print:evidence-pack', { ...request, path, replace: true }) as Result<PackSaved>;
  });
}
