import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/paths';

/** The project's own lint config on a snippet placed in a backend folder. */
const eslint = new ESLint({ cwd: ROOT });
async function problems(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const refused = /no-restricted-imports: .*sits below that folder/;

describe('lint: the backend\'s layers point one way', () => {
  it('refuses an import of a folder above, or beside in the same layer', async () => {
    const upward: [file: string, from: string][] = [
      ['electron/backend/threads/probe.ts', '../casefile/open-case-file'],
      ['electron/backend/casefile/probe.ts', '../import/row-plan'],
      ['electron/backend/casefile/migrations/probe.ts', '../../rules/runner'],
      ['electron/backend/documents/probe.ts', '../import/record-writer'],
      ['electron/backend/queries/probe.ts', '../import/row-plan'],
      ['electron/backend/rules/probe.ts', '../worker/worker-protocol'],
      ['electron/backend/import/probe.ts', '../handlers/index'],
      ['electron/backend/handlers/probe.ts', '../host/case-host'],
      ['electron/backend/stats/probe.ts', '../queries/flag-queries'],
    ];
    for (const [file, from] of upward) {
      const found = await problems(`import * as up from '${from}';\nexport const x = up;\n`, file);
      expect(found.join('\n'), `${file} -> ${from}`).toMatch(refused);
    }
  });

  it('lets imports point down, and shared code in', async () => {
    const downward: [file: string, from: string][] = [
      ['electron/backend/casefile/probe.ts', '../threads/close-waits'],
      ['electron/backend/import/probe.ts', '../documents/read-document'],
      ['electron/backend/rules/probe.ts', '../casefile/open-case-file'],
      ['electron/backend/host/probe.ts', '../worker/worker-protocol'],
      ['electron/backend/queries/probe.ts', '../../../shared/raw-row'],
      ['electron/backend/rules/probe.ts', '../../../shared/rules'],
    ];
    for (const [file, from] of downward) {
      const found = await problems(`import * as down from '${from}';\nexport const x = down;\n`, file);
      expect(found.filter((p) => refused.test(p)), `${file} -> ${from}`).toEqual([]);
    }
  });
});
