import { useSyncExternalStore } from 'react';

/**
 * Who is working in this window: the name each verdict, note, tag and saved filter records (the
 * audit log's actor). Set from the top bar and kept on this computer; with none set the backend
 * records the case's analyst property, and with neither no name ("no analyst name set" where
 * history is shown). A label, not a login.
 */
const KEY = 'zeromile.analyst';
const listeners = new Set<() => void>();

function read(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

let current = read();

export function sessionAnalyst(): string {
  return current;
}

export function setSessionAnalyst(name: string): void {
  current = name.replace(/\s+/g, ' ').trim().slice(0, 100);
  try {
    if (current) localStorage.setItem(KEY, current);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage can be unavailable; the name still holds for this page.
  }
  for (const listener of listeners) listener();
}

/** The `analyst` argument of a change, when one is set. */
export function byAnalyst(): { analyst?: string } {
  return current ? { analyst: current } : {};
}

export function useSessionAnalyst(): string {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, sessionAnalyst);
}
