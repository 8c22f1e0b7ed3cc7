import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withCheckDigit } from '../../shared/vin';
import { startApp, type App } from './support/app';

/*
 * Probe 56 item 7: the ownership chain opened scrolled sideways, its first holder cut at the left
 * edge with nothing saying so, and the dashed open hand-over from Bob back to the exporter was drawn
 * straight through the foreign buyer's node. Now the chain opens at its first holder where the
 * element it looks at is in view (1400 x 900), says it is scrolled where it is not (1024 x 700, with
 * a button back to the start), and no edge passes through a node it does not join, as Cytoscape
 * drew them, in English and Chinese. Screenshots in test/output/chain-view-*.png.
 */
const VIN = withCheckDigit('LGXCE4CB0TA900001');

type Box = { x1: number; y1: number; x2: number; y2: number };
type Pt = { x: number; y: number };
type Drawn = {
  scrollLeft: number; clientWidth: number; scrollWidth: number;
  nodes: { id: string; name: string; box: Box }[];
  edges: { id: string; source: string; target: string; from: Pt; to: Pt; controls: Pt[] | null }[];
};

/** The chain as Cytoscape drew it (screen pixels inside the drawing) and how far its frame is scrolled. */
async function drawn(page: Page): Promise<Drawn> {
  return page.evaluate(() => {
    type El = {
      id(): string; data(k: string): unknown; renderedBoundingBox(o: object): Box; renderedSourceEndpoint(): Pt;
      renderedTargetEndpoint(): Pt; renderedControlPoints(): Pt[] | undefined;
    };
    type Coll = { map<T>(f: (e: El) => T): T[] };
    const el = document.querySelector('[data-testid="chain-graph"]') as unknown as { _cyreg?: { cy: { nodes(): Coll; edges(): Coll } }; parentElement: { scrollLeft: number; clientWidth: number; scrollWidth: number } };
    const cy = el._cyreg!.cy;
    const frame = el.parentElement;
    const controls = (e: El) => { try { return e.renderedControlPoints() ?? null; } catch { return null; } };
    return {
      scrollLeft: frame.scrollLeft, clientWidth: frame.clientWidth, scrollWidth: frame.scrollWidth,
      nodes: cy.nodes().map((n) => ({ id: n.id(), name: String(n.data('label')).split('\n')[0]!, box: n.renderedBoundingBox({ includeLabels: false }) })),
      edges: cy.edges().map((e) => ({
        id: e.id(), source: String(e.data('source')), target: String(e.data('target')),
        from: e.renderedSourceEndpoint(), to: e.renderedTargetEndpoint(), controls: controls(e),
      })),
    };
  });
}

/** Points along an edge as drawn: a straight line, or the quadratic curve through its control point. */
function along(e: Drawn['edges'][number]): Pt[] {
  const c = e.controls && e.controls.length === 1 ? e.controls[0]! : null;
  if (e.controls && e.controls.length > 1) throw new Error(`${e.id}: ${e.controls.length} control points`);
  return Array.from({ length: 101 }, (_, i) => {
    const t = i / 100;
    const u = 1 - t;
    return c
      ? { x: u * u * e.from.x + 2 * u * t * c.x + t * t * e.to.x, y: u * u * e.from.y + 2 * u * t * c.y + t * t * e.to.y }
      : { x: u * e.from.x + t * e.to.x, y: u * e.from.y + t * e.to.y };
  });
}

/** Each edge that passes through the box of a node it does not join, as "edge / node". */
function throughNodes(d: Drawn): string[] {
  return d.edges.flatMap((e) => d.nodes
    .filter((n) => n.id !== e.source && n.id !== e.target)
    .filter((n) => along(e).some((p) => p.x > n.box.x1 && p.x < n.box.x2 && p.y > n.box.y1 && p.y < n.box.y2))
    .map((n) => `${e.id} / ${n.name}`));
}

const inView = (d: Drawn, box: Box) => box.x1 - d.scrollLeft >= 0 && box.x2 - d.scrollLeft <= d.clientWidth;

async function openVehicle(page: Page): Promise<Drawn> {
  // Away first, so the vehicle page is drawn anew at this window's size.
  await page.evaluate(() => { location.hash = '#/overview'; });
  await page.locator('[data-testid="chain-graph"]').waitFor({ state: 'detached', timeout: 20_000 });
  await page.evaluate((v) => { location.hash = `#/vehicle/${v}`; }, VIN);
  await page.locator('[data-testid="chain-graph"] canvas').first().waitFor({ timeout: 20_000 });
  await expect.poll(async () => (await drawn(page)).nodes.length, { timeout: 20_000 }).toBe(5);
  await page.waitForTimeout(300);
  await page.locator('[data-testid="chain-graph"]').scrollIntoViewIfNeeded();
  return drawn(page);
}

