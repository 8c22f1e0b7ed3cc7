import { homedir } from 'node:os';
import { join } from 'node:path';

/** Browser mode's user data folder: $XDG_CONFIG_HOME/ZeroMile, else ~/.config/ZeroMile. */
export function browserDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'ZeroMile');
}
