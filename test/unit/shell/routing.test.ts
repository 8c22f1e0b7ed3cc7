import { describe, expect, it } from 'vitest';
import { isLifecycle, readerPathAfter, routeFor } from '../../../electron/backend/host/routing';
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

  it('knows the lifecycle calls and which file the reader follows', () => {
    expect(isLifecycle('case:open')).toBe(true);
    expect(isLifecycle('case:create')).toBe(true);
    expect(isLifecycle('case:close')).toBe(true);
    expect(isLifecycle('case:current')).toBe(false);
    expect(isLifecycle(undefined)).toBe(false);
    expect(readerPathAfter('case:create', { ok: true, value: { path: '/c/a.zmcase' } }, null)).toBe('/c/a.zmcase');
    expect(readerPathAfter('case:open', { ok: true, value: { path: '/c/b.zmcase' } }, '/c/a.zmcase')).toBe('/c/b.zmcase');
    // A failed open leaves the writer on its previous case: the reader goes back to it.
    expect(readerPathAfter('case:open', { ok: false }, '/c/a.zmcase')).toBe('/c/a.zmcase');
    expect(readerPathAfter('case:close', { ok: true, value: { closed: true } }, '/c/a.zmcase')).toBeNull();
  });
});
