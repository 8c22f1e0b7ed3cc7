import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

let ws: Workspace;
beforeAll(async () => {
  ws = workspace();
  const rows = Array.from({ length: 200 }, (_, i) => [`P${i}`, `2024-03-${String(1 + (i % 28)).padStart(2, '0')}`, vinNo(i % 50), `卖方${i % 7}`, i % 7 === 0 ? SELLER_USCC : '', `买方${i % 11}`, i % 11 === 0 ? BUYER_USCC : '', '1']);
  await importFiles(ws.caseFile, [{ path: ws.file('s.csv', csv([['发票号码', '开票日期', 'VIN', '销售方名称', '销售方纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'], ...rows])) }]);
  ws.caseFile.db.exec('ANALYZE');
});
afterAll(() => ws.done());

function plan(sql: string, ...params: unknown[]): string {
  return (ws.caseFile.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

describe('indexes the lookups use', () => {
  it.each([
    ['sales by VIN in date order', 'SELECT * FROM sales WHERE vin = ? ORDER BY invoice_date', 'sales_vin_date'],
    ['sales by seller', 'SELECT * FROM sales WHERE seller_party_id = ?', 'sales_seller'],
    ['sales by buyer', 'SELECT * FROM sales WHERE buyer_party_id = ?', 'sales_buyer'],
    ['registrations by VIN and date', 'SELECT * FROM registrations WHERE vin = ? AND registration_date <= ?', 'registrations_vin_date'],
    ['exports by VIN', 'SELECT * FROM exports WHERE vin = ?', 'exports_vin_date'],
    ['first registrations in a city', "SELECT vin FROM registrations WHERE city = ? AND event = 'initial'", 'registrations_city'],
    ['exports by exporter', 'SELECT * FROM exports WHERE exporter_party_id = ?', 'exports_exporter'],
    ['exports in a date range', 'SELECT * FROM exports WHERE declaration_date >= ?', 'exports_date'],
    ['vehicle by VIN', 'SELECT * FROM vehicles WHERE vin = ?', 'sqlite_autoindex_vehicles_1'],
    ['party by identifier', 'SELECT id FROM parties WHERE party_id = ?', 'parties_party_id'],
    ['party by alias', 'SELECT party_id FROM party_aliases WHERE norm_name = ?', 'party_aliases_norm'],
    ['document by SHA-256', 'SELECT * FROM documents WHERE sha256 = ?', 'sqlite_autoindex_documents_1'],
  ])('%s', (_label, sql, index) => {
    const params = (sql.match(/\?/g) ?? []).map(() => 'x');
    expect(plan(sql, ...params)).toContain(`INDEX ${index}`);
  });
});

describe('bulk load', () => {
  it('rebuilds the record indexes of a big file at the end, and brings them back after a failure', async () => {
    const bulk = workspace();
    try {
      const indexes = () => bulk.caseFile.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sales' ORDER BY name").all();
      const before = indexes();
      expect(before.length).toBeGreaterThanOrEqual(6);
      const header = ['发票号码', '开票日期', 'VIN', '销售方名称', '购买方名称'];
      // On an empty table first: the indexes are dropped for the load, and the failure's rollback brings them back.
      bulk.caseFile.db.exec("CREATE TRIGGER boom BEFORE INSERT ON sales WHEN NEW.invoice_no = 'C40' BEGIN SELECT RAISE(ABORT, 'injected'); END");
      const failing = Array.from({ length: 50 }, (_, i) => [`C${i}`, '2024-03-05', vinNo(100 + i), '卖方', `买方${i}`]);
      const [failed] = await importFiles(bulk.caseFile, [{ path: bulk.file('fail.csv', csv([header, ...failing])) }], { bulkLoadBytes: 1 });
      expect(failed!.refused?.message).toBe('injected');
      expect(indexes()).toEqual(before);
      bulk.caseFile.db.exec('DROP TRIGGER boom');
      const rows = Array.from({ length: 50 }, (_, i) => [`B${i}`, '2024-03-05', vinNo(i), '卖方', `买方${i}`]);
      const [result] = await importFiles(bulk.caseFile, [{ path: bulk.file('big.csv', csv([header, ...rows])) }], { bulkLoadBytes: 1 });
      expect(result).toMatchObject({ imported: 50 });
      expect(JSON.parse(bulk.caseFile.db.prepare('SELECT info FROM documents').pluck().get() as string).bulk_load).toEqual(['sales']);
      expect(indexes()).toEqual(before);
      expect(bulk.caseFile.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
      expect(plan('SELECT * FROM sales WHERE vin = ?', 'x')).toContain('INDEX sales_vin_date');
      // Into a table that already holds rows: a file with an eighth of them or more is still a bulk
      // load (rebuilding beats inserting into every index at random), a few rows are not.
      const bulkLoad = (name: string, count: number) => {
        const rows = Array.from({ length: count }, (_, i) => [`${name}${i}`, '2024-03-06', vinNo(200 + i), '卖方', `买方${i}`]);
        return importFiles(bulk.caseFile, [{ path: bulk.file(`${name}.csv`, csv([header, ...rows])) }], { bulkLoadBytes: 1 })
          .then(() => JSON.parse(bulk.caseFile.db.prepare('SELECT info FROM documents ORDER BY id DESC LIMIT 1').pluck().get() as string).bulk_load);
      };
      expect(await bulkLoad('few', 2)).toBeUndefined();
      expect(await bulkLoad('share', 40)).toEqual(['sales']);
      expect(indexes()).toEqual(before);
    } finally {
      bulk.done();
    }
  });
});
