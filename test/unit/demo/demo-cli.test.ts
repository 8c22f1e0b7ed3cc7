import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../electron/backend/cli/commands';
import { demoCommand } from '../../../electron/backend/cli/commands/demo';
import { UsageError } from '../../../electron/backend/cli/command';
import type { DemoManifest } from '../../../electron/backend/demo/write-demo';
import { tempDir } from '../../support/paths';

const temp = tempDir('zeromile-demo-cli-');
afterAll(() => temp.remove());

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await demoCommand.run(argv, { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
  return { code, out, err };
}

describe('zeromile demo (command)', () => {
  it('is registered', () => {
    expect(COMMANDS.filter((c) => c.name === 'demo')).toHaveLength(1);
  });

  it('writes the files and prints the manifest with --json', async () => {
    const dir = join(temp.dir, 'json');
    const { code, out } = await run(dir, '--vehicles', '150', '--seed', 'berlin', '--json');
    expect(code).toBe(0);
    const manifest = JSON.parse(out) as DemoManifest;
    expect(manifest.vehicles).toBe(150);
    expect(manifest.files).toHaveLength(13);
    for (const f of manifest.files) expect(existsSync(join(dir, f.file)), f.file).toBe(true);
    const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as DemoManifest;
    expect(truth.rules).toEqual(manifest.rules);
    expect(truth.seed).toBe(manifest.seed);
  });

  it('prints a summary for people without --json', async () => {
    const { code, out } = await run(join(temp.dir, 'text'), '--vehicles', '120');
    expect(code).toBe(0);
    expect(out).toMatch(/wrote 13 source files for 120 vehicles/);
    expect(out).toMatch(/zero_mileage_export\s+\d+/);
    expect(out).toMatch(/08-出口报关单\.xlsx/);
  });

  it('refuses bad arguments', async () => {
    await expect(run()).rejects.toThrow(UsageError);
    await expect(run(join(temp.dir, 'x'), '--vehicles', 'many')).rejects.toThrow(UsageError);
    await expect(run(join(temp.dir, 'x'), '--colour', 'red')).rejects.toThrow(UsageError);
    await expect(run(join(temp.dir, 'y'), '--vehicles', '10')).rejects.toThrow(/from 100/);
  });
});
