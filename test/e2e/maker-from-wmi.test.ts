import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../shared/vin';
import { startApp, type App } from './support/app';

/*
 * A maker taken from the VIN's WMI (no record of the case names the maker; 4122c9d) is not a
 * recorded fact: the vehicle page says so under the chain, naming the WMI and the reference table,
 * in English and Chinese. A maker on record gets no such note.
 */
const INFERRED = withCheckDigit('LGXCE4CB0R0000041');
const RECORDED = withCheckDigit('LGXCE4CB0R0000042');

describe("a maker inferred from the VIN's WMI on the vehicle page (browser mode)", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({
      setup: async (host, dir) => {
        const sales = join(dir, 'wmi-sales.csv');
        writeFileSync(sales, ['发票号码,开票日期,车架号,销售方名称,购货单位,车价合计',
          `50000001,2026-01-01,${INFERRED},比亚迪汽车工业有限公司,深圳测试贸易有限公司,168000`,
          `50000002,2026-01-05,${INFERRED},深圳测试贸易有限公司,霍尔果斯出口有限公司,170000`,
          `50000003,2026-01-01,${RECORDED},比亚迪汽车工业有限公司,深圳测试贸易有限公司,168000`].join('\r\n'));
        const vehicles = join(dir, 'wmi-vehicles.csv');
        writeFileSync(vehicles, ['车辆识别代号,品牌,生产企业,生产日期', `${RECORDED},比亚迪,比亚迪汽车工业有限公司,2025-12-01`].join('\r\n'));
        const imported = await host.call('import:files', { files: [{ path: sales, name: 'wmi-sales.csv' }, { path: vehicles, name: 'wmi-vehicles.csv' }] });
        if (!imported.ok) throw new Error(imported.error.message);
      },
    });
    await app.page.locator('nav[aria-label="Screens"]').waitFor();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('notes the maker as inferred from WMI LGX and the reference table, in English and Chinese', async () => {
    const { page } = app;
    await page.goto(`${new URL(page.url()).origin}/#/vehicle/${INFERRED}`);
    const note = page.getByTestId('chain-maker-from-wmi');
    await note.waitFor();
    expect(await note.getAttribute('data-wmi')).toBe('LGX');
    expect(await note.textContent()).toBe("比亚迪汽车工业有限公司: Maker inferred from the VIN's WMI LGX (BYD / 比亚迪 in ZeroMile's WMI reference table of ISO 3780 world manufacturer identifiers), "
      + "not from a record: no record of the case names this vehicle's maker, and this seller of its first sale is named as that maker.");
    expect(await note.getAttribute('aria-label')).toBe('Maker inferred from the WMI');
    await app.screenshot('maker-from-wmi');
    await page.getByLabel('Language / 语言').selectOption('zh');
    await expect.poll(() => note.textContent()).toContain('生产企业系根据车辆识别代号的 WMI LGX 推定（ZeroMile 的 WMI 对照表，即 ISO 3780 世界制造厂识别代号表，记为 比亚迪（BYD）），并非记录所载');
    await page.getByLabel('Language / 语言').selectOption('en');
  }, 60_000);

  it('says nothing of the kind for a maker on record', async () => {
    const { page } = app;
    await page.goto(`${new URL(page.url()).origin}/#/vehicle/${RECORDED}`);
    await page.getByTestId('chain-graph').waitFor();
    await page.getByRole('heading', { name: /Ownership chain/ }).waitFor();
    expect(await page.getByTestId('chain-maker-from-wmi').count()).toBe(0);
  }, 60_000);
});
