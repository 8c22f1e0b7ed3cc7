import { parseArgs, type ParseArgsConfig } from 'node:util';
import { message, renderMessage } from '../../../shared/i18n/message';

/**
 * A `zeromile` sub-command. Each lives in its own file under cli/commands/ and is listed in
 * cli/commands.ts. `--json` prints machine output; human text otherwise. Errors are thrown as
 * ZeroMileError and printed by cli.ts with exit code 1 (2 for usage errors).
 */
export type CliIo = {
  out(text: string): void;
  err(text: string): void;
  /** Resolves once what was printed has left for the reader: a command that streams waits on it, so its output never piles up in memory. */
  flush?(): Promise<void>;
};

export type CliCommand = {
  name: string;
  usage: string;
  summary: string;
  /** Returns the exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
};

export class UsageError extends Error {}

/** A count and its noun in the command line's English ('1 flag', '2 flags'), by the catalogues' one rule ({n|one|other}). */
export const counted = (n: number, one: string, other: string): string => renderMessage(message('count', { n }), { count: `{n} {n|${one}|${other}}` });

type CommandArgsConfig<T extends NonNullable<ParseArgsConfig['options']>> = { args: string[]; allowPositionals: true; options: T };

/**
 * A command's options and positionals (node:util parseArgs); an unknown option or a missing value
 * is a UsageError of the command, so the user sees its usage line rather than a stack.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T): ReturnType<typeof parseArgs<CommandArgsConfig<T>>> {
  try {
    return parseArgs<CommandArgsConfig<T>>({ args: argv, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError(parseArgsProblem(error as Error & { code?: string }, argv));
  }
}

/**
 * parseArgs's refusal in a line of our own: its text for an unknown option ends with advice on
 * positionals and a stray quote (`-- "--limit"`), which reads as a fault of ours.
 */
function parseArgsProblem(error: Error & { code?: string }, argv: string[]): string {
  const unknown = error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '([^']*)'/.exec(error.message) : null;
  if (unknown) return `unknown option ${unknown[1]}`;
  // A value that starts with a dash (--limit -1) reads as another option: say which, and how to give it.
  const ambiguous = error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? /^Option '([^']*?)(?: <value>)?' argument is ambiguous/.exec(error.message) : null;
  if (ambiguous) {
    const names = ambiguous[1]!.split(',').map((n) => n.trim());
    const option = names[names.length - 1]!;
    const at = argv.findIndex((a) => names.includes(a));
    const value = at >= 0 ? argv[at + 1] : undefined;
    return value === undefined ? `${option} needs a value` : `${option} was given ${value}, which reads as an option; write ${option}=${value} if that is the value meant`;
  }
  const missing = error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ? /^Option '([^']*?)(?: <value>)?' argument missing/.exec(error.message) : null;
  return missing ? `${missing[1]!.split(',').pop()!.trim()} needs a value` : error.message;
}
