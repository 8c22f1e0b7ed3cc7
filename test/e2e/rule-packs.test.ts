import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulePack } from '../../shared/rule-packs';
import { startApp, type App } from './support/app';

// The Rule packs screen on a fresh case: the shipped packs, an inactive clause filled in by the
// analyst, a bad pack file refused with the path of its bad field, a pack exported as a file.
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
});
