import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseHost } from '../../../electron/backend/host/case-host';
import { DEMO_CASE_FILE, openOrCreateDemoCase } from '../../../electron/backend/host/first-run';
import { ROOT, tempDir } from '../../support/paths';

describe('first-run demo case', () => {
  const temp = tempDir();
  let host: CaseHost;
  beforeAll(async () => {
    host = await CaseHost.start({ workerPath: join(ROOT, 'dist', 'case-worker.mjs') });
  });
  afterAll(async () => {
    await host.close();
    temp.remove();
  });

  it('creates the demo case in the data folder, imported through the workers, and opens it', async () => {
    const steps: string[] = [];
    const path = await openOrCreateDemoCase(host, temp.dir, { vehicles: 100, seed: 3, onStep: (s) => steps.push(s) });
    expect(path).toBe(join(temp.dir, 'cases', DEMO_CASE_FILE));
    expect(steps[0]).toBe('writing demo documents');
    const current = await host.call('case:current', {});
    expect(current.ok && current.value?.path).toBe(path);
    expect(current.ok && current.value?.counts.vehicles).toBeGreaterThanOrEqual(100);
    expect(current.ok && current.value?.counts.rejected).toBeGreaterThan(0);
    // Built under a temporary name; nothing of it is left.
    expect(readdirSync(join(temp.dir, 'cases')).filter((f) => f.includes('.creating'))).toEqual([]);
  });

  it('opens the existing demo case on later runs', async () => {
    await host.call('case:close', {});
    expect(existsSync(`${join(temp.dir, 'cases', DEMO_CASE_FILE)}-wal`)).toBe(false);
    const started = Date.now();
    const path = await openOrCreateDemoCase(host, temp.dir, { vehicles: 100 });
    expect(Date.now() - started).toBeLessThan(5_000);
    const current = await host.call('case:current', {});
    expect(current.ok && current.value?.path).toBe(path);
    expect(current.ok && current.value?.counts.vehicles).toBeGreaterThanOrEqual(100);
  });
});
