import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulePack } from '../../shared/rule-packs';
import { fixtureVin } from '../support/record-fixture';
import { startApp, type App } from './support/app';
import { goto, prepareCase, screensShown } from './support/case-steps';

/*
 * helper-65's probe, defect 13: the remove-pack dialog and the pack screen's outcome printed a pack's
 * flag count as it came (40096), in both languages; they now write it as every other count (40,096).
 * A pack whose clause flags 1,200 used exports to KZ, the odometer under its minimum.
 */
const FLAGGED = 1200;
const KZ: RulePack = {
  format: 1, id: 'KZ', version: 1, name: { en: 'Kazakhstan (e2e)', zh: '哈萨克斯坦（测试）' },
  clauses: [{ id: 'KZ-min-km', rule: 'destination_min_use', title: { en: 'Minimum use', zh: '最低使用期限' }, params: { min_days: null, min_km: 1_000_000 },
    effective_from: null, effective_to: null, source: 'e2e test' }],
};

describe('a rule pack with more than a thousand flags (browser mode)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({
      setup: async (host, dir) => {
        const lines = ['declaration_no,declaration_date,vin,exporter,exporter_id,consignee,destination_country,port,declared_value,odometer_km,condition'];
        for (let n = 1; n <= FLAGGED; n++) {
          lines.push(`5316202600${String(n).padStart(8, '0')},2026-01-21,${fixtureVin(n)},深圳测试贸易有限公司,91440300MA5FTEST01,TOO Test Import,KZ,深圳海关,160000,12,used`);
        }
        writeFileSync(join(dir, 'exports.csv'), `${lines.join('\r\n')}\r\n`);
        await prepareCase(host, { files: [{ path: join(dir, 'exports.csv'), name: 'exports.csv' }], packs: [KZ] });
      },
    });
    await screensShown(app.page);
    const flags = await app.host.call('flags:list', { start: 0, end: 1, count: true, filter: { pack: 'KZ' } });
    if (!flags.ok || flags.value.count !== FLAGGED) throw new Error(`the KZ pack should flag ${FLAGGED} vehicles: ${JSON.stringify(flags)}`);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it('writes the count with a thousands separator in the remove dialog and the outcome, in English and Chinese', { timeout: 90_000 }, async () => {
    const { page } = app;
    await goto(page, '#/packs');
    const removeButton = (name: string) => page.locator('article.pack:not(.removed)').filter({ has: page.getByRole('heading', { name: /^KZ · / }) }).getByRole('button', { name });
    await removeButton('Remove pack…').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('pack-remove-flags').textContent()).toBe(
      'Flags earlier rule runs raised from it: 1,200, in 1 run. They stay as evidence, unchanged; their evidence sheets say the pack was removed.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByLabel('Language / 语言').selectOption('zh');
    await removeButton('移除规则包…').click();
    await expect.poll(() => dialog.getByTestId('pack-remove-flags').textContent()).toBe(
      '此前的规则运行据其产生的预警：1,200 条，来自 1 次运行。它们作为证据原样保留；其证据表会注明该规则包已被移除。');
    await app.screenshot('pack-remove-count-zh');
    await dialog.getByRole('button', { name: '移除 KZ' }).click();
    await expect.poll(() => page.locator('.outcome.ok').textContent()).toContain('已移除规则包 KZ：下一次规则运行不再使用它；此前运行的 1,200 条预警作为证据保留。');
  });
});
