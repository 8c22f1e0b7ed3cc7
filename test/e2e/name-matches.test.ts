import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../electron/backend/import/import-files';
import { maskPersonId, withPersonIdCheck, withUsccCheck } from '../../shared/party-id';
import { SELLER_USCC, csv, vinNo } from '../unit/import/import-helpers';
import { tempDir } from '../support/paths';
import { startApp, type App } from './support/app';

/*
 * A link made by name only, as the analyst sees it: the vehicle's chain marks the holder a
 * declaration names without its USCC and lists that row, which opens; the trader's screen counts
 * its records matched by name; 王伟 with an ID number and 王伟 without one are two parties, each
 * screen pointing to the other. No console errors on the way.
 */
const TRADER = '重庆渝通汽车贸易有限公司';
const TRADER_USCC = withUsccCheck('91500000MA5U7X2K0');
const WANG_ID = withPersonIdCheck('11010519850101001');

describe('links made by name only, in the browser', () => {
  let app: App;
  const temp = tempDir();
  const errors: string[] = [];
  beforeAll(async () => {
    const casePath = join(temp.dir, 'names.zmcase');
    const caseFile = openCaseFile(casePath, { create: { title: 'Names' } });
    const file = (name: string, rows: string[][]) => {
      const path = join(temp.dir, name);
      writeFileSync(path, csv(rows));
      return { path };
    };
    await importFiles(caseFile, [
      file('sales.csv', [['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '身份证号码/组织机构代码', '价税合计'],
        ['S1', '2024-03-05', vinNo(1), '比亚迪汽车销售有限公司', SELLER_USCC, TRADER, TRADER_USCC, '120000'],
        ['S2', '2024-03-05', vinNo(2), '比亚迪汽车销售有限公司', SELLER_USCC, '王伟', WANG_ID, '98000'],
        ['S3', '2024-03-06', vinNo(3), '比亚迪汽车销售有限公司', SELLER_USCC, '王伟', '', '98000']]),
      file('exports.csv', [['报关单号', '申报日期', 'VIN', '境内发货人', '境内发货人代码', '境外收货人', '运抵国(地区)'],
        ['D1', '2024-04-01', vinNo(1), TRADER, '', 'ООО «Автоимпорт»', 'RU']]),
    ]);
    caseFile.close();
    app = await startApp({ casePath });
    app.page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    temp.remove();
  });

  const go = (hash: string) => app.page.evaluate((h) => { (globalThis as unknown as { location: { hash: string } }).location.hash = h; }, hash);

  it('marks the chain holder and opens the row that named it', async () => {
    const { page } = app;
    await go(`#/vehicle/${vinNo(1)}`);
    const note = page.getByTestId('chain-by-name');
    await note.waitFor();
    expect(await note.textContent()).toContain(TRADER);
    await note.getByRole('button', { name: 'exports.csv, row 2' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('exports.csv').waitFor();
    await app.screenshot('name-matches-chain');
    await dialog.getByRole('button', { name: 'Close' }).click();
    // The holder's label in the drawing says it too.
    const labels = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="chain-graph"]') as unknown as { _cyreg?: { cy: { nodes(): { map<T>(f: (n: { data(k: string): unknown }) => T): T[] } } } } | null;
      return el?._cyreg?.cy.nodes().map((n) => String(n.data('label'))) ?? [];
    });
    expect(labels.filter((l) => l.includes('by name only')).map((l) => l.split('\n')[0])).toEqual([TRADER]);
  });

  it('counts the trader\'s records matched by name, and keeps the two 王伟 apart', async () => {
    const { page } = app;
    const party = (name: string, code: string | null) => (app.host.call('grid:parties', { start: 0, end: 50, count: false }) as Promise<{ ok: true; value: { rows: { id: number; name: string; party_id: string | null }[] } }>)
      .then((r) => r.value.rows.find((p) => p.name === name && (code === null ? p.party_id === null : p.party_id !== null))!.id);
    await go(`#/party/${await party(TRADER, TRADER_USCC)}`);
    await page.getByTestId('party-name-matches').getByText('Records naming this party without its ID number (matched by name only): 1').waitFor();
    await go(`#/party/${await party('王伟', null)}`);
    await page.getByText('no ID number: every row of this name without one, which may be several people').waitFor();
    const note = page.getByTestId('party-name-matches');
    await note.getByRole('link', { name: '王伟' }).click();
    // The identified 王伟's page: his ID number masked, as in the parties grid.
    await page.getByTestId('party-code').filter({ hasText: maskPersonId(WANG_ID) }).waitFor();
    await app.screenshot('name-matches-party');
    expect(errors).toEqual([]);
  });
});
