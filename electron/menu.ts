import type { MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';

export type MenuActions = {
  newCase(): void;
  openCase(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  importDocuments(): void;
  print(): void;
  savePdf(): void;
  exportFile(): void;
  closeCase(): void;
  newWindow(): void;
};

export type MenuState = { recent: readonly string[]; caseOpen: boolean; isMac: boolean; isDev: boolean };

/** The application menu as data (tested without Electron); menu.ts's caller builds it with Menu.buildFromTemplate. */
export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] = state.recent.length
    ? [
      ...state.recent.map((path, i): MenuItemConstructorOptions => ({
        label: `${i < 9 ? `&${i + 1} ` : ''}${basename(path)}`,
        toolTip: path,
        click: () => actions.openRecent(path),
      })),
      { type: 'separator' },
      { label: 'Clear Recent', click: () => actions.clearRecent() },
    ]
    : [{ label: 'No recent cases', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { id: 'new-case', label: 'New Case…', accelerator: 'CmdOrCtrl+N', click: () => actions.newCase() },
      { id: 'open-case', label: 'Open Case…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCase() },
      { id: 'open-recent', label: 'Open Recent', submenu: recent },
      { id: 'new-window', label: 'New Window', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newWindow() },
      { type: 'separator' },
      { id: 'import-documents', label: 'Import Documents…', accelerator: 'CmdOrCtrl+I', enabled: state.caseOpen, click: () => actions.importDocuments() },
      { id: 'print', label: 'Print Evidence…', accelerator: 'CmdOrCtrl+P', enabled: state.caseOpen, click: () => actions.print() },
      { id: 'save-pdf', label: 'Save as PDF…', accelerator: 'CmdOrCtrl+Shift+S', enabled: state.caseOpen, click: () => actions.savePdf() },
      { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+E', enabled: state.caseOpen, click: () => actions.exportFile() },
      { type: 'separator' },
      { id: 'close-case', label: 'Close Case', accelerator: 'CmdOrCtrl+W', enabled: state.caseOpen, click: () => actions.closeCase() },
      ...(state.isMac ? [] : [{ type: 'separator' } as const, { id: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q', role: 'quit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ...(state.isDev ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };
  const app: MenuItemConstructorOptions[] = state.isMac
    ? [{ label: 'ZeroMile', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { type: 'separator' }, { id: 'quit', role: 'quit', accelerator: 'Cmd+Q' }] }]
    : [];
  return [...app, file, edit, view, { role: 'windowMenu' }];
}
