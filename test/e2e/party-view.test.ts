import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPersonId } from '../../shared/party-id';
import { tempDir } from '../support/paths';
import { TWO_INVOICES, writeTwoInvoiceCase } from '../support/two-invoice-case';
import { startApp, type App } from './support/app';

/*
 * The party page as an investigator reads it, in English and then Chinese: a private buyer's ID
 * number masked as in the parties grid (and nowhere on the page whole), each figure saying what it
 * counts (3 vehicles bought on 4 invoices), the flags on the party apart from its flagged vehicles,
 * and the link chart's labels and property panel saying "flagged vehicles". One browser launch.
 */
const { trader, person, personId, vins: [v1] } = TWO_INVOICES;
/** The foreign buyer of the case: V1 declared to it twice by the trader (exports.csv rows 2 and 3). */
const consignee = 'OOO Avto Import';
const masked = maskPersonId(personId);

type CyNode = { id(): string; data(key: string): unknown; renderedPosition(): { x: number; y: number } };

/** The link chart's node labels and where each node is drawn. */
async function chartNodes(page: Page): Promise<{ id: string; label: string; at: { x: number; y: number } }[]> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="party-network"]') as unknown as { _cyreg?: { cy: { nodes(): { map<T>(f: (n: CyNode) => T): T[] } } } } | null;
    return el?._cyreg?.cy.nodes().map((n) => ({ id: n.id(), label: String(n.data('label') ?? ''), at: n.renderedPosition() })) ?? [];
  });
}

