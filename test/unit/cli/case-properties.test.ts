import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../electron/backend/cli/command';
import { caseCommand } from '../../../electron/backend/cli/commands/case';
import { newCommand } from '../../../electron/backend/cli/commands/case-commands';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { CLI, tempDir } from '../../support/paths';

const temp = tempDir('zeromile-case-props-');
afterAll(() => temp.remove());

async function run(command: CliCommand, ...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await command.run(argv, { out: (t) => { out += `${t}\n`; }, err: () => undefined });
  return { code, out };
}

describe('zeromile case: the case properties printed on every page', () => {
  const casePath = join(temp.dir, 'props.zmcase');

  it('sets and shows the properties, audited; refuses an unknown key and an empty title', async () => {
    await run(newCommand, casePath, '--title', 'Zero-mileage exports, Sichuan 2026');
    const set = await run(caseCommand, casePath, '--set', 'case_number=SC-2026-017', '--set', 'organisation=四川省审计厅 外贸审计处',
      '--set', 'analyst=Li Wei', '--set', 'subject=成都川港通国际贸易有限公司', '--set', 'classification=RESTRICTED');
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/case_number\s+SC-2026-017/);
    const shown = JSON.parse((await run(caseCommand, casePath, '--json')).out) as Record<string, string | null>;
    expect(shown).toEqual({ title: 'Zero-mileage exports, Sichuan 2026', case_number: 'SC-2026-017', subject: '成都川港通国际贸易有限公司',
      analyst: 'Li Wei', organisation: '四川省审计厅 外贸审计处', classification: 'RESTRICTED' });
    await expect(run(caseCommand, casePath, '--set', 'colour=red')).rejects.toThrow(/key among title, case_number/);
    await expect(run(caseCommand, casePath, '--set', 'title=')).rejects.toThrow(/title/);
    const caseFile = openCaseFile(casePath, { readonly: true });
    try {
      const audit = caseFile.db.prepare("SELECT detail FROM audit_log WHERE action = 'case.update-meta'").pluck().all() as string[];
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]!)).toMatchObject({ case_number: 'SC-2026-017' });
    } finally {
      caseFile.close();
    }
  });

  it('prints them on every page of the case report', () => {
    const pdf = join(temp.dir, 'report.pdf');
    execFileSync(process.execPath, [CLI, 'report', casePath, '--out', pdf], { encoding: 'utf8' });
    const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page).toContain('SC-2026-017');
      expect(page).toContain('RESTRICTED');
      // The footer: who printed it, for which organisation.
      expect(page).toMatch(/Printed .* by Li Wei,/);
      expect(page).toContain('四川省审计厅 外贸审计处');
    }
  }, 60_000);
});
