import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Vitest global set-up: rules run on finder threads (dist/rule-worker.mjs), big tables are read on
 * a thread (dist/import-worker.mjs), PDFs and images too (dist/document-worker.mjs), and checkpoints after big writes run on one too
 * (dist/checkpoint-worker.mjs), so a unit test run rebuilds those bundles first (about a second)
 * and never tests a stale one.
 */
const THREAD_BUNDLES = ['rule-worker.mjs', 'import-worker.mjs', 'document-worker.mjs', 'checkpoint-worker.mjs', 'run-summary-worker.mjs'];

export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  const result = spawnSync(process.execPath, [join(root, 'resources', 'scripts', 'build.mjs'), '--entry', THREAD_BUNDLES.join(',')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building ${THREAD_BUNDLES.join(', ')} failed:\n${result.stderr}${result.stdout}`);
}
