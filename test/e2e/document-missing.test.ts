import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startApp, type App } from './support/app';

/*
 * A document page reached by its address for a document the case does not hold, or for a table
 * file (whose rows became records; it has no pages), says so plainly in either language, as the
 * party and vehicle pages do, instead of "Something went wrong … reopen the case file" (probe 70).
 */
describe('a document page with nothing to show', () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp({
      setup: async (host, dir) => {
        const csv = join(dir, 'sales.csv');
        writeFileSync(csv, 'invoice_no,invoice_date,vin,seller,buyer,price,invoice_type\nDM-1,2024-05-05,LFV2A21K123456789,Seller Co,Buyer Co,100000,new\n');
        const done = await host.call('import:files', { files: [{ path: csv }] });
        if (!done.ok) throw new Error(done.error.message);
      },
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('says a missing document is not in the case, and a table file has no pages, in English and Chinese', async () => {
    const { page } = app;
    const goto = (hash: string) => page.evaluate((h) => { (globalThis as unknown as { location: { hash: string } }).location.hash = h; }, hash);
    await goto('#/document/99');
    await page.getByRole('status').filter({ hasText: 'No document 99 in this case file.' }).waitFor({ timeout: 15_000 });
    await goto('#/document/1');
    await page.getByRole('status').filter({ hasText: 'Document 1 has no pages to show: it is a table' }).waitFor({ timeout: 15_000 });
    await page.getByLabel('Language / 语言').selectOption('zh');
    await page.getByRole('status').filter({ hasText: '文件 1 没有可显示的页面' }).waitFor({ timeout: 15_000 });
    await goto('#/document/99');
    await page.getByRole('status').filter({ hasText: '本案卷中没有文件 99。' }).waitFor({ timeout: 15_000 });
  }, 60_000);
});
