import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { buildChain } from '../../electron/backend/graph/chain';
import { latestRunId } from '../../electron/backend/casefile/latest-run';
import { countPartyFlaggedVins } from '../../electron/backend/queries/party-queries';
import { layoutChain } from '../../renderer/src/lib/chain-layout';
import { OUTPUT_DIR, startApp, type App } from './support/app';
import { replaceOnlyWhenAsked, screensShown } from './support/case-steps';

/*
 * The link chart an analyst works in, end to end on the demo case: the busiest exporter's network
 * opens grouped, with labels of at least 11 px on screen and none over another; a group opens on
 * click; a country filter keeps that country's consignees; a click opens a node's property panel;
 * the party's flagged vehicles are shown on one time axis, paged, and saved as one evidence pack
 * (cover, contents, page x of y).
 * A vehicle's chain at 1024 x 700: its fragments in rows, no label over another, every label at
 * least 11 px on screen, a sale after the export and the open hand-overs marked and counted in the
 * legend. No console errors or warnings on the way. Screenshots in test/output/link-chart-*.png.
 */
type Box = { x1: number; y1: number; x2: number; y2: number };
type NodeView = { id: string; kind: string; country: string | null; members: number; fontPx: number; label: Box; at: { x: number; y: number } };
type CyNode = {
  id(): string; data(key: string): unknown; style(key: string): string; renderedPosition(): { x: number; y: number };
  renderedBoundingBox(o: object): Box;
};
type CyLike = { zoom(): number; nodes(): { map<T>(f: (n: CyNode) => T): T[] }; edges(): { map<T>(f: (n: CyNode) => T): T[] } };
type LabelView = { id: string; text: string; fontPx: number; box: Box; classes: string; colour: string; fragment: number | null };

/** Every label the chain graph drew (holders and links), in screen pixels. */
async function chainLabels(page: Page): Promise<LabelView[]> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="chain-graph"]') as unknown as { _cyreg?: { cy: CyLike } } | null;
    const cy = el?._cyreg?.cy;
    if (!cy) return [];
    const view = (n: CyNode & { classes?: () => string[] }) => ({
      id: n.id(), text: String(n.data('label') ?? ''), fontPx: parseFloat(n.style('font-size')) * cy.zoom(),
      box: n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }),
      classes: (n as unknown as { className(): string[] }).className().join(' '), colour: n.style('line-color'),
      fragment: n.data('fragment') === undefined ? null : Number(n.data('fragment')),
    });
    return [...cy.nodes().map(view), ...cy.edges().map(view)];
  });
}

/** What Cytoscape drew: every node's kind, label box and label size in screen pixels. */
async function drawn(page: Page): Promise<NodeView[]> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="party-network"]') as unknown as { _cyreg?: { cy: CyLike } } | null;
    const cy = el?._cyreg?.cy;
    if (!cy) return [];
    return cy.nodes().map((n) => ({
      id: n.id(), kind: String(n.data('kind')), country: (n.data('country') as string | null) ?? null, members: Number(n.data('members')),
      fontPx: parseFloat(n.style('font-size')) * cy.zoom(),
      label: n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }),
      at: n.renderedPosition(),
    }));
  });
}

const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** Clicks a node where Cytoscape drew it. */
async function clickNode(page: Page, node: NodeView): Promise<void> {
  const box = (await page.locator('[data-testid="party-network"]').boundingBox())!;
  await page.mouse.click(box.x + node.at.x, box.y + node.at.y);
}

