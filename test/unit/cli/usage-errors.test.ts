import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../electron/backend/cli/commands';
import { CLI } from '../../support/paths';

// Every command's options are read by node:util parseArgs; what it refuses is a usage error of that
// command (exit 2 with its usage line), never an "unexpected error" with a stack.
describe('options the CLI does not know', () => {
  it.each(COMMANDS.map((c) => [c.name, c.usage]))('%s: an unknown option is a usage error', (name, usage) => {
    const result = spawnSync(process.execPath, [CLI, name, '--no-such-option', 'x'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`zeromile ${name}: Unknown option '--no-such-option'`);
    expect(result.stderr).toContain(`usage: zeromile ${usage}`);
    expect(result.stderr).not.toMatch(/unexpected error|\n {4}at /);
  });
});
