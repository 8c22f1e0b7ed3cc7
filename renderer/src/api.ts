import type { MenuCommand, PackSaved, Saved, ZeroMileBridge } from '../../shared/bridge';
import type { ExportRequest, GraphRequest, PackRequest, PrintRequest } from '../../shared/print-request';
import { refusedFileResult, type ImportFileResult } from '../../shared/contract/import';
import type { CaseFileEntry, CaseSummary } from '../../shared/contract/case';
import { toWireError, type ErrorCode, type Result, type WireError } from '../../shared/errors';
import { refusal } from '../../shared/refusal';
import type { PushEvent } from '../../shared/events';
import type { HandlerArgs, HandlerName, HandlerResult } from '../../shared/handlers';
import { menuCommandOfKey } from './lib/menu-keys';

/**
 * The renderer's one door to the backend, and the ONLY module that knows whether it runs in
 * Electron (window.zeromile from the preload, IPC) or in browser mode (HTTP on 127.0.0.1, a
 * session cookie, server-sent events). Everything else calls api.invoke / api.invokeResult / api.onEvent.
 */

const bridge: ZeroMileBridge | undefined = (window as unknown as { zeromile?: ZeroMileBridge }).zeromile;

export const runtime: 'electron' | 'browser' = bridge ? 'electron' : 'browser';

/** A failed call, as api.invoke throws it: the backend's error code and message. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  /** The message as a key and parameters, where the backend gave one: shown in the reader's language. */
  readonly msg: WireError['msg'];
  constructor(error: WireError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.msg = error.msg;
  }
}

function post(path: string, body: BodyInit, contentType: string): Promise<Result<unknown>> {
  return request(path, { method: 'POST', body, headers: { 'Content-Type': contentType } });
}

/** One call to the browser-mode server; its answer is a Result, never a throw. */
async function request(path: string, init: RequestInit = {}): Promise<Result<unknown>> {
  try {
    const res = await fetch(path, { ...init, credentials: 'same-origin' });
    if (res.status === 403) return { ok: false, error: { code: 'forbidden', message: 'The session has expired: open the URL that `npm run web` printed again.', msg: { key: 'error.session_expired' } } };
    return (await res.json()) as Result<unknown>;
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: `The ZeroMile server does not answer (${(error as Error).message}). Is \`npm run web\` still running?`, msg: { key: 'error.server_gone', params: { detail: (error as Error).message } } } };
  }
}

/** Calls a handler; the outcome is always a Result, never a throw. */
export async function invokeResult<K extends HandlerName>(name: K, args: HandlerArgs<K>): Promise<Result<HandlerResult<K>>> {
  const result = bridge
    ? await bridge.invoke(name, args)
    : await post('/api/invoke', JSON.stringify({ name, args }), 'application/json');
  return result as Result<HandlerResult<K>>;
}

/** Calls a handler and returns its value; throws ApiError (with the error's code) when it failed. */
export async function invoke<K extends HandlerName>(name: K, args: HandlerArgs<K>): Promise<HandlerResult<K>> {
  const result = await invokeResult(name, args);
  if (!result.ok) throw new ApiError(result.error);
  return result.value;
}

// Browser mode: one EventSource for all listeners, opened with the first and closed with the last.
const listeners = new Set<(event: PushEvent) => void>();
let source: EventSource | null = null;

/** Push events (import progress, case changed, ...); returns the unsubscribe function. */
export function onEvent(listener: (event: PushEvent) => void): () => void {
  if (bridge) return bridge.onEvent(listener);
  listeners.add(listener);
  if (!source) {
    source = new EventSource('/api/events');
    source.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as PushEvent;
      for (const l of listeners) l(event);
    };
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && source) {
      source.close();
      source = null;
    }
  };
}

const pageCommands = new Set<(command: MenuCommand) => void>();

/**
 * Menu commands (New case, Import, Print...): from the desktop menu, from the page's own controls
 * (sendMenuCommand), and in browser mode, which has no menu, from the menu's keys (menu-keys.ts).
 */
