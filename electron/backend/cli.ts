import { ZeroMileError, toWireError } from '../../shared/errors';
import { sizeLimitHint } from './casefile/write-refused';
import { writeReason } from './files/write-errors';
import { UsageError, type CliIo } from './cli/command';
import { COMMANDS } from './cli/commands';
import { terminalJson, terminalText } from './cli/terminal-text';

/** Every line printed is terminal-safe: JSON output keeps parsing, text output shows control characters escaped. */
const shown = (text: string): string => {
  const line = text.endsWith('\n') ? text : `${text}\n`;
  return line.startsWith('{') || line.startsWith('[') ? terminalJson(line) : terminalText(line.slice(0, -1)) + '\n';
};
const io: CliIo = {
  out: (text) => process.stdout.write(shown(text)),
  err: (text) => process.stderr.write(shown(text)),
  flush: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', resolve)) : Promise.resolve()),
};

// `zeromile demo ... | head`: the reader has gone; stop quietly, as other command-line tools do.
// Output redirected to a full disk, or past the file size limit: say so in a line and fail (it
// ended in a stack trace), since what was written is cut short.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) {
      const why = `${writeReason(error.code)}${error.code ? ` (${error.code})` : ''}`;
      process.stderr.write(`zeromile: the output could not be written: ${why}; what was written is incomplete.${error.code === 'EFBIG' ? sizeLimitHint() : ''}\n`);
      process.exit(1);
    }
    throw error;
  });
}

function help(): string {
  return ['zeromile: zero-mileage export investigation on a case file', '', 'usage:',
    ...COMMANDS.map((c) => `  zeromile ${c.usage}\n      ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`zeromile: unknown command '${name}'.\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`zeromile ${name}: ${error.message}\nusage: zeromile ${command.usage}`);
      return 2;
    }
    if (error instanceof ZeroMileError) {
      io.err(`zeromile ${name}: ${error.message}`);
      return 1;
    }
    const wire = toWireError(error);
    if (wire.code !== 'internal') {
      io.err(`zeromile ${name}: ${wire.message}${wire.code === 'write_failed' ? sizeLimitHint() : ''}`);
      return 1;
    }
    // A stack means nothing to an investigator; ZEROMILE_DEBUG=1 shows it to a developer.
    const detail = process.env.ZEROMILE_DEBUG ? (error as Error).stack ?? String(error) : wire.message;
    io.err(`zeromile ${name}: unexpected error: ${detail}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
