/* eslint-disable no-control-regex -- the test looks for the control characters the CLI must not print */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../../shared/vin';
import { CLI, tempDir } from '../../support/paths';

// Issue 17 items 7 and 9: what a hostile file can make the command line print, and what it may
// put into a case as a name.
const VIN = withCheckDigit('LGXCE4CB0N2123456');
const ESCAPES = '\u001b]0;pwned\u0007\u001b[2J\u009b31m';
const RTL = 'Evil \u202eCod.exe';
const temp = tempDir('zeromile-hostile-');
const casePath = join(temp.dir, 'h.zmcase');
let importOutput: string;

beforeAll(() => {
  const rows = [
    ['发票号码', '开票日期', 'VIN', '销货单位名称', '购买方名称', '价税合计'],
    ['A1', '2024-02-01', VIN, `Dealer ${ESCAPES}`, RTL, '150000'],
    ['A2', '2024-02-03', VIN, RTL, 'x'.repeat(10 * 1024 * 1024), '152000'],
  ];
  writeFileSync(join(temp.dir, 'sales.csv'), rows.map((r) => r.join(',')).join('\n'));
  execFileSync(process.execPath, [CLI, 'new', casePath]);
  importOutput = spawnSync(process.execPath, [CLI, 'import', casePath, join(temp.dir, 'sales.csv'), '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
});
afterAll(() => temp.remove());

describe('hostile text', () => {
  it('a 10 MB cell is not a party name: the row is rejected and the message quotes 200 characters', () => {
    const rejects = spawnSync(process.execPath, [CLI, 'rejects', casePath, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const all = JSON.parse(rejects.stdout) as { rejects?: { message: string }[] } | { message: string }[];
    const list = Array.isArray(all) ? all : all.rejects ?? [];
    expect(list).toHaveLength(1);
    expect(list[0]!.message).toContain('10,485,760 characters');
    expect(list[0]!.message.length).toBeLessThan(600);
    expect(importOutput.length).toBeLessThan(100_000);
    const parties = execFileSync(process.execPath, [CLI, 'info', casePath, '--json'], { encoding: 'utf8' });
    expect(parties.length).toBeLessThan(10_000);
  });

  it('the CLI shows control and bidi characters escaped, in text and in JSON', () => {
    const text = execFileSync(process.execPath, [CLI, 'chain', casePath, VIN], { encoding: 'utf8' });
    expect(text).toContain('Dealer \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m');
    expect(text).toContain('Evil \\u202eCod.exe');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    const json = execFileSync(process.execPath, [CLI, 'chain', casePath, VIN, '--json'], { encoding: 'utf8' });
    expect(json).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.stringify(JSON.parse(json))).toContain(JSON.stringify(`Dealer ${ESCAPES}`).slice(1, -1).replace('\u009b', '\\u009b').slice(0, 10));
    expect(JSON.stringify(JSON.parse(json))).toContain('\u009b31m');
  });

  it('zeromile demo … | head ends quietly (EPIPE), no stack', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" demo "${join(temp.dir, 'demo')}" --vehicles 200 | true`], { encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/EPIPE|\n\s+at |unexpected error/);
    const help = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" help | true`], { encoding: 'utf8' });
    expect(help.stderr).toBe('');
  });
});
