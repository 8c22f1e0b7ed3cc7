import { describe, expect, it } from 'vitest';
import { isHeavyRead, isLifecycle, pickReader, readerPathAfter, routeFor } from '../../../electron/backend/host/routing';
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

  it('imports are writes, so they never run on the read-only reader; their cancel is a read, which a reader answers while the import holds the writer', () => {
    expect(handlerMode(HANDLERS, 'import:files')).toBe('write');
    expect(handlerMode(HANDLERS, 'import:cancel')).toBe('read');
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

  it('keeps the first reader free of heavy reads, so the flag queue, a vehicle and search never wait behind a statistic', () => {
    expect(isHeavyRead('overview:get')).toBe(true);
    expect(isHeavyRead('print:report-html')).toBe(true);
    expect(isHeavyRead('flags:list')).toBe(false);
    expect(isHeavyRead('vehicle:get')).toBe(false);
    expect(isHeavyRead('search:query')).toBe(false);
    expect(isHeavyRead(undefined)).toBe(false);
    // Every heavy name the table knows is a read: a write never goes to a reader.
    for (const name of HANDLERS.keys()) if (isHeavyRead(name)) expect(handlerMode(HANDLERS, name)).toBe('read');
    const idle = [{ calls: 0, heavy: 0 }, { calls: 0, heavy: 0 }];
    expect(pickReader(idle, false)).toBe(0);
    expect(pickReader(idle, true)).toBe(1);
    // A heavy read holds reader 1: every other read goes to reader 0, however many wait there.
    expect(pickReader([{ calls: 3, heavy: 0 }, { calls: 1, heavy: 1 }], false)).toBe(0);
    // Reader 0 busy with a quick read and reader 1 free: the next read goes to reader 1.
    expect(pickReader([{ calls: 1, heavy: 0 }, { calls: 0, heavy: 0 }], false)).toBe(1);
    // Heavy reads spread over the readers but the first.
    expect(pickReader([{ calls: 0, heavy: 0 }, { calls: 2, heavy: 2 }, { calls: 1, heavy: 1 }], true)).toBe(2);
    expect(pickReader([{ calls: 0, heavy: 0 }, { calls: 2, heavy: 2 }, { calls: 1, heavy: 1 }], false)).toBe(0);
    // One reader answers everything.
    expect(pickReader([{ calls: 5, heavy: 5 }], false)).toBe(0);
  });
});
