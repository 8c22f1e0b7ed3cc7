import type { GridSort } from '../../../shared/contract/grids';

/**
 * Where the analyst was in the flag queue: per filter, its sort, the focused row and column and
 * the first row shown. The queue saves it as the analyst moves and reads it back when it opens
 * again (Back from a vehicle), so the queue comes back as it was left, focused on the same row.
 * Kept for the page's life in memory and in sessionStorage (a reload keeps it too).
 */
export type QueueMemory = { sort: GridSort | null; row: number; col: string; top: number };

const STORAGE_KEY = 'zeromile.queue';

/** The filter's identity: its query keys in a fixed order. */
export function queueKey(query: Record<string, string>): string {
  return new URLSearchParams(Object.entries(query).sort(([a], [b]) => a.localeCompare(b))).toString();
}

let memory: Record<string, QueueMemory> = load();

function load(): Record<string, QueueMemory> {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' ? parsed as Record<string, QueueMemory> : {};
  } catch {
    return {};
  }
}

export function recallQueue(query: Record<string, string>): QueueMemory | null {
  return memory[queueKey(query)] ?? null;
}

export function rememberQueue(query: Record<string, string>, place: Partial<QueueMemory>): void {
  const key = queueKey(query);
  const before = memory[key] ?? { sort: null, row: 0, col: 'vin', top: 0 };
  // Only the latest few filters are worth keeping.
  const others = Object.entries(memory).filter(([k]) => k !== key).slice(-19);
  memory = { ...Object.fromEntries(others), [key]: { ...before, ...place } };
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(memory));
  } catch {
    // Storage can be unavailable; the memory still holds for this page.
  }
}