describe('the party page (browser mode)', () => {
  let app: App;
  const temp = tempDir('zeromile-e2e-party-');
  const errors: string[] = [];
  const ids = new Map<string, number>();

  beforeAll(async () => {
    const casePath = await writeTwoInvoiceCase(temp.dir);
    app = await startApp({ casePath });
    app.page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const grid = await app.host.call('grid:parties', { start: 0, end: 50, count: false });
    if (!grid.ok) throw new Error(grid.error.message);
    // The identified party of each name (the registration names 王芳 without her ID number: a party of its own).
    for (const row of grid.value.rows) if (row.party_id !== null || !ids.has(row.name)) ids.set(row.name, row.id);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    temp.remove();
  });

  const open = async (name: string) => {
    await app.page.evaluate((h) => { (globalThis as unknown as { location: { hash: string } }).location.hash = h; }, `#/party/${ids.get(name)}`);
    await app.page.locator('h1', { hasText: name }).waitFor();
  };
  const figure = (key: string) => app.page.locator(`.figures [data-figure="${key}"]`);
  /** The page's whole text and markup hold the ID number nowhere (titles and attributes included). */
  const noWholeId = async () => expect(await app.page.content()).not.toContain(personId);

  it("masks a person's ID number as the parties grid does, and says so", async () => {
    await open(person);
    await expect.poll(() => app.page.getByTestId('party-code').first().textContent()).toBe(masked);
    await app.page.getByText('masked', { exact: true }).first().waitFor();
    // Shown whole only where the analyst asks, for one print: the party's evidence pack has the print's choice.
    const pack = app.page.locator('section[aria-label="Evidence pack"]');
    await pack.locator('summary').click();
    expect(await pack.getByLabel('Show personal ID numbers in full').isChecked()).toBe(false);
    await noWholeId();
  });

  it('says what each figure counts, and tells the flags on the party from its flagged vehicles', async () => {
    const { page } = app;
    await open(trader);
    await expect.poll(() => figure('party.vehicles_bought').innerText()).toBe('3\nVehicles bought\non 4 invoices');
    expect(await figure('party.vehicles_exported').innerText()).toBe('2\nVehicles exported\non 3 declarations');
    expect(await figure('party.party_flags').innerText()).toBe('1\nFlags on this party\non the party itself, not on its vehicles');
    expect(await figure('party.flagged_vehicles').innerText()).toMatch(/^\d+\nFlagged vehicles\nbought, sold, exported or received; latest rule run$/);
    // The chart's labels count vehicles and flagged vehicles; the centre counts each vehicle once (V1: two sellers, one export).
    await expect.poll(async () => (await chartNodes(page)).length).toBeGreaterThan(3);
    const nodes = await chartNodes(page);
    const centre = nodes.find((n) => n.id === `p${ids.get(trader)}`)!;
    expect(centre.label).toMatch(new RegExp(`^${trader}\\n3 vehicles · \\d+ flagged vehicles?$`));
    // The private buyer's properties: masked, and the link's vehicles apart from the flags on the party.
    const buyer = nodes.find((n) => n.id === `p${ids.get(person)}`)!;
    // In view first: a mouse click lands only inside the viewport (the keys said above the chart pushed it down).
    await page.getByTestId('party-network').scrollIntoViewIfNeeded();
    const panel = page.getByRole('complementary', { name: 'Properties' });
    // Clicked where the node is drawn now, again until its panel shows: the layout may still be settling.
    await expect.poll(async () => {
      const at = (await chartNodes(page)).find((n) => n.id === buyer.id)!.at;
      const box = (await page.getByTestId('party-network').boundingBox())!;
      await page.mouse.click(box.x + at.x, box.y + at.y);
      return panel.getByTestId('party-code').textContent({ timeout: 1_000 }).catch(() => null);
    }, { timeout: 20_000 }).toBe(masked);
    const text = await panel.innerText();
    expect(text).toContain(`Vehicles traded with ${trader} (each once, either way)`);
    expect(text).toMatch(/Flags on this party\s+0/);
    await app.screenshot('party-view-en');
    await noWholeId();
  });

  /** The foreign buyer's vehicle list: its one row (V1), the headers, and the row's cells and source buttons. */
  const receivedList = async () => {
    await open(consignee);
    const table = app.page.getByRole('table', { name: /^(Vehicles|车辆)$/ });
    const row = table.locator(`tr[data-vin="${v1}"]`);
    await row.waitFor();
    return { table, row, rows: await table.locator('tbody tr').count(), head: await table.locator('thead').innerText(), cells: await row.locator('td').allInnerTexts() };
  };

  it('lists the vehicles a foreign buyer received: the first declaration to it, the exporter that sent it, and its source row', async () => {
    const { page } = app;
    const { row, rows, head, cells } = await receivedList();
    expect(rows).toBe(1);
    expect(head.split(/\t|\n/).filter(Boolean)).toEqual(['VIN', 'Bought', 'Exported', 'Destination', 'Days', 'Received (consignee)', 'Sent by (exporter)', 'Sources']);
    expect(cells[0]).toBe(v1);
    expect(await row.getByTestId('received-on').innerText()).toBe('20 Feb 2024');
    expect(cells[6]).toBe(trader);
    expect(await row.getByRole('link', { name: trader }).getAttribute('href')).toBe(`#/party/${ids.get(trader)}`);
    // D-1 of 2024-02-20, not D-2 of two days later: its row of exports.csv, opened as every source is.
    await row.getByRole('button', { name: 'Received: exports.csv row 2' }).click();
    const dialog = page.getByRole('dialog', { name: 'Source of this record' });
    await expect.poll(() => dialog.innerText()).toContain('D-1');
    expect(await dialog.innerText()).toContain('OOO Avto Import');
    await app.screenshot('party-vehicles-received-en');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The trader's own list has no received columns: it received nothing.
    await open(trader);
    const traderTable = page.getByRole('table', { name: 'Vehicles' });
    await traderTable.locator('tbody tr').first().waitFor();
    expect(await traderTable.locator('thead').innerText()).not.toContain('Received');
    expect(await traderTable.locator(`tr[data-vin="${v1}"]`).getByRole('button', { name: 'Export: exports.csv row 2' }).count()).toBe(1);
  });

  it('says the same in Chinese', async () => {
    const { page } = app;
    await page.getByLabel('Language / 语言').selectOption('zh');
    await open(trader);
    await expect.poll(() => figure('party.vehicles_bought').innerText()).toBe('3\n购入车辆\n发票 4 张');
    expect(await figure('party.vehicles_exported').innerText()).toBe('2\n出口车辆\n报关单 3 份');
    expect(await figure('party.party_flags').innerText()).toBe('1\n针对该主体的预警\n针对主体本身，而非其车辆');
    expect(await figure('party.flagged_vehicles').innerText()).toMatch(/^\d+\n预警车辆\n/);
    await expect.poll(async () => (await chartNodes(page)).find((n) => n.id === `p${ids.get(trader)}`)?.label ?? '').toMatch(/\n3 辆 · 预警车辆 \d+ 辆$/);
    await open(person);
    await expect.poll(() => page.getByTestId('party-code').first().textContent()).toBe(masked);
    await page.getByText('已遮蔽', { exact: true }).first().waitFor();
    await app.screenshot('party-view-zh');
    await noWholeId();
    expect(errors).toEqual([]);
  });

  it("lists a foreign buyer's received vehicles in Chinese", async () => {
    const { row, rows, head } = await receivedList();
    expect(rows).toBe(1);
    expect(head).toContain('收货（境外收货人）');
    expect(head).toContain('发货人（出口商）');
    expect(head).toContain('来源');
    expect(await row.getByRole('link', { name: trader }).count()).toBe(1);
    await row.getByRole('button', { name: '收货: exports.csv 第 2 行' }).click();
    const dialog = app.page.getByRole('dialog', { name: '记录来源' });
    await expect.poll(() => dialog.innerText()).toContain('D-1');
    await app.screenshot('party-vehicles-received-zh');
    expect(errors).toEqual([]);
  });
});
