import { execFileSync } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { importFile } from '../../../electron/backend/import/import-file';
import { CLI } from '../../support/paths';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, workspace } from './import-helpers';

const ws = workspace();
afterAll(() => ws.done());

// helper-65's probe, defect 15: a file whose rows all told sales the case had read "2 imported, 0 rejected", nothing saying no new record was made.
const HEADER = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
const sale = (n: number) => [`2003${String(n).padStart(4, '0')}`, '2024-03-02', vinNo(n), '深圳市前海贸易有限公司', SELLER_USCC, '重庆两江汽车贸易有限公司', BUYER_USCC, String(100000 + n)];

it('says that rows told again made no new record, and where the records they joined came from', async () => {
  const first = await importFile(ws.caseFile.db, { path: ws.file('same.csv', csv([HEADER, sale(1), sale(2)])) });
  expect(first.further_sources).toBeUndefined();
  // The same two sales in the other order: other bytes, the same facts.
  const again = await importFile(ws.caseFile.db, { path: ws.file('same-again.csv', csv([HEADER, sale(2), sale(1)])) });
  expect(again).toMatchObject({ imported: 2, rejected: 0, further_sources: { rows: 2, files: ['same.csv'], files_total: 1 } });
  expect(ws.caseFile.db.prepare('SELECT count(*) FROM sales').pluck().get()).toBe(2);

  const mixed = ws.file('mixed.csv', csv([HEADER, sale(1), sale(3)]));
  const out = execFileSync(process.execPath, [CLI, 'import', ws.caseFile.path, mixed, ws.file('both.csv', csv([HEADER, sale(2), sale(3), sale(1)]))], { encoding: 'utf8' });
  expect(out).toContain('mixed.csv: sales, 2 rows: 2 imported, 0 rejected\n  1 of the 2 imported rows was already in the case from same.csv: kept as further sources; 1 new record\n');
  expect(out).toContain('both.csv: sales, 3 rows: 3 imported, 0 rejected\n  3 rows, all already in the case from same.csv, mixed.csv: kept as further sources, no new record\n');
  const json = JSON.parse(execFileSync(process.execPath, [CLI, 'import', ws.caseFile.path, ws.file('one.csv', csv([HEADER, sale(3)])), '--json'], { encoding: 'utf8' })) as { files: unknown[] };
  expect(json.files[0]).toMatchObject({ imported: 1, further_sources: { rows: 1, files: ['mixed.csv'], files_total: 1 } });
  const two = execFileSync(process.execPath, [CLI, 'import', ws.caseFile.path, ws.file('two.csv', csv([HEADER, sale(1), sale(2)]).replaceAll('\r\n', '\n'))], { encoding: 'utf8' });
  expect(two).toContain('two.csv: sales, 2 rows: 2 imported, 0 rejected\n  2 rows, both already in the case from same.csv: kept as further sources, no new record\n');
});
