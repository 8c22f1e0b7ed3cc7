import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { combineHandlers, defineHandlers, dispatch, handlerMode, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { CaseSession } from '../../../electron/backend/session/case-session';
import type { PushEvent } from '../../../shared/events';
import { ZeroMileError } from '../../../shared/errors';
import { tempDir } from '../../support/paths';

// The table the IPC and HTTP edges serve, driven directly with a real session.
describe('handler table', () => {
  const temp = tempDir();
  const session = new CaseSession();
  const events: PushEvent[] = [];
  const ctx: HandlerContext = { session, caseFile: () => session.require(), emit: (e) => events.push(e), signal: new AbortController().signal };
  afterEach(() => {
    session.close();
    events.length = 0;
  });
  afterAll(() => temp.remove());

  it('answers an unknown or non-string name with unknown_handler', async () => {
    for (const name of ['nope:nothing', '', 'constructor', '__proto__', 42, null, undefined, { name: 'case:current' }]) {
      const result = await dispatch(HANDLERS, ctx, name, {});
      expect(result, String(name)).toEqual({ ok: false, error: { code: 'unknown_handler', message: expect.any(String) } });
    }
  });

  it('validates every argument before the handler runs', async () => {
    for (const [name, args] of [
      ['case:open', { path: 5 }], ['case:open', {}], ['case:open', { path: 'a', extra: true }], ['case:open', 'a.zmcase'],
      ['case:create', { path: join(temp.dir, 'x.zmcase') }], ['case:current', { anything: 1 }],
      ['import:files', { files: [] }], ['import:files', { files: [{ path: '' }] }], ['import:files', { files: [{ path: '/a', mode: 'x' }] }],
      ['import:cancel', { now: true }],
    ] as const) {
      const result = await dispatch(HANDLERS, ctx, name, args);
      expect(result, `${name} ${JSON.stringify(args)}`).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    }
    expect(events).toEqual([]);
  });

  it('wraps values and errors as Results with a code and message', async () => {
    const created = await dispatch(HANDLERS, ctx, 'case:create', { path: join(temp.dir, 'ok.zmcase'), title: 'OK' });
    expect(created).toMatchObject({ ok: true, value: { title: 'OK' } });
    expect(events).toEqual([{ type: 'case-changed', what: 'opened' }]);
    session.close();
    expect(await dispatch(HANDLERS, ctx, 'import:files', { files: [{ path: '/nowhere.csv' }] })).toEqual({
      ok: false, error: { code: 'case_not_open', message: expect.stringContaining('No case file is open') },
    });
    expect(await dispatch(HANDLERS, ctx, 'case:open', { path: join(temp.dir, 'missing.zmcase') })).toMatchObject({ ok: false, error: { code: 'case_not_found' } });
    // A programming error inside a handler still travels as a Result, code 'internal'.
    const broken = combineHandlers(defineHandlers<{ 'x:boom': { args: Record<string, never>; result: never } }>({
      'x:boom': { mode: 'read', args: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>, run: () => { throw new TypeError('boom'); } },
    }));
    expect(await dispatch(broken, ctx, 'x:boom', {})).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    const refusing = combineHandlers({ 'x:no': { mode: 'write', args: z.object({}), run: () => { throw new ZeroMileError('forbidden', 'no'); } } });
    expect(await dispatch(refusing, ctx, 'x:no', undefined)).toEqual({ ok: false, error: { code: 'forbidden', message: 'no' } });
    expect(handlerMode(refusing, 'x:no')).toBe('write');
  });

  it('refuses a name registered twice', () => {
    const one = { 'x:a': { mode: 'read' as const, args: z.object({}), run: () => 1 } };
    expect(() => combineHandlers(one, one)).toThrow(/registered twice/);
  });
});
