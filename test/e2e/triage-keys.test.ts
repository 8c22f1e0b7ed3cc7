import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FlagRow, ReviewStatus } from '../../shared/contract/flags';
import { startApp, type App } from './support/app';

/*
 * A day's triage by keyboard only, in English then in Chinese: a filtered queue opens with the
 * keyboard on its first row; 20 flags get a verdict each (confirm, dismiss with a reason typed
 * into the dialog and saved with Ctrl+Enter, follow-up), moving on with ↓, and after every key
 * the focus is on the row it should be. A vehicle opened with Enter steps to the next flag of
 * the same queue with j, takes a verdict key, and Esc brings the queue back on that flag's row.
 */
type Globals = { location: { hash: string }; document: { activeElement: { closest(s: string): { getAttribute(a: string): string | null } | null } | null } };

async function goto(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => { (globalThis as unknown as Globals).location.hash = h; }, hash);
}

/** The row index of the grid row holding the keyboard focus, or null when the focus is elsewhere. */
async function focusedRow(page: Page): Promise<number | null> {
  const at = await page.evaluate(() => (globalThis as unknown as Globals).document.activeElement?.closest('.ag-row')?.getAttribute('row-index') ?? null);
  return at === null ? null : Number(at);
}

const cell = (page: Page, row: number, col: string) => page.locator(`.grid .ag-row[row-index="${row}"] .ag-cell[col-id="${col}"]`);

type Words = { status: Record<ReviewStatus, string>; reasonLabel: string; dialogKeys: RegExp; required: string };
const WORDS: Record<'en' | 'zh', Words> = {
  en: { status: { open: 'Open', confirmed: 'Confirmed', dismissed: 'Dismissed', follow_up: 'Follow-up' }, reasonLabel: 'Why is this flag not a finding?', dialogKeys: /Ctrl\+Enter saves/, required: 'A reason is required to dismiss.' },
  zh: { status: { open: '待审', confirmed: '已确认', dismissed: '已排除', follow_up: '待跟进' }, reasonLabel: '为什么此预警不成立？', dialogKeys: /Ctrl\+Enter 保存/, required: '排除预警必须填写理由。' },
};

describe('keyboard triage of a filtered flag queue', () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp({ demo: { vehicles: 400, seed: 7 }, viewport: { width: 1024, height: 700 } });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  async function triage(lang: 'en' | 'zh', query: string): Promise<void> {
    const { page, host } = app;
    const words = WORDS[lang];
    await page.locator('body').click({ position: { x: 1, y: 1 } }).catch(() => undefined);
    await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { blur?(): void } | null } }).document.activeElement?.blur?.());
    await goto(page, `#/flags?${query}`);
    // The queue takes the keyboard on its first row by itself.
    await expect.poll(() => focusedRow(page), { timeout: 15_000 }).toBe(0);
    const verdicts: ReviewStatus[] = ['confirmed', 'dismissed', 'follow_up'];
    const given = new Map<string, ReviewStatus>();
    for (let i = 0; i < 20; i++) {
      const vin = (await cell(page, i, 'vin').textContent())?.trim() ?? '';
      const status = verdicts[i % 3]!;
      await page.keyboard.press(status === 'confirmed' ? 'c' : status === 'dismissed' ? 'd' : 'f');
      if (status === 'dismissed') {
        const reason = page.getByLabel(words.reasonLabel);
        await expect.poll(() => reason.evaluate((el) => el === (el.ownerDocument.activeElement as unknown)), { timeout: 10_000 }).toBe(true);
        if (i === 1) {
          // An empty reason is refused and the focus stays in the field, where typing goes on.
          await expect.poll(() => page.getByText(words.dialogKeys).count(), { timeout: 10_000 }).toBe(1);
          await page.keyboard.press('Control+Enter');
          await page.getByText(words.required).waitFor();
          await expect.poll(() => reason.evaluate((el) => el === (el.ownerDocument.activeElement as unknown)), { timeout: 10_000 }).toBe(true);
        }
        await page.keyboard.type(`${lang} keyboard triage ${i}: dealer stock, export licence on file`);
        await page.keyboard.press('Control+Enter');
      }
      await expect.poll(() => cell(page, i, 'status').textContent(), { timeout: 10_000 }).toBe(words.status[status]);
      await expect.poll(() => focusedRow(page), { timeout: 10_000 }).toBe(i);
      given.set(vin, status);
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => focusedRow(page), { timeout: 10_000 }).toBe(i + 1);
    }
    if (lang === 'en') await app.screenshot('triage-keys-queue-1024');
    else await app.screenshot('triage-keys-queue-zh-1024');
    // The backend holds every verdict (a vehicle with two flags in the run shows both rows).
    const flags = await host.call('flags:list', { start: 0, end: 2000, filter: {} });
    if (!flags.ok) throw new Error(flags.error.message);
    for (const [vin, status] of given) expect(flags.value.rows.some((f: FlagRow) => f.vin === vin && f.status === status)).toBe(true);
  }

  it('triages 20 flags of a filtered queue by keyboard, focus always on a row (English)', async () => {
    await triage('en', 'status=open&rule=zero_mileage_export');
  }, 120_000);

  it('opens a vehicle with Enter, steps to the next flag with j, gives a verdict, and Esc returns to its place', async () => {
    const { page } = app;
    // The queue's focus is on row 20 after the triage above; rows 0-19 have left the open queue.
    expect(await focusedRow(page)).toBe(20);
    const vins = await Promise.all([20, 21, 22].map(async (i) => (await cell(page, i, 'vin').textContent())?.trim() ?? ''));
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Flag queue steps' }).waitFor();
    await expect.poll(() => page.locator('h1 .mono').textContent(), { timeout: 10_000 }).toBe(vins[0]);
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Flag 1 of/ }).count(), { timeout: 10_000 }).toBe(1);
    // From the queue, the sidebar marks the queue, not the vehicles list.
    expect(await page.locator('nav.sidebar a[aria-current="page"]').textContent()).toBe('Flag queue');
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('h1 .mono').textContent(), { timeout: 10_000 }).toBe(vins[1]);
    // The verdict keys act once the vehicle's flags have loaded and the queue's flag is marked, as a reader sees it.
    await page.locator(`.flag-target[data-flag-key$=":${vins[1]}"]`).waitFor({ timeout: 15_000 });
    await page.keyboard.press('f');
    await expect.poll(() => page.locator('.flag-target .status').textContent(), { timeout: 10_000 }).toBe('Follow-up');
    await app.screenshot('triage-keys-vehicle-1024');
    // Esc: the open queue again, the flag just followed up gone, the keyboard on the one after it.
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedRow(page), { timeout: 15_000 }).toBe(1);
    expect((await cell(page, 0, 'vin').textContent())?.trim()).toBe(vins[0]);
    expect((await cell(page, 1, 'vin').textContent())?.trim()).toBe(vins[2]);
  }, 60_000);

  it('triages 20 flags by keyboard in Chinese, and ? lists every key', async () => {
    const { page } = app;
    await page.getByLabel('Language / 语言').selectOption('zh');
    await triage('zh', 'status=open');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: '键盘按键' });
    await help.waitFor();
    for (const key of ['Ctrl+K', 'Ctrl+Enter', 'j', 'k', 'Space']) expect(await help.locator('kbd', { hasText: key }).count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count(), { timeout: 10_000 }).toBe(0);
    expect(await focusedRow(page)).toBe(20);
  }, 120_000);
});
