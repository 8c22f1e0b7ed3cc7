/**
 * Which worker answers a call: pure decisions, unit-tested without threads.
 */

/** Read handlers go to the reader; unknown names to the writer, which answers with the error. */
export function routeFor(modes: Record<string, 'read' | 'write'>, name: unknown): 'read' | 'write' {
  if (typeof name !== 'string' || !Object.hasOwn(modes, name)) return 'write';
  return modes[name] ?? 'write';
}

/** The call the reader makes after the writer succeeded. */
export type FollowUp = { name: string; args: unknown };

export type LifecycleStep = { name: string; reader: (writerValue: unknown) => FollowUp };

/**
 * Opening, creating and closing a case apply to both workers, writer first: the writer creates
 * and migrates the file, then the reader opens what the writer opened (by the path it reports).
 */
export function lifecycleStep(name: unknown): LifecycleStep | null {
  switch (name) {
    case 'case:open':
    case 'case:create':
      return {
        name,
        reader: (value) => ({ name: 'case:open', args: { path: (value as { path: string }).path } }),
      };
    case 'case:close':
      return { name, reader: () => ({ name: 'case:close', args: {} }) };
    default:
      return null;
  }
}
