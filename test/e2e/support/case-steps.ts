import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import type { CaseHost } from '../../../electron/backend/host/case-host';
import type { RulePack } from '../../../shared/rule-packs';

/**
 * The steps end-to-end files share around startApp (app.ts): a case prepared through the backend
 * before the page opens (files imported through the workers, rule packs added, rules run), a move
 * to a screen by its hash, and the save dialog's question before a file is replaced.
 */

export type FileToImport = { path: string; name: string };

/** Writes `zeromile demo`'s files of this many vehicles into DIR/demo and names them for import:files. */
export async function demoFiles(dir: string, vehicles: number): Promise<FileToImport[]> {
  const demo = await writeDemo(join(dir, 'demo'), { vehicles });
  return demo.files.map((f) => ({ path: join(demo.dir, f.file), name: f.file }));
}

/**
 * Imports the files into the open case, adds the rule packs and, unless `run` is false, runs the
 * rules; any refusal stops the set-up with its message.
 */
export async function prepareCase(host: CaseHost, options: { files: FileToImport[]; packs?: RulePack[]; run?: boolean }): Promise<void> {
  const imported = await host.call('import:files', { files: options.files });
  if (!imported.ok) throw new Error(imported.error.message);
  for (const pack of options.packs ?? []) {
    const added = await host.call('packs:import', { file_name: `${pack.id.toLowerCase()}.json`, content: JSON.stringify(pack) });
    if (!added.ok) throw new Error(added.error.message);
  }
  if (options.run === false) return;
  const ran = await host.call('rules:run', {});
  if (!ran.ok) throw new Error(ran.error.message);
}

/** Waits for the app's screen list: the case is open and the workbench drawn. */
export async function screensShown(page: Page): Promise<void> {
  await page.locator('nav[aria-label="Screens"]').waitFor();
}

type PageGlobals = { location: { hash: string } };

/** Goes to a screen by its hash (#/runs, #/packs, #/vehicle/VIN …) without reloading the page. */
export async function goto(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => { (globalThis as unknown as PageGlobals).location.hash = h; }, hash);
}

/**
 * A file already at `out` is replaced only once the analyst says so: puts a file there, presses
 * `save`, answers the dialog's question "Keep it" (the file stays as it was), presses `save` again
 * and answers "Replace". The caller then waits for the dialog's outcome.
 */
export async function replaceOnlyWhenAsked(dialog: Locator, save: Locator, out: string): Promise<void> {
  writeFileSync(out, 'precious');
  await save.click();
  const question = dialog.locator('[data-outcome="exists"]');
  await question.waitFor();
  expect(await question.innerText()).toContain(`${out} already exists. Replace it?`);
  await question.getByRole('button', { name: 'Keep it' }).click();
  await expect.poll(() => question.count()).toBe(0);
  expect(readFileSync(out, 'utf8')).toBe('precious');
  await save.click();
  await question.getByRole('button', { name: 'Replace' }).click();
}
