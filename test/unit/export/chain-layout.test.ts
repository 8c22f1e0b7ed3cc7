import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainHolder, PartyRole, VehicleChain } from '../../../shared/contract/chain';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '../../../electron/backend/export/chromium-print';
import { chainSvg } from '../../../electron/backend/export/evidence/chain-svg';
import { evidenceSheetHtml } from '../../../electron/backend/export/evidence/evidence-sheet';
import type { EvidenceSheetData } from '../../../electron/backend/export/evidence/evidence-data';

/**
 * Layout of the chain graph for a long chain (a vehicle passed between many traders): rows wrap,
 * nothing leaves the drawing, and on paper the drawing fits the printable width of each paper.
 */
const ROLES: PartyRole[] = ['maker', 'dealer', 'trader', 'trader', 'trader', 'trader', 'trader', 'exporter', 'foreign_buyer'];
const evidence = { record_kind: 'sales' as const, record_id: 1, document_id: 1, document_sha256: 'a'.repeat(64), file_name: 'sales.csv', sheet: null, row: 2, page: null };

function longChain(): VehicleChain {
  const holders: ChainHolder[] = ROLES.map((role, i) => ({
    party_id: i + 1, name: i % 2 ? `第${i}号四川省零公里汽车国际贸易有限责任公司` : `Trading House Number ${i} International Limited Liability Company`,
    role, party_code: null, acquired: `2024-02-${String(i + 1).padStart(2, '0')}`, price: 100_000 + i, days_held: 1, evidence, by_name: [],
  }));
  return {
    vin: 'LGXCE4CB7N2123456',
    vehicle: { maker: 'BYD', model_year: 2022, make: 'BYD', model: 'Song', fuel_type: 'PHEV', production_date: '2024-01-01' },
    holders,
    links: holders.slice(1).map((h, i) => ({ from: i, to: i + 1, date: h.acquired!, price: h.price, currency: 'CNY', days_held: 1, kind: 'sale' as const, evidence })),
    gaps: [],
    timeline: [],
  };
}

describe('chain graph layout', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM, args: [...CHROMIUM_FLAGS] }); });
  afterAll(() => browser.close());

  it('wraps a long chain onto rows inside the drawing', () => {
    const svg = chainSvg(longChain(), { perRow: 3, standalone: true });
    const [, width, height] = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg)!.map(Number) as [number, number, number];
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="200" height="92"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(rects).toHaveLength(ROLES.length);
    expect(new Set(rects.map(([, y]) => y)).size).toBe(3);
    for (const [x, y] of rects) {
      expect(x + 200).toBeLessThanOrEqual(width);
      expect(y + 92).toBeLessThanOrEqual(height);
    }
    // Long names are cut with an ellipsis in the box but kept whole in the title.
    expect(svg).toContain('<title>Trading House Number 0 International Limited Liability Company</title>');
  });

  it.each([
    ['a4', false], ['a4', true], ['letter', false], ['letter', true],
  ] as const)('fits the printable width of %s (landscape %s) without cutting', async (paper, landscape) => {
    const data: EvidenceSheetData = {
      header: { title: 'Case', case_number: '1', classification: 'SECRET', analyst: 'A', subject: null, organisation: null, printed: '2026-11-28T00:00:00Z', audit_head: '0'.repeat(64) },
      chain: longChain(), run: null, flags: [], notes: [], sources: [],
    };
    const html = evidenceSheetHtml(data, { paper, landscape, unmaskIds: false });
    const mm = (paper === 'a4' ? (landscape ? 297 : 210) : (landscape ? 279.4 : 215.9)) - 26;
    const page = await browser.newPage({ viewport: { width: Math.floor((mm / 25.4) * 96), height: 1000 } });
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html);
    // A string, because this project's Node typings carry no DOM.
    const box = await page.evaluate(`(() => {
      const svg = document.querySelector('.graph svg');
      const r = svg.getBoundingClientRect();
      const view = svg.viewBox.baseVal;
      return { right: r.right, width: r.width, height: r.height, page: document.documentElement.clientWidth, viewWidth: view.width, viewHeight: view.height };
    })()`) as { right: number; width: number; height: number; page: number; viewWidth: number; viewHeight: number };
    await page.close();
    expect(box.right).toBeLessThanOrEqual(box.page + 0.5);
    expect(box.width).toBeGreaterThan(box.page * 0.6);
    // Drawn whole: the box keeps the drawing's proportions (meet), so no part is clipped.
    expect(Math.abs(box.width / box.height - box.viewWidth / box.viewHeight)).toBeLessThan(0.02);
    // Names stay legible: 11.5 px text scaled to at least 5.5 px.
    expect((11.5 * box.width) / box.viewWidth).toBeGreaterThan(5.5);
  }, 60_000);
});
