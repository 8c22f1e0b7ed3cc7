import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withCheckDigit } from '../../shared/vin';
import { startApp, type App } from './support/app';

/*
 * A vehicle's odometer readings a day apart on a year-long history (4 plot units a day): each
 * reading's label on the vehicle screen's timeline, and on the printed sheet's, in a place of its
 * own. They were all drawn up and to the right of their dots, one over another.
 */
const VIN = withCheckDigit('LSVAXAMC0TA100001');
const READINGS = [8, 8, 9, 12];

type Box = { text: string; x1: number; x2: number; y1: number; y2: number };

/** The boxes of the odometer readings' labels as the browser laid them out, and of their SVG. */
async function labelBoxes(page: Page, selector: string): Promise<{ labels: Box[]; svg: Box }> {
  return page.evaluate((sel) => {
    type El = { textContent: string | null; getBoundingClientRect(): { left: number; right: number; top: number; bottom: number }; closest(s: string): El | null };
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): El[] } }).document;
    const box = (el: El) => { const r = el.getBoundingClientRect(); return { text: el.textContent ?? '', x1: r.left, x2: r.right, y1: r.top, y2: r.bottom }; };
    const labels = [...doc.querySelectorAll(sel)];
    return { labels: labels.map(box), svg: box(labels[0]!.closest('svg')!) };
  }, selector);
}

const overlap = (a: Box, b: Box) => a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5;
const clashes = (boxes: Box[]) => boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.text} over ${b.text}`));

describe('odometer labels on the timeline', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({
      setup: async (host, dir) => {
        const files = {
          'vehicles.csv': `VIN,品牌,车型,燃料种类,生产日期\n${VIN},Volkswagen,Lavida,ICE,2023-01-05\n`,
          'registrations.csv': ['Date of Registration,Registration Type,VIN,Owner Name,Owner ID Number,Plate Number,Registration City,Province,Mileage',
            `2024/1/10,first registration,${VIN},唐艳,500100200212021015,渝A·Y1103,重庆市,重庆市,${READINGS[0]}`,
            `2024/1/11,ownership transfer,${VIN},上海外高桥汽车出口有限公司,91310100MAEH03R4DN,沪A·T8212,上海市,上海市,${READINGS[1]}`,
            `2024/1/12,ownership transfer,${VIN},霍尔果斯丝路通进出口贸易有限公司,91654004MATR39KG05,新F·T0001,霍尔果斯市,新疆维吾尔自治区,${READINGS[2]}`].join('\n'),
          'exports.csv': ['Declaration Number,Export Date,VIN,Exporter,Exporter Code,Foreign Consignee,Destination,Port of Exit,Total Value,Currency,Odometer,Condition',
            `940220241000000001,2024-01-13,${VIN},霍尔果斯丝路通进出口贸易有限公司,91654004MATR39KG05,ОсОО «Бишкек Авто Импорт»,KG,Torugart,90400,CNY,${READINGS[3]},used`].join('\n'),
        };
        for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
        const imported = await host.call('import:files', { files: Object.keys(files).map((name) => ({ path: join(dir, name), name })) });
        if (!imported.ok) throw new Error(imported.error.message);
        const refused = imported.value.files.filter((f) => f.refused || f.rejected > 0);
        if (refused.length > 0) throw new Error(`not imported whole: ${JSON.stringify(refused)}`);
      },
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('places every reading\'s label clear of the others on the vehicle screen, in English and Chinese', async () => {
    const { page } = app;
    await page.evaluate((v) => { location.hash = `#/vehicle/${v}`; }, VIN);
    const readings = page.locator('.timeline-odometer text');
    await expect.poll(() => readings.count(), { timeout: 20_000 }).toBe(READINGS.length);
    await page.getByTestId('timeline-chart').scrollIntoViewIfNeeded();
    // The readings are at the end of the year: the plot scrolled to them, for the screenshots.
    await page.locator('.timeline-scroll').evaluate((el) => { (el as unknown as { scrollLeft: number; scrollWidth: number }).scrollLeft = (el as unknown as { scrollWidth: number }).scrollWidth; });
    for (const lang of ['en', 'zh'] as const) {
      await page.getByLabel('Language / 语言').selectOption(lang);
      await expect.poll(() => readings.first().textContent()).toBe(lang === 'en' ? '8 km' : '8 公里');
      const { labels, svg } = await labelBoxes(page, '.timeline-odometer text');
      expect(labels.map((l) => l.text)).toEqual(READINGS.map((km) => (lang === 'en' ? `${km} km` : `${km} 公里`)));
      expect(clashes(labels), lang).toEqual([]);
      for (const l of labels) expect(l.x1 >= svg.x1 && l.x2 <= svg.x2 && l.y1 >= svg.y1 && l.y2 <= svg.y2, `${l.text} inside the drawing`).toBe(true);
      await app.screenshot(`timeline-labels-${lang}`);
    }
    await page.getByLabel('Language / 语言').selectOption('en');
  }, 60_000);

  it('places them clear of each other on the printed evidence sheet too', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const sheet = await app.host.call('print:evidence-html', { vin: VIN, paper: 'a4', landscape: false, lang });
      if (!sheet.ok) throw new Error(sheet.error.message);
      const page = await app.context.newPage();
      try {
        await page.setContent(sheet.value.html);
        const { labels } = await labelBoxes(page, 'svg text[fill="#0969da"]');
        expect(labels).toHaveLength(READINGS.length);
        expect(clashes(labels), lang).toEqual([]);
      } finally {
        await page.close();
      }
    }
  }, 60_000);
});
