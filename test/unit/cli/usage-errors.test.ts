import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../electron/backend/cli/commands';
import { CLI } from '../../support/paths';

// Every command's options are read by node:util parseArgs; what it refuses is a usage error of that
// command (exit 2 with its usage line), never an "unexpected error" with a stack.
describe('options the CLI does not know', () => {
  it.each(COMMANDS.map((c) => [c.name, c.usage]))('%s: an unknown option is a usage error', (name, usage) => {
    const result = spawnSync(process.execPath, [CLI, name, '--no-such-option', 'x'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`zeromile ${name}: unknown option --no-such-option\nusage:`);
    expect(result.stderr).not.toContain('-- "');
    expect(result.stderr).toContain(`usage: zeromile ${usage}`);
    expect(result.stderr).not.toMatch(/unexpected error|\n {4}at /);
  });
});

// Output redirected to a file past the size limit (or a full disk) ended in a stack trace.
describe('output that cannot be written', () => {
  it('says so in one line and exits 1', () => {
    const out = join(tmpdir(), `zeromile-out-${process.pid}-${Date.now()}.txt`);
    const vins = Array.from({ length: 60 }, () => 'LFVLGZAH0RA000002').join(' ');
    try {
      const result = spawnSync('bash', ['-c', `ulimit -f 1; exec "${process.execPath}" "${CLI}" vin ${vins} > "${out}"`], { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^zeromile: the output could not be written: the file is too large for this disk \(EFBIG\); what was written is incomplete\. This process may not write files larger than 1,024 bytes/);
      expect(result.stderr).not.toMatch(/\n {4}at /);
    } finally {
      rmSync(out, { force: true });
    }
  });
});
