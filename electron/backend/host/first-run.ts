import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZeroMileError } from '../../../shared/errors';
import type { Result } from '../../../shared/errors';
import { writeDemo } from '../demo/write-demo';
import type { CaseHost } from './case-host';

export const DEMO_CASE_FILE = 'Demo case.zmcase';

export type DemoCaseOptions = { vehicles?: number; seed?: number; onStep?: (step: string) => void };

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ZeroMileError(result.error.code, result.error.message);
  return result.value;
}

/**
 * First run: a demo case in the user data folder (`zeromile demo` files imported through the
 * host's workers, then the rules run), left open. Built under a temporary name and renamed when
 * complete, so an interrupted first run is simply done again. An existing demo case is opened.
 */
export async function openOrCreateDemoCase(host: CaseHost, dataDir: string, options: DemoCaseOptions = {}): Promise<string> {
  const folder = join(dataDir, 'cases');
  const path = join(folder, DEMO_CASE_FILE);
  if (existsSync(path)) {
    unwrap(await host.call('case:open', { path }));
    return path;
  }
  mkdirSync(folder, { recursive: true });
  const building = `${path}.creating`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  const sources = mkdtempSync(join(tmpdir(), 'zeromile-demo-'));
  try {
    options.onStep?.('writing demo documents');
    const manifest = await writeDemo(sources, { vehicles: options.vehicles ?? 2_000, seed: options.seed ?? 1 });
    unwrap(await host.call('case:create', { path: building, title: 'Demo case' }));
    options.onStep?.('importing demo documents');
    unwrap(await host.call('import:files', { files: manifest.files.map((f) => ({ path: join(sources, f.file), name: f.file })) }));
    // The filled sample packs, so that the pack clauses have something to find (their flags are in the ground truth).
    for (const pack of manifest.packs) {
      unwrap(await host.call('packs:import', { file_name: pack.file, content: readFileSync(join(sources, pack.file), 'utf8') }));
    }
    options.onStep?.('running the rules');
    // The rules domain may not be part of this build's table; a demo without flags is still a demo.
    const ran = await host.invoke('rules:run', {});
    if (!ran.ok && ran.error.code !== 'unknown_handler') throw new ZeroMileError(ran.error.code, ran.error.message);
    unwrap(await host.call('case:close', {}));
    renameSync(building, path);
  } finally {
    rmSync(sources, { recursive: true, force: true });
  }
  unwrap(await host.call('case:open', { path }));
  return path;
}
