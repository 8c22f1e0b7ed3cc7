import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 inside Electron needs a build against Electron's ABI, kept apart from the Node
 * build that tests, the CLI and browser mode use (README: built with @electron/rebuild into
 * resources/native/<platform>-<arch>/better_sqlite3.node). Packaged, it sits unpacked beside the asar.
 */
export function nativeBindingPath(options: { appRoot: string; resourcesPath: string; isPackaged: boolean; platform: string; arch: string }): string {
  const relative = join('resources', 'native', `${options.platform}-${options.arch}`, 'better_sqlite3.node');
  return options.isPackaged ? join(options.resourcesPath, 'app.asar.unpacked', relative) : join(options.appRoot, relative);
}

/** The Electron build when it is there; undefined lets better-sqlite3 try its own (Node) build. */
export function findNativeBinding(options: Parameters<typeof nativeBindingPath>[0]): string | undefined {
  const path = nativeBindingPath(options);
  return existsSync(path) ? path : undefined;
}
