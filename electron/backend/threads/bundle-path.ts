import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZeroMileError } from '../../../shared/errors';

/**
 * Where a thread's bundle (`dist/NAME`) is: beside the bundle that runs this code (the app, the CLI),
 * or, from sources and test bundles, in the nearest dist/ above.
 */
export function threadBundlePath(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, name);
  if (existsSync(beside)) return beside;
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    const built = join(dir, 'dist', name);
    if (existsSync(built)) return built;
  }
  throw new ZeroMileError('internal', `dist/${name} is missing: run \`npm run build\` first.`);
}
