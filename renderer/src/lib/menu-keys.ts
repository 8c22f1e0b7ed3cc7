import type { MenuCommand } from '../../../shared/bridge';

/**
 * The desktop menu's accelerators, for browser mode, which has no menu: the same keys send the same
 * commands, so every key the `?` list shows under "Anywhere" works there too (electron/menu.ts
 * holds the desktop's, which catches them before the page). Not while a modal dialog is open: its
 * keys are its own.
 */
export function menuCommandOfKey(e: KeyboardEvent): MenuCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  if (document.querySelector('[aria-modal="true"]')) return null;
  const key = e.key.toLowerCase();
  if (e.shiftKey) return key === 's' ? 'save-pdf' : null;
  if (key === 'p') return 'print';
  if (key === 'e') return 'export';
  if (key === 'i') return 'import-documents';
  return null;
}
