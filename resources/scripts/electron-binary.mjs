// Where the Electron binary would be, found the way node_modules/electron/index.js finds it but
// without its download-on-first-use (which cannot work offline and would stall `npm start`).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @param {string} electronDir node_modules/electron  @param {Record<string, string | undefined>} env */
export function findElectronBinary(electronDir, env = process.env) {
  const pathFile = join(electronDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const overridden = join(env.ELECTRON_OVERRIDE_DIST_PATH, executable || 'electron');
    return existsSync(overridden) ? overridden : null;
  }
  if (!executable) return null;
  const full = join(electronDir, 'dist', executable);
  return existsSync(full) ? full : null;
}