describe('link chart (browser mode)', () => {
  let app: App;
  let partyId = 0;
  /** A vehicle whose records leave two fragments (an open hand-over), and one sold after its export. */
  let twoRows = '';
  let afterExport = '';
  /** Records of twoRows in the case file (a vehicle record counts when it gives a production date). */
  let twoRowsRecords = 0;
  const problems: string[] = [];

  beforeAll(async () => {
    app = await startApp({ demo: { vehicles: 1000, seed: 3 }, viewport: { width: 1400, height: 1000 } });
    app.page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    app.page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    const caseFile = openCaseFile(app.casePath!, { readonly: true });
    try {
      partyId = (caseFile.db.prepare('SELECT exporter_party_id FROM exports GROUP BY 1 ORDER BY count(DISTINCT vin) DESC, 1 LIMIT 1').pluck().get() as number);
      for (const vin of caseFile.db.prepare('SELECT vin FROM vehicles ORDER BY vin').pluck().all() as string[]) {
        const layout = layoutChain(buildChain(caseFile.db, vin));
        if (!twoRows && layout.fragments >= 2) twoRows = vin;
        if (!afterExport && layout.links.some((l) => l.anomalies.includes('after_export'))) afterExport = vin;
        if (twoRows && afterExport) break;
      }
      twoRowsRecords = caseFile.db.prepare(`SELECT (SELECT count(*) FROM vehicle_records WHERE vin = @vin AND production_date IS NOT NULL)
        + (SELECT count(*) FROM sales WHERE vin = @vin) + (SELECT count(*) FROM registrations WHERE vin = @vin) + (SELECT count(*) FROM exports WHERE vin = @vin)
        + (SELECT count(*) FROM shipments WHERE vin = @vin) + (SELECT count(*) FROM confirmations WHERE vin = @vin)`).pluck().get({ vin: twoRows }) as number;
    } finally {
      caseFile.close();
    }
    await app.page.reload();
    await screensShown(app.page);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('opens the busiest exporter grouped, with readable labels that do not overlap', async () => {
    const { page } = app;
    await page.evaluate((id) => { location.hash = `#/party/${id}`; }, partyId);
    await page.locator('[data-testid="party-network"]').waitFor();
    await expect.poll(async () => (await drawn(page)).length, { timeout: 20_000 }).toBeGreaterThan(2);
    const nodes = await drawn(page);
    expect(nodes.filter((n) => n.kind === 'group').length).toBeGreaterThan(0);
    expect(nodes.length).toBeLessThanOrEqual(30);
    for (const n of nodes) expect(n.fontPx, n.id).toBeGreaterThanOrEqual(11);
    const clashes = nodes.flatMap((a, i) => nodes.slice(i + 1).filter((b) => overlap(a.label, b.label)).map((b) => `${a.id} / ${b.id}`));
    expect(clashes).toEqual([]);
    await page.locator('[data-testid="party-network"]').scrollIntoViewIfNeeded();
    await app.screenshot('link-chart-1-grouped');
  });

  it('opens a group on click', async () => {
    const { page } = app;
    const before = await drawn(page);
    const group = before.filter((n) => n.kind === 'group').sort((a, b) => a.members - b.members)[0]!;
    await clickNode(page, group);
    await expect.poll(async () => (await drawn(page)).some((n) => n.id === group.id)).toBe(false);
    const after = await drawn(page);
    expect(after.length).toBe(before.length - 1 + group.members);
    await app.screenshot('link-chart-2-group-opened');
  });

  it('filters by country and opens a node\'s property panel', async () => {
    const { page } = app;
    const countries = await page.getByLabel('Country', { exact: true }).locator('option').allTextContents();
    const country = countries.find((c) => /^[A-Z]{2}$/.test(c))!;
    await page.getByLabel('Country', { exact: true }).selectOption(country);
    await expect.poll(async () => (await drawn(page)).filter((n) => n.id !== `p${partyId}`).every((n) => n.country === country)).toBe(true);
    const kept = (await drawn(page)).filter((n) => n.id !== `p${partyId}`);
    expect(kept.length).toBeGreaterThan(0);
    await page.getByRole('status').filter({ hasText: 'hidden or filtered out' }).waitFor();
    await clickNode(page, kept[0]!);
    const panel = page.getByRole('complementary', { name: 'Properties' });
    await panel.waitFor();
    await expect.poll(() => panel.textContent()).toContain('USCC / ID');
    await expect.poll(() => panel.textContent()).toContain('Flags');
    await app.screenshot('link-chart-3-country-filter-panel');
    await panel.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Reset' }).click();
  });

  it('is used by keyboard: Enter in Find opens the found node and gives the chart the focus, arrows move, Enter opens', async () => {
    const { page } = app;
    const chartEl = page.locator('[data-testid="party-network"]');
    expect(await chartEl.getAttribute('tabindex')).toBe('0');
    const parties = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="party-network"]') as unknown as { _cyreg?: { cy: CyLike } } | null;
      return el?._cyreg?.cy.nodes().map((n) => ({ id: n.id(), kind: String(n.data('kind')), label: String(n.data('label')) })) ?? [];
    });
    const other = parties.find((n) => n.kind === 'party' && n.id !== `p${partyId}`)!;
    const name = other.label.split('\n')[0]!;
    const find = page.getByLabel('Find in the network');
    await find.fill(name);
    await find.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Properties' });
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain(name);
    await expect.poll(() => chartEl.getAttribute('data-keyboard-node')).toBe(other.id);
    expect(await chartEl.evaluate((el) => el === document.activeElement && getComputedStyle(el).outlineStyle === 'solid')).toBe(true);
    await panel.getByRole('button', { name: 'Close' }).click();
    // Arrows move the ring to another node; Enter opens that node as a click does.
    await chartEl.focus();
    await page.keyboard.press('ArrowRight');
    const next = await chartEl.getAttribute('data-keyboard-node');
    expect(next).not.toBe(other.id);
    const target = parties.find((n) => n.id === next)!;
    await page.keyboard.press('Enter');
    if (target.kind === 'group') await expect.poll(async () => (await drawn(page)).some((n) => n.id === target.id)).toBe(false);
    else await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain(target.label.split('\n')[0]!);
    await page.getByRole('button', { name: 'Reset' }).click();
  });

  it('shows the party\'s flagged vehicles on one time axis, a page at a time', async () => {
    const { page } = app;
    const rows = page.getByTestId('party-timelines');
    await rows.scrollIntoViewIfNeeded();
    await expect.poll(() => rows.getAttribute('data-vehicles')).toBe('10');
    const caseFile = openCaseFile(app.casePath!, { readonly: true });
    try {
      const status = await page.getByRole('status').filter({ hasText: /^Vehicles 1–10 of \d+$/ }).textContent();
      const total = Number(/of (\d+)/.exec(status!)![1]);
      expect(total).toBe(countPartyFlaggedVins(caseFile.db, partyId, latestRunId(caseFile.db)));
      // Each row: one mark per record of that vehicle, and the zero-mileage window.
      for (const vin of await rows.locator('g[data-vin]').evaluateAll((gs) => gs.slice(0, 3).map((g) => g.getAttribute('data-vin')!))) {
        expect(await rows.locator(`g[data-vin="${vin}"] .timeline-mark`).count()).toBe(buildChain(caseFile.db, vin).timeline.length);
      }
      await app.screenshot('link-chart-4a-party-timelines');
      const first = await rows.locator('g[data-vin]').first().getAttribute('data-vin');
      await page.getByRole('button', { name: 'Next vehicles' }).click();
      await expect.poll(() => rows.locator('g[data-vin]').first().getAttribute('data-vin')).not.toBe(first);
      await page.getByRole('button', { name: 'Previous vehicles' }).click();
      await expect.poll(() => rows.locator('g[data-vin]').first().getAttribute('data-vin')).toBe(first);
    } finally {
      caseFile.close();
    }
  });

  it('saves the party\'s flagged vehicles as one evidence pack, asking where in the save dialog and before replacing a file', async () => {
    const { page } = app;
    // Nothing is written before the dialog's Save PDF: the panel has no path of its own, the dialog asks as Export… and Save as PDF do.
    const panel = page.locator('section[aria-label="Evidence pack"]');
    expect(await panel.locator('input:not([type=checkbox])').count()).toBe(0);
    await panel.getByRole('button', { name: 'Save evidence pack (PDF)…' }).click();
    await page.getByRole('dialog', { name: 'Save the evidence pack as PDF' }).waitFor();
    // Found by its role: its name follows the screen's language below.
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('A4, Portrait');
    // The path offered: beside the case file, in a folder browser mode lets the page write to, named after the party; it has the focus.
    const path = dialog.getByLabel('Save to (a path on the computer running ZeroMile)');
    await expect.poll(() => path.inputValue()).toMatch(/evidence pack party \d+\.pdf$/);
    expect(await path.evaluate((input) => input === document.activeElement)).toBe(true);
    const out = await path.inputValue();
    expect(out.startsWith(app.dir)).toBe(true);
    // A file already at the path is replaced only once the analyst says so (the export's and the PDF's question).
    await replaceOnlyWhenAsked(dialog, dialog.getByRole('button', { name: 'Save PDF' }), out);
    const saved = dialog.locator('[data-outcome="saved"]');
    await saved.waitFor({ timeout: 150_000 });
    await app.screenshot('link-chart-4-pack-saved');
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))![1]);
    expect(await saved.textContent()).toContain(`${pages} pages`);
    // The line follows a switch of language (it stayed English).
    await page.getByLabel('Language / 语言').selectOption('zh');
    await expect.poll(() => saved.textContent()).toContain(`共 ${pages} 页，至 ${out}`);
    expect(await page.getByRole('dialog', { name: '将证据包保存为 PDF' }).count()).toBe(1);
    await page.getByLabel('Language / 语言').selectOption('en');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const cover = execFileSync('pdftotext', ['-f', '1', '-l', '1', out, '-'], { encoding: 'utf8' });
    expect(cover).toMatch(/Evidence\s+pack/);
    expect(cover).toContain('Audit chain head');
    expect(cover).toContain(`Page 1 of ${pages}`);
    const last = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), out, '-'], { encoding: 'utf8' });
    expect(last).toContain(`Page ${pages} of ${pages}`);
    // The contents are right: the summary's page for the first vehicle is where its sheet starts.
    const summary = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', out, '-'], { encoding: 'utf8' });
    const first = /\s1\s+([A-HJ-NPR-Z0-9]{17})\s.*?\s(\d+)\s*$/m.exec(summary)!;
    const sheet = execFileSync('pdftotext', ['-f', first[2]!, '-l', first[2]!, out, '-'], { encoding: 'utf8' });
    expect(sheet).toContain(`Evidence sheet: ${first[1]}`);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', out, join(OUTPUT_DIR, 'link-chart-5-pack-cover')]);
  }, 180_000);

  it('lays a vehicle\'s fragments out in rows, at 1024 x 700, with readable labels none over another', async () => {
    const { page } = app;
    expect(twoRows).not.toBe('');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.evaluate((vin) => { location.hash = `#/vehicle/${vin}`; }, twoRows);
    const graph = page.locator('[data-testid="chain-graph"]');
    await graph.waitFor();
    await expect.poll(async () => (await chainLabels(page)).length, { timeout: 20_000 }).toBeGreaterThan(3);
    const labels = await chainLabels(page);
    for (const l of labels) expect(l.fontPx, l.id).toBeGreaterThanOrEqual(11);
    const clashes = labels.flatMap((a, i) => labels.slice(i + 1).filter((b) => a.text && b.text && overlap(a.box, b.box)).map((b) => `${a.id} / ${b.id}`));
    expect(clashes).toEqual([]);
    // The second fragment is a row of its own: below every holder of the first, label included.
    const rows = [0, 1].map((f) => labels.filter((l) => l.fragment === f));
    expect(rows[1]!.length).toBeGreaterThan(0);
    expect(Math.min(...rows[1]!.map((l) => l.box.y1))).toBeGreaterThan(Math.max(...rows[0]!.map((l) => l.box.y2)));
    const gaps = labels.filter((l) => l.classes.includes('gap'));
    expect(gaps.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('chain-legend').locator('[data-anomaly="gap"]').textContent()).toContain(`(${gaps.length})`);
    await graph.scrollIntoViewIfNeeded();
    await app.screenshot('link-chart-6-chain-rows-1024');
  });

  it('draws the vehicle\'s timeline: one mark per record, each opening its source', async () => {
    const { page } = app;
    const chart = page.getByTestId('timeline-chart');
    await chart.scrollIntoViewIfNeeded();
    const marks = chart.locator('.timeline-mark');
    expect(twoRowsRecords).toBeGreaterThan(3);
    expect(await marks.count()).toBe(twoRowsRecords);
    expect(await chart.locator('.timeline-window').count()).toBe(1);
    expect(await chart.locator('.timeline-odometer').count()).toBe(1);
    // The tooltip names the record's document and row; a click opens that source.
    const first = marks.first();
    expect(await first.locator('title').textContent()).toMatch(/— .+ row \d+/);
    await app.screenshot('link-chart-8-timeline');
    await first.click();
    const dialog = page.getByRole('dialog', { name: 'Source of this record' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('marks a sale after the export in colour and in the legend', async () => {
    const { page } = app;
    expect(afterExport).not.toBe('');
    await page.evaluate((vin) => { location.hash = `#/vehicle/${vin}`; }, afterExport);
    await page.locator('[data-testid="chain-graph"]').waitFor();
    await expect.poll(async () => (await chainLabels(page)).some((l) => l.classes.includes('after-export')), { timeout: 20_000 }).toBe(true);
    const marked = (await chainLabels(page)).filter((l) => l.classes.includes('after-export'));
    expect(marked[0]!.colour).toBe('rgb(207,34,46)');
    expect(marked[0]!.text).toContain('after export');
    await expect.poll(() => page.getByTestId('chain-legend').locator('[data-anomaly="after_export"]').textContent()).toContain(`(${marked.length})`);
    await page.locator('[data-testid="chain-graph"]').scrollIntoViewIfNeeded();
    await app.screenshot('link-chart-7-after-export');
  });

  it('said nothing on the console (no CSP meta error, favicon 404 or Cytoscape warning)', () => {
    expect(problems).toEqual([]);
  });
});
