// Sandboxed preload (CommonJS): named functions on window.zeromile, never ipcRenderer itself.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { MenuCommand, ZeroMileBridge } from '../shared/bridge';
import type { PushEvent } from '../shared/events';
import type { ExportRequest, GraphRequest, PackRequest, PrintRequest } from '../shared/print-request';

// Inlined rather than imported: a sandboxed preload can require only 'electron' and a few built-ins.
const IPC = {
  invoke: 'zeromile:invoke', grantPath: 'zeromile:grant-path', event: 'zeromile:event', menu: 'zeromile:menu', createCase: 'zeromile:create-case',
  openCase: 'zeromile:open-case', recentCases: 'zeromile:recent-cases',
  printPage: 'zeromile:print-page', savePdf: 'zeromile:save-pdf', saveGraph: 'zeromile:save-graph', exportFile: 'zeromile:export-file',
  saveEvidencePack: 'zeromile:save-evidence-pack',
} as const;

const bridge = {
  invoke: (name: string, args: unknown) => ipcRenderer.invoke(IPC.invoke, name, args),
  onEvent: (listener: (event: PushEvent) => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: PushEvent): void => listener(payload);
    ipcRenderer.on(IPC.event, wrapped);
    return () => void ipcRenderer.removeListener(IPC.event, wrapped);
  },
  onMenuCommand: (listener: (command: MenuCommand) => void) => {
    const wrapped = (_event: IpcRendererEvent, command: MenuCommand): void => listener(command);
    ipcRenderer.on(IPC.menu, wrapped);
    return () => void ipcRenderer.removeListener(IPC.menu, wrapped);
  },
  // A real dropped file's path (a File made by the page has none) is granted to this window: the
  // generic invoke may then import it, and no other path (issue 17 item 8).
  pathForFile: (file: object) => {
    const path = webUtils.getPathForFile(file as File);
    if (path) ipcRenderer.send(IPC.grantPath, path);
    return path;
  },
  createCase: (title: string) => ipcRenderer.invoke(IPC.createCase, title),
  openCase: () => ipcRenderer.invoke(IPC.openCase),
  recentCases: () => ipcRenderer.invoke(IPC.recentCases),
  printPage: (request: PrintRequest) => ipcRenderer.invoke(IPC.printPage, request),
  savePdf: (request: PrintRequest) => ipcRenderer.invoke(IPC.savePdf, request),
  saveGraph: (request: GraphRequest) => ipcRenderer.invoke(IPC.saveGraph, request),
  exportFile: (request: ExportRequest) => ipcRenderer.invoke(IPC.exportFile, request),
  saveEvidencePack: (request: PackRequest) => ipcRenderer.invoke(IPC.saveEvidencePack, request),
} satisfies ZeroMileBridge;

contextBridge.exposeInMainWorld('zeromile', bridge);
