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