export function onMenuCommand(listener: (command: MenuCommand) => void): () => void {
  pageCommands.add(listener);
  const offDesktop = bridge ? bridge.onMenuCommand(listener) : () => undefined;
  const onKey = (e: KeyboardEvent): void => {
    const command = menuCommandOfKey(e);
    if (!command) return;
    e.preventDefault();
    listener(command);
  };
  if (!bridge) window.addEventListener('keydown', onKey);
  return () => {
    pageCommands.delete(listener);
    offDesktop();
    if (!bridge) window.removeEventListener('keydown', onKey);
  };
}

/** A menu command given by a control of the page (the top bar's Import button): one path with the menu's. */
export function sendMenuCommand(command: MenuCommand): void {
  for (const listener of [...pageCommands]) listener(command);
}

/**
 * Creates a case and opens it. Electron asks where to save it; browser mode puts it in its data
 * folder. null when the user cancelled the dialog.
 */
export async function createCase(title: string): Promise<Result<CaseSummary> | null> {
  if (bridge) return (await bridge.createCase(title)) as Result<CaseSummary> | null;
  return (await post('/api/new-case', JSON.stringify({ title }), 'application/json')) as Result<CaseSummary>;
}

/** The desktop app's open dialog for a case file, then case:open; null when cancelled (and in browser mode, which has none). */
export async function openCaseDialog(): Promise<Result<unknown> | null> {
  return bridge ? bridge.openCase() : null;
}

/**
 * Case files to open: in browser mode those of the folders this session may read, newest first,
 * and those folders (it has no open dialog); in the desktop app its recent cases (File > Open Recent).
 */
export async function listCases(): Promise<Result<{ folders: string[]; cases: CaseFileEntry[] }>> {
  if (bridge) return bridge.recentCases();
  return (await request('/api/cases')) as Result<{ folders: string[]; cases: CaseFileEntry[] }>;
}

function refusedFile(name: string, error: Error): ImportFileResult {
  return refusedFileResult(name, toWireError(error));
}

/**
 * Imports dropped files into the open case. Electron passes their disk paths; browser mode
 * uploads the bytes first (the server saves them to a temp folder). Files that cannot be read
 * come back refused with the reason, in drop order with the rest.
 */
export async function importDropped(files: readonly File[], onUploaded?: (index: number) => void): Promise<Result<{ files: ImportFileResult[] }>> {
  const slots: ({ path: string; name: string } | ImportFileResult)[] = [];
  for (const [index, file] of files.entries()) {
    if (bridge) {
      const path = bridge.pathForFile(file);
      slots.push(path ? { path, name: file.name } : refusedFile(file.name, refusal('file_refused', 'refusal.no_file_on_disk')));
      continue;
    }
    const uploaded = await post(`/api/upload?name=${encodeURIComponent(file.name)}`, file, 'application/octet-stream');
    slots.push(uploaded.ok ? (uploaded.value as { path: string; name: string }) : refusedFile(file.name, refusal('file_refused', 'refusal.upload_failed', { problem: uploaded.error.msg ?? uploaded.error.message })));
    if (uploaded.ok) onUploaded?.(index);
  }
  const toImport = slots.filter((s): s is { path: string; name: string } => 'path' in s);
  let imported: ImportFileResult[] = [];
  if (toImport.length > 0) {
    const result = await invokeResult('import:files', { files: toImport });
    if (!result.ok) return result;
    imported = result.value.files;
  }
  let next = 0;
  return { ok: true, value: { files: slots.map((s) => ('path' in s ? imported[next++]! : s)) } };
}

/** Cancels the import under way. */
export function cancelImport(): Promise<Result<{ cancelled: boolean; too_late?: boolean }>> {
  return invokeResult('import:cancel', {});
}

/**
 * True when saving asks where with the app's own save dialog (Electron); browser mode has none,
 * so the page asks for the path (the server writes the file there).
 */
export const hasSaveDialog = !!bridge;

const failed = (message: string): Result<never> => ({ ok: false, error: { code: 'bad_argument', message } });

