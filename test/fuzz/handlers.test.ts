import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { writeDemo } from '../../electron/backend/demo/write-demo';
import { dispatch, type HandlerContext } from '../../electron/backend/handlers/handler-table';
import { HANDLERS } from '../../electron/backend/handlers/index';
import { importFiles } from '../../electron/backend/import/import-files';
import { runRules } from '../../electron/backend/rules/runner';
import { CaseSession } from '../../electron/backend/session/case-session';
import { verifyCaseFile } from '../../electron/backend/verify/verify';
import { tempDir } from '../support/paths';
import { makeRandom } from './random-args';

const SEED = Number(process.env.ZEROMILE_FUZZ_SEED ?? 8);
const CALLS_PER_HANDLER = Number(process.env.ZEROMILE_FUZZ_CALLS ?? 60);
/** These switch or create the session's case file (fuzzed apart, below); printing a PDF starts Chromium. */
const APART = new Set(['case:create', 'case:open', 'case:close', 'print:save-pdf']);

const temp = tempDir('zeromile-fuzz-handlers-');
const casePath = join(temp.dir, 'handlers.zmcase');

beforeAll(async () => {
  const demo = join(temp.dir, 'demo');
  await writeDemo(demo, { vehicles: 300, seed: 3 });
  const cf = openCaseFile(casePath, { create: { title: 'handler fuzz' } });
  await importFiles(cf, readdirSync(demo).filter((f) => !f.endsWith('.json')).map((f) => ({ path: join(demo, f) })));
  runRules(cf, {});
  cf.close();
}, 120_000);
afterAll(() => temp.remove());

function context(session: CaseSession): HandlerContext {
  return { session, caseFile: () => session.require(), emit: () => {}, signal: new AbortController().signal };
}

type Shape = { shape?: Record<string, unknown> };

describe('fuzzing every handler through dispatch', () => {
  it('random arguments get a Result: a value or a coded error, never a throw, a stack or a damaged case', async () => {
    const session = new CaseSession();
    session.open(casePath);
    const random = makeRandom(SEED, (name) => join(temp.dir, 'out', name));
    const internal: string[] = [];
    let calls = 0;
    let ok = 0;
    for (const [name, def] of HANDLERS) {
      if (APART.has(name)) continue;
      const keys = Object.keys((def.args as unknown as Shape).shape ?? {});
      for (let i = 0; i < CALLS_PER_HANDLER; i++) {
        const args = i % 3 === 0 ? random.noise() : random.shaped(keys);
        const result = await Promise.race([
          dispatch(HANDLERS, context(session), name, args),
          new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 20_000)),
        ]);
        calls++;
        expect(result, `${name} hung`).not.toBe('hung');
        if (result === 'hung') continue;
        expect(typeof result.ok).toBe('boolean');
        if (result.ok) { ok++; continue; }
        expect(typeof result.error.code).toBe('string');
        expect(result.error.message.length).toBeGreaterThan(0);
        expect(result.error.message).not.toMatch(/\n\s+at /);
        if (result.error.code === 'internal') internal.push(`${name}: ${result.error.message.slice(0, 160)}`);
      }
    }
    // Unknown names and non-string names.
    for (const name of [undefined, null, 42, '', 'case:drop', '__proto__', 'constructor', 'toString', { name: 'case:open' }]) {
      const result = await dispatch(HANDLERS, context(session), name, {});
      calls++;
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_handler' } });
    }
    session.close();
    const cf = openCaseFile(casePath, { readonly: true });
    const report = verifyCaseFile(cf.db);
    cf.close();
    expect(report.problems).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    process.stderr.write(`handler fuzz: ${calls} calls over ${HANDLERS.size - APART.size} handlers (seed ${SEED}): ${ok} ok, ${calls - ok - internal.length} coded errors, ${internal.length} internal\n`);
    if (internal.length > 0) process.stderr.write(`handler fuzz: internal errors:\n  ${[...new Set(internal)].join('\n  ')}\n`);
    expect(internal).toEqual([]);
  }, 600_000);

  it('opening and creating cases with hostile paths gives coded errors and leaves the open case alone', async () => {
    const session = new CaseSession();
    session.open(casePath);
    const paths: unknown[] = [null, 42, '', '\u0000', join(temp.dir, 'no', 'such', 'dir', 'x.zmcase'), join(temp.dir, 'demo'), temp.dir,
      join(temp.dir, 'demo', 'ground-truth.json'), 'a'.repeat(5000), '/proc/self/mem', '/dev/null'];
    for (const path of paths) {
      for (const name of ['case:open', 'case:create']) {
        const result = await dispatch(HANDLERS, context(session), name, { path, title: 't' });
        expect(result.ok, `${name} ${String(path).slice(0, 40)}`).toBe(false);
        if (!result.ok) expect(result.error.code, `${name} ${String(path).slice(0, 40)}: ${result.error.message}`).not.toBe('internal');
      }
    }
    expect(session.current()?.path).toBe(casePath);
    session.close();
  });
});
