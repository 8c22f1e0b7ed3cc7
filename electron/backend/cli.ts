import { ZeroMileError, toWireError } from '../../shared/errors';
import { UsageError, type CliIo } from './cli/command';
import { COMMANDS } from './cli/commands';

const io: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

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
      io.err(`zeromile ${name}: ${wire.message}`);
      return 1;
    }
    io.err(`zeromile ${name}: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