describe('ownership chain: opens at its first holder, edges around the nodes (browser mode)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({
      setup: async (host, dir) => {
        // Maker -> exporter -> 王伟 (sales); 王伟 and Bob registered the same day (Bob's hand-over is
        // open); the exporter declares it to TOO Test Import, whose open hand-over runs back from Bob.
        const files = {
          'sales.csv': ['invoice_no,invoice_date,vin,seller,seller_id,buyer,buyer_id,price,invoice_type',
            `2000000101,2026-01-01,${VIN},比亚迪汽车工业有限公司,914403007261824992,深圳测试贸易有限公司,91440300MA5FTEST01,168000,new`,
            `2000000102,2026-01-05,${VIN},深圳测试贸易有限公司,91440300MA5FTEST01,王伟,,170000,used`],
          'regs.csv': ['vin,owner,registration_date,event,city,plate,odometer_km',
            `${VIN},王伟,2026-01-06,initial,深圳市,粤B·TEST1,5`, `${VIN},Bob,2026-01-06,initial,,,`,
            `${VIN},王伟,2026-01-20,deregistration,深圳市,粤B·TEST1,12`],
          'exports.csv': ['declaration_no,declaration_date,vin,exporter,exporter_id,consignee,destination_country,port,declared_value,odometer_km,condition',
            `531620260000000001,2026-01-21,${VIN},深圳测试贸易有限公司,91440300MA5FTEST01,TOO Test Import,KZ,深圳海关,160000,12,used`],
        };
        for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), `${lines.join('\r\n')}\r\n`);
        const imported = await host.call('import:files', { files: Object.keys(files).map((name) => ({ path: join(dir, name), name })) });
        if (!imported.ok) throw new Error(imported.error.message);
      },
    });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`at 1400 x 900 (${lang}) opens with the first holder in view and no edge through another node`, { timeout: 60_000 }, async () => {
      const { page } = app;
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.getByLabel('Language / 语言').selectOption(lang);
      const d = await openVehicle(page);
      await app.screenshot(`chain-view-1400-${lang}`);
      expect(d.scrollLeft).toBe(0);
      const first = d.nodes.find((n) => n.id === 'h0')!;
      expect(first.name).toBe('比亚迪汽车工业有限公司');
      expect(inView(d, first.box)).toBe(true);
      expect(throughNodes(d)).toEqual([]);
      // The open hand-over from Bob back to the exporter is the edge that was drawn through the buyer.
      const back = d.edges.find((e) => d.nodes.find((n) => n.id === e.source)!.name === 'Bob' && e.target === 'h1');
      expect(back?.controls?.length).toBe(1);
      // Nothing is cut at the left, and the frame scrolls only as far as the drawing reaches:
      // here nothing is out of view at the right either (the frame scrolled 150 px into blank room).
      expect(await page.getByTestId('graph-scrolled').count()).toBe(0);
      expect(await page.getByTestId('graph-more').count()).toBe(0);
      expect(d.scrollWidth).toBeLessThanOrEqual(d.clientWidth);
      expect(Math.max(...d.nodes.map((n) => n.box.x2))).toBeLessThan(d.clientWidth);
    });

    it(`at 1024 x 700 (${lang}) shows the first holder or says the drawing is scrolled, with a way back`, { timeout: 60_000 }, async () => {
      const { page } = app;
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.getByLabel('Language / 语言').selectOption(lang);
      const d = await openVehicle(page);
      await app.screenshot(`chain-view-1024-${lang}`);
      expect(throughNodes(d)).toEqual([]);
      const first = d.nodes.find((n) => n.id === 'h0')!;
      // The drawing is wider than the frame here: the end out of view says so.
      expect(d.scrollWidth).toBeGreaterThan(d.clientWidth);
      expect(await page.getByTestId('graph-more').textContent()).toBe(lang === 'en' ? 'More ▶' : '向右还有 ▶');
      if (!inView(d, first.box)) {
        const back = page.getByTestId('graph-scrolled');
        expect(await back.textContent()).toBe(lang === 'en' ? '◀ Start of the drawing' : '◀ 回到图的开头');
        await back.click();
        await expect.poll(async () => (await drawn(page)).scrollLeft).toBe(0);
        expect(inView(await drawn(page), first.box)).toBe(true);
        await expect.poll(() => page.getByTestId('graph-scrolled').count()).toBe(0);
        await app.screenshot(`chain-view-1024-${lang}-start`);
      }
    });
  }
});