/** Browser mode: prints the page through a hidden frame, scripts off (the page is data). */
async function printHtml(html: string): Promise<void> {
  const frame = document.createElement('iframe');
  // Same origin so this page can call print(); no allow-scripts, so nothing in the sheet runs.
  frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
  frame.setAttribute('aria-hidden', 'true');
  frame.dataset.zmPrint = 'true';
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;';
  const loaded = new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  frame.srcdoc = html;
  document.body.append(frame);
  await loaded;
  try {
    // Blocks until the browser's print dialog is closed.
    frame.contentWindow?.print();
  } finally {
    // A moment for the print preview to take its copy before the frame goes.
    setTimeout(() => frame.remove(), 1000);
  }
}

/** Prints the evidence sheet or case report: the system dialog (Electron) or the browser's. */
export async function printPage(request: PrintRequest): Promise<Result<{ printed: boolean }>> {
  if (bridge) return bridge.printPage(request);
  const { what, ...rest } = request;
  const page = what === 'evidence' ? await invokeResult('print:evidence-html', rest as typeof rest & { vin: string }) : await invokeResult('print:report-html', rest);
  if (!page.ok) return page;
  await printHtml(page.value.html);
  return { ok: true, value: { printed: true } };
}

/**
 * Save as PDF. Electron asks where and prints with printToPDF; browser mode has the server
 * print the same page with headless Chromium to `path`. null when the dialog was cancelled.
 */
export async function savePdf(request: PrintRequest, path?: string, replace = false): Promise<Result<Saved>> {
  if (bridge) return bridge.savePdf(request);
  if (!path) return failed('Say where to save the PDF.');
  const saved = await invokeResult('print:save-pdf', { ...request, path, ...(replace ? { replace } : {}) });
  return saved.ok ? { ok: true, value: { path: saved.value.path } } : saved;
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function svgToPng(svg: string): Promise<Blob> {
  const image = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The graph could not be drawn as an image.'));
      image.src = url;
    });
    // Twice the drawing's size, like the desktop app's capture.
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, image.naturalWidth * 2);
    canvas.height = Math.max(1, image.naturalHeight * 2);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No canvas to draw the graph on.');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The chain graph alone as SVG or PNG: a save dialog (Electron) or a browser download named fileName. */
export async function saveGraph(request: GraphRequest, fileName: string): Promise<Result<Saved>> {
  if (bridge) return bridge.saveGraph(request);
  // In the screen's language, as the evidence sheet: the graph's title, roles and link words.
  const graph = await invokeResult('print:evidence-svg', {
    vin: request.vin, ...(request.unmask_ids === undefined ? {} : { unmask_ids: request.unmask_ids }), ...(request.lang === undefined ? {} : { lang: request.lang }),
  });
  if (!graph.ok) return graph;
  try {
    const blob = request.format === 'svg' ? new Blob([graph.value.svg], { type: 'image/svg+xml' }) : await svgToPng(graph.value.svg);
    download(blob, fileName);
    return { ok: true, value: { path: fileName } };
  } catch (error) {
    return { ok: false, error: { code: 'internal', message: (error as Error).message } };
  }
}

/**
 * Exports the case (FtM, GraphML, CSV, XLSX): a save dialog (Electron) or the given path (browser
 * mode), where a file already there is refused ('file_exists') unless `replace` says the analyst agreed.
 */
export async function exportFile(request: ExportRequest, path?: string, replace = false): Promise<Result<{ path: string; counts: Record<string, number> } | null>> {
  if (bridge) return bridge.exportFile(request);
  if (!path) return failed('Say where to save the export.');
  return invokeResult('export:file', { ...request, path, ...(replace ? { replace } : {}) });
}

/**
 * Saves an evidence pack: a save dialog (Electron) or the given path (browser mode), where a file
 * already there is refused ('file_exists') unless `replace` says the analyst agreed.
 */
export async function saveEvidencePack(request: PackRequest, path?: string, replace = false): Promise<Result<PackSaved | null>> {
  if (bridge) return bridge.saveEvidencePack(request);
  if (!path) return failed('Say where to save the evidence pack.');
  return invokeResult('print:evidence-pack', { ...request, path, ...(replace ? { replace } : {}) });
}

export const api = {
  runtime, invoke, invokeResult, onEvent, onMenuCommand, sendMenuCommand, createCase, openCaseDialog, listCases, importDropped, cancelImport,
  hasSaveDialog, printPage, savePdf, saveGraph, exportFile, saveEvidencePack,
};
