import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulePack } from '../../shared/rule-packs';
import { startApp, type App } from './support/app';
import { demoFiles, goto, prepareCase, screensShown } from './support/case-steps';

/*
 * A flag raised by a rule pack that was removed since stays as evidence; its evidence sheet said so,
 * the flag queue and the vehicle page did not. Both now mark it by its rule, the pack and when in
 * the mark's title, in English and Chinese; a restore takes the mark away.
 */
const KZ: RulePack = {
  format: 1, id: 'KZ', version: 1, name: { en: 'Kazakhstan (e2e)', zh: '哈萨克斯坦（测试）' },
  clauses: [{ id: 'KZ-min-use', rule: 'destination_min_use', title: { en: 'Minimum use', zh: '最低使用期限' }, params: { min_days: 3650, min_km: null },
    effective_from: null, effective_to: null, source: 'e2e test' }],
};

describe('flags of a removed rule pack (browser mode)', () => {
  let app: App;
  let vin = '';
  beforeAll(async () => {
    app = await startApp({ setup: async (host, dir) => prepareCase(host, { files: await demoFiles(dir, 100), packs: [KZ] }) });
    await screensShown(app.page);
    const flags = await app.host.call('flags:list', { start: 0, end: 1, count: true, filter: { pack: 'KZ' } });
    if (!flags.ok || flags.value.rows.length === 0) throw new Error('the KZ pack flagged nothing in the demo');
    vin = flags.value.rows[0]!.vin!;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('marks nothing while the pack is in use', async () => {
    const { page } = app;
    await goto(page, '#/flags?pack=KZ');
    await page.locator('.grid .ag-row[row-index="0"]').waitFor();
    expect(await page.locator('.pack-removed').count()).toBe(0);
  }, 60_000);

  it("marks the pack's flags in the queue and on the vehicle page once it is removed, with when, in English and Chinese", async () => {
    const { page, host } = app;
    const removed = await host.call('packs:remove', { pack_id: 'KZ' });
    if (!removed.ok) throw new Error(removed.error.message);
    await goto(page, '#/overview');
    await page.locator('figure[aria-label="Flags by rule"]').waitFor();
    await goto(page, '#/flags?pack=KZ');
    const badge = page.locator('.grid .ag-row[row-index="0"] .ag-cell[col-id="rule"] .pack-removed');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('pack removed');
    expect(await badge.getAttribute('title')).toMatch(/^Rule pack KZ was removed from the case on .*2026.*: later rule runs do not use it; this flag stays as evidence\.$/);
    await app.screenshot('pack-removed-queue');
    // Only the pack's flags: the whole queue marks as many rows as the pack raised in its first block.
    await goto(page, '#/flags');
    await page.locator('.grid .ag-row[row-index="0"]').waitFor();
    const all = await host.call('flags:list', { start: 0, end: 60, filter: {} });
    if (!all.ok) throw new Error(all.error.message);
    const shown = all.value.rows.filter((r) => r.pack_removed).length;
    expect(shown).toBeLessThan(all.value.rows.length);

    await goto(page, `#/vehicle/${vin}`);
    const line = page.locator('.flag-line').filter({ has: page.locator('.pack-removed') });
    await line.first().waitFor();
    expect(await line.count()).toBe(1);
    expect(await line.locator('.pack-removed').getAttribute('aria-label')).toContain('Rule pack KZ was removed from the case on');
    await app.screenshot('pack-removed-vehicle');

    await page.getByLabel('Language / 语言').selectOption('zh');
    await expect.poll(() => line.locator('.pack-removed').textContent()).toBe('规则包已移除');
    expect(await line.locator('.pack-removed').getAttribute('title')).toMatch(/^规则包 KZ 已于 .*2026.* 从本案移除：此后的规则运行不再使用它；本预警作为证据保留。$/);
    await page.getByLabel('Language / 语言').selectOption('en');
  }, 90_000);

  it('takes the mark away once the pack is restored', async () => {
    const { page, host } = app;
    const restored = await host.call('packs:restore', { pack_id: 'KZ' });
    if (!restored.ok) throw new Error(restored.error.message);
    await goto(page, '#/overview');
    await page.locator('figure[aria-label="Flags by rule"]').waitFor();
    await goto(page, `#/vehicle/${vin}`);
    await page.locator('.flag-line').first().waitFor();
    expect(await page.locator('.pack-removed').count()).toBe(0);
  }, 60_000);
});
