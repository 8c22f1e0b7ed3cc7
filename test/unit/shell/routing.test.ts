import { describe, expect, it } from 'vitest';
import { lifecycleStep, routeFor } from '../../../electron/backend/host/routing';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { handlerMode } from '../../../electron/backend/handlers/handler-table';

describe('case host routing', () => {
  const modes = { 'case:current': 'read', 'case:update-meta': 'write' } as const;

  it('sends read handlers to the reader and everything else to the writer', () => {
    expect(routeFor(modes, 'case:current')).toBe('read');
    expect(routeFor(modes, 'case:update-meta')).toBe('write');
    expect(routeFor(modes, 'unknown:thing')).toBe('write');
    expect(routeFor(modes, 'toString')).toBe('write');
    expect(routeFor(modes, 7)).toBe('write');
  });

  it('agrees with the handler table on every handler', () => {
    const fromTable = Object.fromEntries([...HANDLERS].map(([name, def]) => [name, def.mode]));
    for (const name of HANDLERS.keys()) expect(routeFor(fromTable, name)).toBe(handlerMode(HANDLERS, name));
  });

  it('imports are writes, so they never run on the read-only reader', () => {
    expect(handlerMode(HANDLERS, 'import:files')).toBe('write');
    expect(handlerMode(HANDLERS, 'import:cancel')).toBe('write');
  });

  it('applies open, create and close to the reader after the writer', () => {
    expect(lifecycleStep('case:create')?.reader({ path: '/c/a.zmcase' })).toEqual({ name: 'case:open', args: { path: '/c/a.zmcase' } });
    expect(lifecycleStep('case:open')?.reader({ path: '/c/b.zmcase' })).toEqual({ name: 'case:open', args: { path: '/c/b.zmcase' } });
    expect(lifecycleStep('case:close')?.reader({ closed: true })).toEqual({ name: 'case:close', args: {} });
    expect(lifecycleStep('case:current')).toBeNull();
    expect(lifecycleStep(undefined)).toBeNull();
  });
});
