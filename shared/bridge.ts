import type { CaseFileEntry } from './contract/case';
import type { Result } from './errors';
import type { PushEvent } from './events';
import type { ExportRequest, GraphRequest, PackRequest, PrintRequest } from './print-request';

/** Commands the desktop menu sends to the page (the page owns the screens they open). */
export type MenuCommand = 'new-case' | 'import-documents' | 'print' | 'save-pdf' | 'export' | 'case-closed';

/** Where a file was saved; null when the analyst cancelled the dialog. */
export type Saved = { path: string } | null;

/**
 * What Electron's preload exposes on `window.zeromile`: named functions only, never ipcRenderer.
 * renderer/src/api.ts is the one module that uses it; in browser mode the same calls go over HTTP.
 */
export type ZeroMileBridge = {
  invoke(name: string, args: unknown): Promise<Result<unknown>>;
  /** Subscribes to push events; returns the unsubscribe function. */
  onEvent(listener: (event: PushEvent) => void): () => void;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** The disk path of a dropped File (webUtils.getPathForFile); '' when it has none. */
  pathForFile(file: object): string;
  /** Asks where to save a new case (a save dialog), then creates and opens it; null when cancelled. */
  createCase(title: string): Promise<Result<unknown> | null>;
  /** The open dialog for a case file (*.zmcase), then case:open; null when cancelled. */
  openCase(): Promise<Result<unknown> | null>;
  /** File > Open Recent's case files, in the shape browser mode lists its own (GET /api/cases). */
  recentCases(): Promise<Result<{ folders: string[]; cases: CaseFileEntry[] }>>;
  /** The system print dialog for the named page; false when cancelled. */
  printPage(request: PrintRequest): Promise<Result<{ printed: boolean }>>;
  /** A save dialog, then the named page as PDF (webContents.printToPDF). */
  savePdf(request: PrintRequest): Promise<Result<Saved>>;
  /** A save dialog, then the vehicle's chain graph as SVG or PNG. */
  saveGraph(request: GraphRequest): Promise<Result<Saved>>;
  /** A save dialog, then export:file to the chosen path. */
  exportFile(request: ExportRequest): Promise<Result<{ path: string; counts: Record<string, number> } | null>>;
  /** A save dialog, then print:evidence-pack to the chosen path. */
  saveEvidencePack(request: PackRequest): Promise<Result<PackSaved | null>>;
};

/** Where an evidence pack went, with its vehicles, pages and size. */
export type PackSaved = { path: string; vehicles: number; pages: number; bytes: number };

/** IPC channel names, shared by main and preload. */
export const IPC = {
  invoke: 'zeromile:invoke',
  grantPath: 'zeromile:grant-path',
  event: 'zeromile:event',
  menu: 'zeromile:menu',
  createCase: 'zeromile:create-case',
  openCase: 'zeromile:open-case',
  recentCases: 'zeromile:recent-cases',
  printPage: 'zeromile:print-page',
  savePdf: 'zeromile:save-pdf',
  saveGraph: 'zeromile:save-graph',
  exportFile: 'zeromile:export-file',
  saveEvidencePack: 'zeromile:save-evidence-pack',
} as const;
