import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/paths';

/** The project's own lint config on snippets placed where production code lives. */
async function problems(code: string, file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint: production code imports only shipped dependencies', () => {
  it('refuses a devDependency in the backend, the main process, shared code and the renderer', async () => {
    for (const file of ['electron/backend/export/probe.ts', 'electron/probe.ts', 'shared/probe.ts', 'renderer/src/probe.tsx']) {
      const found = await problems("import { defineConfig } from 'vitest/config';\nexport const c = defineConfig;\n", file);
      expect(found.join('\n'), file).toContain("zeromile/production-dependencies: 'vitest' is not in package.json \"dependencies\"");
    }
    const lazy = await problems("export const load = () => import('electron-builder');\n", 'electron/backend/export/probe.ts');
    expect(lazy.join('\n')).toContain("'electron-builder' is not in package.json");
  });

  it('lets through dependencies, type-only imports, Node built-ins, Electron in the main process, and tests', async () => {
    expect(await problems("import type { Page } from 'playwright-core';\nimport { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nexport type P = Page;\nexport const x = [z, readFileSync];\n", 'electron/backend/export/probe.ts')).toEqual([]);
    expect(await problems("import { app } from 'electron';\nexport const a = app;\n", 'electron/probe.ts')).toEqual([]);
    expect(await problems("import { describe } from 'vitest';\nexport const d = describe;\n", 'test/unit/probe.test.ts')).toEqual([]);
  });
});
