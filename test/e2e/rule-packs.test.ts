import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulePack } from '../../shared/rule-packs';
import { startApp, type App } from './support/app';

// The Rule packs screen on a fresh case: the shipped packs, an inactive clause filled in by the
// analyst, a bad pack file refused with the path of its bad field, a pack exported as a file, a
// pack removed after a confirm that names it and what becomes of its flags, undone, restored.
describe('rule packs screen', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('shows every shipped pack, inactive clauses with their reason, and activates one when its brands are filled in', async () => {
    const { page } = app;
    await page.goto(`${new URL(page.url()).origin}/#/packs`);
    const ru = page.getByTestId('clause-RU-2023-official-brands');
    await expect.poll(() => ru.textContent()).toContain('Inactive: missing parameter');
    await expect.poll(() => page.getByTestId('clause-JO-minimum-use').textContent()).toContain('Inactive: missing parameter');
    await expect.poll(() => page.getByTestId('clause-CN-2026-after-sales-confirmation').textContent()).toContain('Active');
    await app.screenshot('rule-packs-shipped');
    // The shipped sources in the reader's language (a stranger's probe found them in English on the Chinese screen).
    await page.getByLabel('Language / 语言').selectOption('zh');
    await expect.poll(() => page.getByTestId('clause-JO-minimum-use').textContent()).toContain('约旦规定车辆须在原产国使用满最低期限后方可视为二手车');
    await expect.poll(() => page.getByTestId('clause-CN-2026-after-sales-confirmation').textContent()).toContain('来源商务部等 商贸函〔2025〕648号（自2026年1月1日起');
    expect(await ru.textContent()).not.toContain('as reported');
    await app.screenshot('rule-packs-shipped-zh');
    await page.getByLabel('Language / 语言').selectOption('en');

    await ru.getByRole('button', { name: 'Edit clause' }).click();
    await ru.locator('textarea').fill('Chery\n奇瑞\nHaval');
    await ru.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.outcome.ok').textContent()).toContain('Saved pack RU as revision 2');
    await expect.poll(() => ru.textContent()).toContain('Active');
    await expect.poll(() => ru.textContent()).toContain('Chery, 奇瑞, Haval');
    const listed = await app.host.call('packs:list', {});
    expect(listed.ok && listed.value.packs.find((p) => p.id === 'RU')?.revision).toBe(2);
    await app.screenshot('rule-packs-edited');
  });

  it('refuses a bad value in the edit form, naming the field, and saves nothing', async () => {
    const { page } = app;
    const jo = page.getByTestId('clause-JO-minimum-use');
    await jo.getByRole('button', { name: 'Edit clause' }).click();
    await jo.locator('input[type=number]').first().fill('0');
    await jo.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => jo.getByRole('alert').textContent()).toContain('clauses[0].params.min_days');
    await jo.getByRole('button', { name: 'Cancel' }).click();
    const listed = await app.host.call('packs:list', {});
    expect(listed.ok && listed.value.packs.find((p) => p.id === 'JO')?.revision).toBe(1);
  });

  it('imports a pack file, refuses a bad one naming the file and the field, and exports a pack as a file', async () => {
    const { page } = app;
    const good: RulePack = {
      format: 1, id: 'AE', version: 1, name: { en: 'UAE test', zh: '阿联酋测试' },
      clauses: [{ id: 'AE-min', rule: 'destination_min_use', title: { en: 'Minimum use', zh: '最低使用' }, params: { min_days: 90, min_km: null }, effective_from: '2024-01-01', effective_to: null, source: 'e2e test' }],
    };
    // The pack screen's own picker, not the import's (every screen has one, for Ctrl+I).
    const input = page.locator('input[type=file][accept*=json]');
    await input.setInputFiles({ name: 'ae.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
    await expect.poll(() => page.getByTestId('clause-AE-min').textContent()).toContain('Active');
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...good, id: 'UAE' })) });
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/broken\.json was refused.*\bid\b/);

    const download = page.waitForEvent('download');
    await page.getByRole('article', { name: /^RU / }).getByRole('button', { name: 'Export pack file' }).click();
    const file = await download;
    const saved = join(app.dir, file.suggestedFilename());
    await file.saveAs(saved);
    expect(file.suggestedFilename()).toBe('rule-pack-RU-r2.json');
    expect((JSON.parse(readFileSync(saved, 'utf8')) as RulePack).clauses[0]).toMatchObject({ params: { brands: ['Chery', '奇瑞', 'Haval'] } });
  });

  it('removes a pack after a confirm naming it and its flags, undoes the removal, and restores a removed pack', async () => {
    const { page } = app;
    const active = (id: string) => page.locator('article.pack:not(.removed)').filter({ has: page.getByRole('heading', { name: new RegExp(`^${id} · `) }) });
    const removedList = page.getByRole('region', { name: 'Removed packs' });
    await active('JO').getByRole('button', { name: 'Remove pack…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove rule pack JO · Jordan (importing country)?' });
    await expect.poll(() => dialog.textContent()).toContain('Flags earlier rule runs raised from it: 0, in 0 runs. They stay as evidence');
    expect(await dialog.textContent()).toContain('The next rule run will not use its clauses (1).');
    // Cancel has the focus: Escape (or Enter) removes nothing.
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement)).toBe(true);
    await app.screenshot('rule-packs-remove-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await active('JO').count()).toBe(1);

    await active('JO').getByRole('button', { name: 'Remove pack…' }).click();
    await dialog.getByRole('button', { name: 'Remove JO' }).click();
    await expect.poll(() => page.locator('.outcome.ok').textContent()).toContain('Removed pack JO: the next rule run does not use it; 0 flags of earlier runs stay as evidence.');
    await expect.poll(() => active('JO').count()).toBe(0);
    await expect.poll(() => removedList.getByTestId('removed-clause-JO-minimum-use').textContent()).toContain('Removed');
    const listed = await app.host.call('packs:list', {});
    expect(listed.ok && listed.value.removed.map((p) => [p.id, p.revision])).toEqual([['JO', 2]]);
    await app.screenshot('rule-packs-removed');

    // Undo from the outcome line: the pack is back as its next revision.
    await page.locator('.outcome.ok').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('.outcome.ok').textContent()).toContain('Restored pack JO as revision 3');
    await expect.poll(() => active('JO').count()).toBe(1);
    expect(await removedList.count()).toBe(0);

    // Removed again, in Chinese, then restored from the removed packs' list.
    await page.getByLabel('Language / 语言').selectOption('zh');
    await active('JO').getByRole('button', { name: '移除规则包…' }).click();
    const zhDialog = page.getByRole('dialog', { name: '移除规则包 JO · 约旦（进口国）？' });
    await expect.poll(() => zhDialog.textContent()).toContain('此前的规则运行据其产生的预警：0 条，来自 0 次运行。');
    await app.screenshot('rule-packs-remove-confirm-zh');
    await zhDialog.getByRole('button', { name: '移除 JO' }).click();
    const zhRemoved = page.getByRole('region', { name: '已移除的规则包' });
    await expect.poll(() => zhRemoved.textContent()).toContain('已移除');
    await zhRemoved.getByRole('button', { name: '恢复' }).click();
    await expect.poll(() => page.locator('.outcome.ok').textContent()).toContain('已恢复规则包 JO，修订版本 5');
    await page.getByLabel('Language / 语言').selectOption('en');
    const after = await app.host.call('packs:list', {});
    expect(after.ok && [after.value.removed, after.value.packs.find((p) => p.id === 'JO')?.origin]).toEqual([[], 'restored']);
  });
});
