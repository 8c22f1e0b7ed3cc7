import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { partyStats } from '../../../electron/backend/stats/party-stats';
import { withPersonIdCheck, withUsccCheck } from '../../../shared/party-id';
import { csv, vinNo, workspace, SELLER_USCC, type Workspace } from './import-helpers';

// Issue 15: thousands of private buyers share a common name, each with an ID number of their own,
// and most buyers come without one. Each ID number is its own party; rows without one are the
// party of their name without an ID number, never an identified person's (a stranger's probe: 60
// sales of 王伟 without an ID joined to the one 王伟 with an ID, who then led the buyers' figures);
// and neither lookup walks every party of the name (migration 013's partial index: the walk was
// half of a million-vehicle import's time).

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const HEADER = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '身份证号码/组织机构代码', '价税合计'];
const personId = (n: number) => withPersonIdCheck(`11010519850101${String(n).padStart(3, '0')}`);
const sale = (n: number, buyer: string, id: string) => [`3003${String(n).padStart(5, '0')}`, '2024-05-06', vinNo(n), '比亚迪汽车销售有限公司', SELLER_USCC, buyer, id, '98000'];
const importSales = (name: string, rows: string[][]) => importFiles(ws.caseFile, [{ path: ws.file(name, csv([HEADER, ...rows])) }]);

/** Each buyer party of the case: its identifier (or null) and how many sales name it, by name. */
function buyers(name: string): { party_id: string | null; sales: number; by_name: number }[] {
  return ws.caseFile.db.prepare(`SELECT p.party_id, count(s.id) AS sales, count(s.id) FILTER (WHERE s.buyer_id IS NULL) AS by_name
    FROM parties p JOIN sales s ON s.buyer_party_id = p.id WHERE p.norm_name = ? GROUP BY p.id ORDER BY p.party_id IS NULL, p.party_id`).all(name) as
    { party_id: string | null; sales: number; by_name: number }[];
}

describe('private buyers who share a name', () => {
  const wangWithout = Array.from({ length: 60 }, (_, i) => sale(i + 1, '王伟', ''));
  const wangWith = sale(61, '王伟', personId(1));
  const expected = [{ party_id: personId(1), sales: 1, by_name: 0 }, { party_id: null, sales: 60, by_name: 60 }];

  it('keeps 60 sales to 王伟 without an ID number off the one 王伟 with one, whichever comes first in the file', async () => {
    await importSales('a.csv', [...wangWithout.slice(0, 30), wangWith, ...wangWithout.slice(30)]);
    expect(buyers('王伟')).toEqual(expected);
    // The figures no longer credit one identified person with 61 cars.
    const top = ws.caseFile.db.prepare("SELECT p.party_id, count(*) AS n FROM sales s JOIN parties p ON p.id = s.buyer_party_id GROUP BY p.id ORDER BY n DESC LIMIT 1").get();
    expect(top).toEqual({ party_id: null, n: 60 });
    expect(partyStats(ws.caseFile.db).filter((r) => r.name === '王伟').map((r) => [r.party_code, r.bought])).toEqual([[null, 60], [personId(1), 1]]);
  });

  it('gives the same parties across two files in either order', async () => {
    await importSales('without.csv', wangWithout);
    await importSales('with.csv', [wangWith]);
    expect(buyers('王伟')).toEqual(expected);
    ws.done();
    ws = workspace();
    await importSales('with.csv', [wangWith]);
    await importSales('without.csv', wangWithout);
    expect(buyers('王伟')).toEqual(expected);
  });

  it('keeps one party per ID number, and never gives a name-only person an ID met later', async () => {
    const rows = [sale(1, '王伟', ''), ...Array.from({ length: 300 }, (_, i) => sale(i + 2, '王伟', personId(i + 1)))];
    await importSales('a.csv', rows);
    const wangs = ws.caseFile.db.prepare("SELECT party_id FROM parties WHERE name = '王伟' ORDER BY id").pluck().all() as (string | null)[];
    expect(wangs).toHaveLength(301);
    expect(wangs[0]).toBeNull();
    expect(new Set(wangs.slice(1)).size).toBe(300);
    await importSales('b.csv', [sale(900, '李娜', ''), sale(901, '李娜', personId(999))]);
    expect(buyers('李娜')).toEqual([{ party_id: personId(999), sales: 1, by_name: 0 }, { party_id: null, sales: 1, by_name: 1 }]);
  });
});

describe('companies named without their USCC', () => {
  const TRADER = '重庆渝通汽车贸易有限公司';
  const TRADER_USCC = withUsccCheck('91500000MA5U7X2K0');
  const OTHER_USCC = withUsccCheck('91500112MA60A1B20');

  it('links rows without a USCC to the one company of that name, in either order, and the rows show it', async () => {
    await importSales('a.csv', [sale(1, TRADER, ''), sale(2, TRADER, TRADER_USCC), sale(3, TRADER, '')]);
    expect(buyers(normName(TRADER))).toEqual([{ party_id: TRADER_USCC, sales: 3, by_name: 2 }]);
    ws.done();
    ws = workspace();
    await importSales('a.csv', [sale(1, TRADER, '')]);
    await importSales('b.csv', [sale(2, TRADER, TRADER_USCC)]);
    await importSales('c.csv', [sale(3, TRADER, '')]);
    expect(buyers(normName(TRADER))).toEqual([{ party_id: TRADER_USCC, sales: 3, by_name: 2 }]);
  });

  it('links nothing by a name two identified companies share', async () => {
    await importSales('a.csv', [sale(1, TRADER, TRADER_USCC), sale(2, TRADER, OTHER_USCC), sale(3, TRADER, ''), sale(4, TRADER, '')]);
    const identified = [TRADER_USCC, OTHER_USCC].sort().map((party_id) => ({ party_id, sales: 1, by_name: 0 }));
    expect(buyers(normName(TRADER))).toEqual([...identified, { party_id: null, sales: 2, by_name: 2 }]);
  });

  it('looks again when a second company takes the name in the same file', async () => {
    // Rows 1 and 3 are linked while the name is the first company's alone; row 5 comes after the second.
    await importSales('a.csv', [sale(1, TRADER, TRADER_USCC), sale(2, TRADER, ''), sale(3, TRADER, ''), sale(4, TRADER, OTHER_USCC), sale(5, TRADER, '')]);
    const split = buyers(normName(TRADER));
    expect(split.find((b) => b.party_id === TRADER_USCC)).toEqual({ party_id: TRADER_USCC, sales: 3, by_name: 2 });
    expect(split.find((b) => b.party_id === null)).toEqual({ party_id: null, sales: 1, by_name: 1 });
  });
});

describe('query plans of the resolver', () => {
  const plan = (sql: string) => (ws.caseFile.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('王伟') as { detail: string }[]).map((p) => p.detail).join('\n');

  it('finds the name-only party by the partial index, and the identified holders of a name by the alias index', () => {
    expect(plan('SELECT id, is_person FROM parties WHERE norm_name = ? AND party_id IS NULL ORDER BY id LIMIT 1')).toMatch(/USING INDEX parties_name_only/);
    const holders = plan(`SELECT DISTINCT a.party_id AS id, p.is_person FROM party_aliases a JOIN parties p ON p.id = a.party_id
      WHERE a.norm_name = ? AND p.party_id IS NOT NULL LIMIT 2`);
    expect(holders).toMatch(/SEARCH a USING (COVERING )?INDEX party_aliases_norm/);
    expect(holders).toMatch(/SEARCH p USING INTEGER PRIMARY KEY/);
    expect(holders).not.toMatch(/SCAN/);
  });
});

function normName(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}
