import { symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openChosenCase, recentCaseList, type Invoke } from '../../../electron/case-choices';
import { pagePathError } from '../../../electron/backend/files/path-policy';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { CaseSession } from '../../../electron/backend/session/case-session';
import { tempDir } from '../../support/paths';

// The desktop Cases dialog's Open… and Recent, as the IPC edge runs them, on the real handler table
// (the native dialog itself needs Electron: its answer is given here as Electron gives it).
describe('desktop Cases dialog: Open… and Recent', () => {
  const temp = tempDir('zeromile-case-choices-');
  const session = new CaseSession();
  const ctx: HandlerContext = { session, caseFile: () => session.require(), emit: () => undefined, signal: new AbortController().signal };
  const invoke: Invoke = (name, args) => dispatch(HANDLERS, ctx, name, args);
  afterEach(() => { session.close(); });
  afterAll(() => temp.remove());

  it('opens the case file chosen in the open dialog through case:open, and nothing when it is cancelled', async () => {
    const a = join(temp.dir, 'a.zmcase');
    const b = join(temp.dir, 'b.zmcase');
    expect(await invoke('case:create', { path: a, title: 'A' })).toMatchObject({ ok: true });
    expect(await invoke('case:create', { path: b, title: 'B' })).toMatchObject({ ok: true });
    const spy = vi.fn(invoke);
    expect(await openChosenCase({ canceled: true, filePaths: [] }, spy)).toBeNull();
    expect(await openChosenCase({ canceled: false, filePaths: [] }, spy)).toBeNull();
    expect(spy).not.toHaveBeenCalled();
    expect(await openChosenCase({ canceled: false, filePaths: [a] }, spy)).toMatchObject({ ok: true, value: { path: a, title: 'A' } });
    expect(spy).toHaveBeenCalledWith('case:open', { path: a });
    expect(await invoke('case:current', {})).toMatchObject({ ok: true, value: { path: a } });
    // A file that is not a case is refused by the handler, and the open case stays open.
    const text = join(temp.dir, 'notes.zmcase');
    writeFileSync(text, 'not a case file at all, just some text that is long enough to have a header');
    expect(await openChosenCase({ canceled: false, filePaths: [text] }, invoke)).toMatchObject({ ok: false, error: { code: 'not_a_case_file' } });
  });

  it('lists the recent cases that still exist, in their order, and the page may open those and no other', async () => {
    const a = join(temp.dir, 'r1.zmcase');
    const b = join(temp.dir, 'r2.zmcase');
    await invoke('case:create', { path: a, title: 'R1' });
    await invoke('case:create', { path: b, title: 'R2' });
    session.close();
    const link = join(temp.dir, 'link.zmcase');
    symlinkSync(a, link);
    const recent = [b, join(temp.dir, 'gone.zmcase'), a, link];
    const list = recentCaseList(recent);
    expect(list.folders).toEqual([]);
    expect(list.cases.map((c) => [c.path, c.name, c.folder])).toEqual([[b, 'r2.zmcase', temp.dir], [a, 'r1.zmcase', temp.dir]]);
    expect(list.cases[0]!.bytes).toBeGreaterThan(0);
    // The window's path policy (ipc.ts) grants the recent cases: a listed one passes, another is refused.
    const granted = new Set(recent.map((p) => resolve(p)));
    expect(pagePathError('case:open', { path: list.cases[1]!.path }, granted)).toBeNull();
    expect(pagePathError('case:open', { path: join(temp.dir, 'other.zmcase') }, granted)).toMatchObject({ code: 'forbidden' });
    expect(await invoke('case:open', { path: list.cases[1]!.path })).toMatchObject({ ok: true, value: { title: 'R1' } });
  });
});
