import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Vitest global set-up: the rules run on finder threads from dist/rule-worker.mjs, so a unit
 * test run rebuilds that bundle first (well under a second) and never tests stale rule SQL.
 */
export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  const result = spawnSync(process.execPath, [join(root, 'resources', 'scripts', 'build.mjs'), '--entry', 'rule-worker.mjs'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building dist/rule-worker.mjs failed:\n${result.stderr}${result.stdout}`);
}
