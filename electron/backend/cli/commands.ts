import type { CliCommand } from './command';

/** Every sub-command, in the order `zeromile help` lists them. Add one import and one entry per command. */
export const COMMANDS: readonly CliCommand[] = [];
