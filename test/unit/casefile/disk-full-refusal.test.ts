import { afterAll, expect, it } from 'vitest';
import { importFile } from '../../../electron/backend/import/import-file';
import { REFUSAL_CATALOGUE_ZH } from '../../../shared/i18n/refusal-zh';
import { renderMessage } from '../../../shared/i18n/message';
import { csv, vinNo, workspace } from '../import/import-helpers';

const ws = workspace();
afterAll(() => ws.done());

// helper-65's probe, defect 14: an import into a case file on a full disk was refused as "utf-8-s1.csv: REFUSED: The disk is
// full …", naming the file imported but not the case file whose disk filled. SQLite says SQLITE_FULL, as it does here when the
// case reaches the connection's max_page_count: the refusal names the case file, in English and Chinese, and nothing is kept.
it('names the case file whose disk is full, and keeps nothing of the import', async () => {
  const db = ws.caseFile.db;
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages + 2}`);
  const rows = Array.from({ length: 3000 }, (_, i) => [`3001${String(i).padStart(5, '0')}`, '2024-03-02', vinNo(i), '深圳市前海贸易有限公司', '重庆两江汽车贸易有限公司', String(100000 + i)]);
  const result = await importFile(db, { path: ws.file('utf-8-s1.csv', csv([['发票号码', '开票日期', 'VIN', '销货单位名称', '购买方名称', '价税合计'], ...rows])) });
  db.pragma('max_page_count = 4294967294');
  expect(result.refused?.code).toBe('write_failed');
  expect(result.refused?.message).toBe(`The case file ${ws.caseFile.path} could not be written: the disk it is on (or the one that holds SQLite's temporary files) is full (SQLITE_FULL), `
    + 'so the work stopped and what it had written was rolled back; the case file is as it was. Free some space on that disk and try again.');
  expect(renderMessage(result.refused!.msg!, REFUSAL_CATALOGUE_ZH)).toContain(`无法写入案件文件 ${ws.caseFile.path}：其所在磁盘`);
  expect(db.prepare('SELECT count(*) FROM sales').pluck().get()).toBe(0);
  expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(0);
});
