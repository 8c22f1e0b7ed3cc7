/**
 * Which worker answers a call: pure decisions, unit-tested without threads.
 */

/** Read handlers go to the reader; unknown names to the writer, which answers with the error. */
export function routeFor(modes: Record<string, 'read' | 'write'>, name: unknown): 'read' | 'write' {
  if (typeof name !== 'string' || !Object.hasOwn(modes, name)) return 'write';
  return modes[name] ?? 'write';
}

/** Opening, creating and closing a case apply to both workers. */
export function isLifecycle(name: unknown): name is 'case:open' | 'case:create' | 'case:close' {
  return name === 'case:open' || name === 'case:create' || name === 'case:close';
}

/**
 * The file the reader opens once the writer has handled a lifecycle call: the writer's new file
 * after a successful open/create, none after close, and the writer's unchanged file when its
 * call failed (a failed open leaves the previous case open).
 */
export function readerPathAfter(name: 'case:open' | 'case:create' | 'case:close', writer: { ok: true; value: unknown } | { ok: false }, previous: string | null): string | null {
  if (!writer.ok) return name === 'case:close' ? null : previous;
  if (name === 'case:close') return null;
  return (writer.value as { path: string }).path;
}

/**
 * Reads that may take seconds on a big case (statistics, print and export, a party's whole
 * network, a page rendered from a PDF). They never go to the first reader, so the flag queue, a
 * vehicle and search always have a reader that is not held by one (issue 15: a flag queue opened
 * after the overview waited 12.9 s behind it).
 */
const HEAVY_READ_PREFIXES = ['overview:', 'stats:', 'print:', 'export:'];
const HEAVY_READS = new Set(['party:network', 'party:timelines', 'documents:page-image', 'packs:export']);
/**
 * Names under a heavy prefix that are not heavy reads: print:cancel stops heavy work, so it must
 * reach the first reader and never wait behind what it stops; overview:summarize is a write (it
 * starts the summary thread from the writer, which a reader must never be taken for).
 */
const LIGHT_DESPITE_PREFIX = new Set(['print:cancel', 'overview:summarize']);

export function isHeavyRead(name: unknown): boolean {
  return typeof name === 'string' && !LIGHT_DESPITE_PREFIX.has(name) && (HEAVY_READS.has(name) || heavyPrefix(name));
}

function heavyPrefix(name: string): boolean {
  return HEAVY_READ_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** What a reader is answering now: calls in flight, and how many of them are heavy. */
export type ReaderLoad = { calls: number; heavy: number };

/**
 * The reader for a read. A heavy read goes to the least busy reader but the first (with one
 * reader, to it); any other read to the least busy reader that holds no heavy read, the first
 * on a tie: it waits behind a heavy read only when every reader is in one, which the first
 * never is.
 */
export function pickReader(loads: readonly ReaderLoad[], heavy: boolean): number {
  if (loads.length <= 1) return 0;
  const indexes = loads.map((_, index) => index);
  const free = indexes.filter((index) => loads[index]!.heavy === 0);
  const candidates = heavy ? indexes.slice(1) : free.length > 0 ? free : indexes;
  return candidates.reduce((best, index) => (loads[index]!.calls < loads[best]!.calls ? index : best));
}
