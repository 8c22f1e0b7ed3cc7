import { statSync } from 'node:fs';
import { join } from 'node:path';
import { READING_THREAD_BYTES } from '../../../electron/backend/import/import-file';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CaseHost } from '../../../electron/backend/host/case-host';
import type { PushEvent } from '../../../shared/events';
import { ROOT, tempDir } from '../../support/paths';
import { writeVehiclesCsv } from './vehicles-csv';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { writeRulesBenchCase } from '../../bench/rules-bench-case';

// Real worker threads running the built dist/case-worker.mjs on real case files.
const workerPath = join(ROOT, 'dist', 'case-worker.mjs');

describe('CaseHost', () => {
  let host: CaseHost;
  const temp = tempDir();
  beforeAll(async () => {
    host = await CaseHost.start({ workerPath });
  });
  afterAll(async () => {
    await host.close();
    temp.remove();
  });
  afterEach(async () => {
    await host.call('case:close', {});
  });

  it('creates a case in the writer and opens it in the reader', async () => {
    const path = join(temp.dir, 'a.zmcase');
    const created = await host.call('case:create', { path, title: 'Case A' });
    expect(created).toMatchObject({ ok: true, value: { path, title: 'Case A' } });
    // case:current is a read handler: the reader answers, so it must have the file open too.
    expect(await host.call('case:current', {})).toMatchObject({ ok: true, value: { path } });
    await host.call('case:close', {});
    expect(await host.call('case:current', {})).toEqual({ ok: true, value: null });
  });

  it('answers a read asked on the writer\'s case-changed with the case just opened, not the readers\' closed state', async () => {
    const first = join(temp.dir, 'first.zmcase');
    const second = join(temp.dir, 'second.zmcase');
    await host.call('case:create', { path: first, title: 'First' });
    await host.call('case:create', { path: second, title: 'Second' });
    await host.call('case:open', { path: first });
    // What a screen does: read the current case as soon as the writer says it changed.
    const answers: Promise<unknown>[] = [];
    const off = host.onEvent((event) => {
      if (event.type === 'case-changed' && event.what === 'opened') answers.push(host.call('case:current', {}));
    });
    try {
      await host.call('case:open', { path: second });
      expect(answers.length).toBeGreaterThan(0);
      for (const answer of await Promise.all(answers)) expect(answer).toMatchObject({ ok: true, value: { path: second, title: 'Second' } });
    } finally {
      off();
    }
  });

  it('answers an unknown name and a bad argument with the error shape', async () => {
    expect(await host.invoke('nope:nothing', {})).toEqual({ ok: false, error: { code: 'unknown_handler', message: expect.any(String) } });
    expect(await host.invoke(42, {})).toMatchObject({ ok: false, error: { code: 'unknown_handler' } });
    const bad = await host.invoke('case:open', { path: 5 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect((bad as { error: { message: string } }).error.message).toContain('path');
    expect(await host.invoke('case:open', { path: 'x', extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await host.invoke('import:files', { files: [{ path: '/x' }] })).toMatchObject({ ok: false, error: { code: 'case_not_open' } });
  });

  it('cancels a rule run from the reader while the run holds the writer: nothing is saved', async () => {
    const path = join(temp.dir, 'rules.zmcase');
    const side = openCaseFile(path, { create: { title: 'rules' } });
    writeRulesBenchCase(side.db, 20_000);
    side.close();
    await host.call('case:open', { path });
    let asked = false;
    const off = host.onEvent((event) => {
      // After the first rule is written, eight remain: the request lands in the middle of the run.
      if (event.type === 'rules-progress' && event.done === 1 && !asked) {
        asked = true;
        void host.call('rules:cancel', {});
      }
    });
    try {
      const run = await host.call('rules:run', {});
      expect(run).toEqual({ ok: false, error: { code: 'cancelled', message: expect.stringMatching(/cancelled/) } });
      expect(await host.call('grid:rule-runs', { start: 0, end: 10, count: true })).toEqual({ ok: true, value: { rows: [], count: 0 } });
      // A request made while nothing runs does not cancel the next run.
      expect(await host.call('rules:cancel', {})).toEqual({ ok: true, value: { requested: true } });
      expect(await host.call('rules:run', {})).toMatchObject({ ok: true, value: { run_id: 1 } });
    } finally {
      off();
    }
  });

  it('refuses to open a missing file in both workers', async () => {
    const result = await host.call('case:open', { path: join(temp.dir, 'missing.zmcase') });
    expect(result).toMatchObject({ ok: false, error: { code: 'case_not_found' } });
    expect(await host.call('case:current', {})).toEqual({ ok: true, value: null });
  });

  it('imports with progress events and answers reads from the reader meanwhile', async () => {
    const path = join(temp.dir, 'b.zmcase');
    await host.call('case:create', { path, title: 'Case B' });
    const csv = join(temp.dir, 'vehicles.csv');
    writeVehiclesCsv(csv, 120_000, 3);
    // Big enough to be read on a thread of its own, started from the writer's worker thread.
    expect(statSync(csv).size).toBeGreaterThanOrEqual(READING_THREAD_BYTES);
    const events: PushEvent[] = [];
    const off = host.onEvent((event) => events.push(event));

    let importDone = false;
    const importing = host.call('import:files', { files: [{ path: csv }] }).finally(() => {
      importDone = true;
    });
    // Wait for the import to be under way, then read while it runs.
    await expect.poll(() => events.some((e) => e.type === 'import-progress'), { timeout: 20_000, interval: 5 }).toBe(true);
    const read = await host.call('case:current', {});
    const answeredDuringImport = !importDone;
    const result = await importing;
    off();

    expect(read).toMatchObject({ ok: true, value: { path } });
    expect(answeredDuringImport).toBe(true);
    expect(result.ok).toBe(true);
    const file = result.ok ? result.value.files[0] : undefined;
    expect(file).toMatchObject({ kind: 'vehicles', rows: 120_003, imported: 120_000, rejected: 3, refused: null });
    expect(events.filter((e) => e.type === 'import-file-done')).toHaveLength(1);
    expect(events).toContainEqual({ type: 'case-changed', what: 'records' });
    const after = await host.call('case:current', {});
    expect(after.ok && after.value?.counts.vehicles).toBe(120_000);
  });

  it('cancels an import under way: the file is rolled back', async () => {
    const path = join(temp.dir, 'c.zmcase');
    await host.call('case:create', { path, title: 'Case C' });
    const csv = join(temp.dir, 'big.csv');
    writeVehiclesCsv(csv, 120_000);
    const events: PushEvent[] = [];
    const off = host.onEvent((event) => events.push(event));
    const importing = host.call('import:files', { files: [{ path: csv }] });
    await expect.poll(() => events.some((e) => e.type === 'import-progress'), { timeout: 20_000, interval: 5 }).toBe(true);
    expect(await host.call('import:cancel', {})).toEqual({ ok: true, value: { cancelled: true } });
    const result = await importing;
    off();
    const file = result.ok ? result.value.files[0] : undefined;
    expect(file?.refused?.code).toBe('cancelled');
    const after = await host.call('case:current', {});
    expect(after.ok && after.value?.counts.vehicles).toBe(0);
    expect(await host.call('import:cancel', {})).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('cancels an import once its rows are read: a reader answers while the writer finishes, and says what was kept', async () => {
    const path = join(temp.dir, 'f.zmcase');
    await host.call('case:create', { path, title: 'Case F' });
    const csv = join(temp.dir, 'finish.csv');
    writeVehiclesCsv(csv, 60_000);
    const events: PushEvent[] = [];
    const off = host.onEvent((event) => events.push(event));
    const importing = host.call('import:files', { files: [{ path: csv }] });
    await expect.poll(() => events.some((e) => e.type === 'import-progress' && e.progress.phase === 'finishing'), { timeout: 30_000, interval: 2 }).toBe(true);
    // The writer is in its synchronous end (index rebuilds, registers): before this fix the cancel
    // waited behind it in the writer's messages and said 'cancelled' after the commit.
    const answer = await host.call('import:cancel', {});
    const result = await importing;
    off();
    const file = result.ok ? result.value.files[0] : undefined;
    const after = await host.call('case:current', {});
    expect(answer.ok).toBe(true);
    if (answer.ok && answer.value.cancelled) {
      expect(file?.refused?.code).toBe('cancelled');
      expect(after.ok && after.value?.counts.vehicles).toBe(0);
    } else {
      expect(answer).toEqual({ ok: true, value: { cancelled: false, too_late: true } });
      expect(file).toMatchObject({ refused: null, imported: 60_000 });
    }
  });

  it('answers the vehicle grid while heavy reads hold another reader', async () => {
    const path = join(temp.dir, 'readers.zmcase');
    const side = openCaseFile(path, { create: { title: 'readers' } });
    writeRulesBenchCase(side.db, 3_000);
    side.close();
    await host.call('case:open', { path });
    expect(host.readers).toBeGreaterThanOrEqual(2);
    // Heavy reads asked for first (an XLSX export of the whole case, then overviews, synchronous
    // statistics): they go to the readers but the first. With one reader the block would wait
    // behind every overview.
    const overviewsDone: number[] = [];
    const exporting = host.call('export:file', { format: 'xlsx', path: join(temp.dir, 'readers.xlsx') });
    const overviews = Array.from({ length: 3 }, () => host.call('overview:get', {}).then((result) => {
      overviewsDone.push(performance.now());
      return result;
    }));
    const block = await host.call('grid:vehicles', { start: 0, end: 100, count: true });
    const answered = performance.now();
    expect((await Promise.all([exporting, ...overviews])).every((result) => result.ok)).toBe(true);
    expect(block.ok && block.value.rows.length).toBe(100);
    expect(overviewsDone).toHaveLength(3);
    expect(answered).toBeLessThan(Math.min(...overviewsDone));
  }, 60_000);
});
