import type { MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { requestedCasePath, sameCaseFile, windowHoldingCase } from '../../../electron/case-windows';
import { menuTemplate, type MenuActions } from '../../../electron/menu';
import { nativeBindingPath } from '../../../electron/native-binding';
import { addRecent, loadRecent, saveRecent } from '../../../electron/recent-cases';
import { tempDir } from '../../support/paths';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function actions() {
  return {
    newCase: vi.fn(), openCase: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn(), importDocuments: vi.fn(),
    print: vi.fn(), savePdf: vi.fn(), exportFile: vi.fn(), closeCase: vi.fn(), newWindow: vi.fn(),
  } satisfies MenuActions;
}

describe('desktop menu', () => {
  it('has every command with its shortcut', () => {
    const items = flatten(menuTemplate({ recent: [], caseOpen: true, isMac: false, isDev: false }, actions()));
    const byId = new Map(items.filter((i) => i.id).map((i) => [i.id!, i]));
    expect(byId.get('new-case')?.accelerator).toBe('CmdOrCtrl+N');
    expect(byId.get('open-case')?.accelerator).toBe('CmdOrCtrl+O');
    expect(byId.get('import-documents')?.accelerator).toBe('CmdOrCtrl+I');
    expect(byId.get('print')?.accelerator).toBe('CmdOrCtrl+P');
    expect(byId.get('save-pdf')?.accelerator).toBe('CmdOrCtrl+Shift+S');
    expect(byId.get('export')?.accelerator).toBe('CmdOrCtrl+E');
    expect(byId.get('close-case')?.accelerator).toBe('CmdOrCtrl+W');
    expect(byId.get('quit')?.accelerator).toBe('CmdOrCtrl+Q');
    expect(byId.get('open-recent')?.submenu).toBeDefined();
    const accelerators = items.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('calls the actions and lists recent cases', () => {
    const a = actions();
    const items = flatten(menuTemplate({ recent: ['/cases/a.zmcase', '/cases/b.zmcase'], caseOpen: true, isMac: false, isDev: false }, a));
    const click = (label: string) => (items.find((i) => i.label === label)?.click as (() => void) | undefined)?.();
    click('&1 a.zmcase');
    click('&2 b.zmcase');
    click('New Case…');
    click('Import Documents…');
    click('Close Case');
    click('Print Evidence…');
    click('Save as PDF…');
    click('Export…');
    expect(a.openRecent.mock.calls).toEqual([['/cases/a.zmcase'], ['/cases/b.zmcase']]);
    expect(a.newCase).toHaveBeenCalledOnce();
    expect(a.importDocuments).toHaveBeenCalledOnce();
    expect(a.closeCase).toHaveBeenCalledOnce();
    expect(a.print).toHaveBeenCalledOnce();
    expect(a.savePdf).toHaveBeenCalledOnce();
    expect(a.exportFile).toHaveBeenCalledOnce();
  });

  it('disables case commands without a case and keeps Quit in the app menu on macOS', () => {
    const items = flatten(menuTemplate({ recent: [], caseOpen: false, isMac: true, isDev: false }, actions()));
    for (const id of ['import-documents', 'print', 'save-pdf', 'export', 'close-case']) expect(items.find((i) => i.id === id)?.enabled, id).toBe(false);
    expect(items.find((i) => i.label === 'No recent cases')?.enabled).toBe(false);
    expect(items.find((i) => i.id === 'quit')?.role).toBe('quit');
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });
});

describe('one window per case file', () => {
  const entries = [{ windowId: 1, casePath: '/c/a.zmcase' }, { windowId: 2, casePath: null }, { windowId: 3, casePath: '/c/B.zmcase' }];

  it('finds the other window that holds the file', () => {
    expect(windowHoldingCase(entries, '/c/a.zmcase', 2, 'linux')).toBe(1);
    expect(windowHoldingCase(entries, '/c/./x/../a.zmcase', 2, 'linux')).toBe(1);
    expect(windowHoldingCase(entries, '/c/a.zmcase', 1, 'linux')).toBeNull();
    expect(windowHoldingCase(entries, '/c/b.zmcase', 2, 'linux')).toBeNull();
    expect(windowHoldingCase(entries, '/c/b.zmcase', 2, 'win32')).toBe(3);
    expect(sameCaseFile('/c/A.zmcase', '/c/a.zmcase', 'darwin')).toBe(true);
  });

  it('reads the path of open and create calls only', () => {
    expect(requestedCasePath('case:open', { path: '/c/a.zmcase' })).toBe('/c/a.zmcase');
    expect(requestedCasePath('case:create', { path: '/c/n.zmcase', title: 'n' })).toBe('/c/n.zmcase');
    expect(requestedCasePath('case:current', { path: '/c/a.zmcase' })).toBeNull();
    expect(requestedCasePath('case:open', null)).toBeNull();
    expect(requestedCasePath('case:open', { path: 3 })).toBeNull();
  });
});

describe('recent cases and the Electron native build', () => {
  it('keeps recent cases newest first, without duplicates, at most ten', () => {
    expect(addRecent(['/a', '/b'], '/b')).toEqual(['/b', '/a']);
    expect(addRecent([], '/a')).toEqual(['/a']);
    const many = Array.from({ length: 12 }, (_, i) => `/c${i}`);
    expect(addRecent(many, '/new')).toHaveLength(10);
    const temp = tempDir();
    try {
      const file = join(temp.dir, 'sub', 'recent.json');
      expect(loadRecent(file)).toEqual([]);
      saveRecent(file, ['/a', '/b']);
      expect(loadRecent(file)).toEqual(['/a', '/b']);
    } finally {
      temp.remove();
    }
  });

  it('loads better-sqlite3 for Electron from resources/native, unpacked beside the asar when packaged', () => {
    expect(nativeBindingPath({ appRoot: '/src/zm', resourcesPath: '/x', isPackaged: false, platform: 'linux', arch: 'x64' }))
      .toBe('/src/zm/resources/native/linux-x64/better_sqlite3.node');
    expect(nativeBindingPath({ appRoot: '/x', resourcesPath: '/opt/ZeroMile/resources', isPackaged: true, platform: 'win32', arch: 'arm64' }))
      .toBe('/opt/ZeroMile/resources/app.asar.unpacked/resources/native/win32-arm64/better_sqlite3.node');
  });
});
