/**
 * A `zeromile` sub-command. Each lives in its own file under cli/commands/ and is listed in
 * cli/commands.ts. `--json` prints machine output; human text otherwise. Errors are thrown as
 * ZeroMileError and printed by cli.ts with exit code 1 (2 for usage errors, and for the options
 * node:util parseArgs refuses, so commands call it without a try of their own).
 */
export type CliIo = {
  out(text: string): void;
  err(text: string): void;
};

export type CliCommand = {
  name: string;
  usage: string;
  summary: string;
  /** Returns the exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
};

export class UsageError extends Error {}
