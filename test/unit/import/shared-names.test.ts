import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { withPersonIdCheck } from '../../../shared/party-id';
import { csv, vinNo, workspace, SELLER_USCC, type Workspace } from './import-helpers';

// Issue 15: thousands of private buyers share a common name, each with an ID number of their own.
// Each one is its own party; a party met first by name alone still takes the identifier when it
// comes; and looking for that name-only party does not walk every party of the name
// (migration 013's partial index: the walk was half of a million-vehicle import's time).

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const HEADER = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '身份证号码/组织机构代码', '价税合计'];
const personId = (n: number) => withPersonIdCheck(`11010519850101${String(n).padStart(3, '0')}`);
const sale = (n: number, buyer: string, id: string) => [`3003${String(n).padStart(5, '0')}`, '2024-05-06', vinNo(n), '比亚迪汽车销售有限公司', SELLER_USCC, buyer, id, '98000'];

describe('private buyers who share a name', () => {
  it('keeps one party per ID number, and gives a name-only party the ID met later', async () => {
    // Row 1: 王伟 without an ID; rows 2..301: 王伟 with 300 different ID numbers; 李娜 likewise after.
    const rows = [sale(1, '王伟', ''), ...Array.from({ length: 300 }, (_, i) => sale(i + 2, '王伟', personId(i + 1)))];
    await importFiles(ws.caseFile, [{ path: ws.file('a.csv', csv([HEADER, ...rows])) }]);
    const db = ws.caseFile.db;
    const wangs = db.prepare("SELECT party_id FROM parties WHERE name = '王伟' ORDER BY id").pluck().all() as (string | null)[];
    // The first ID met is given to the party met by name alone; every other ID is a party of its own.
    expect(wangs).toHaveLength(300);
    expect(wangs[0]).toBe(personId(1));
    expect(new Set(wangs).size).toBe(300);
    expect(db.prepare("SELECT count(*) FROM parties WHERE name = '王伟' AND party_id IS NULL").pluck().get()).toBe(0);

    await importFiles(ws.caseFile, [{ path: ws.file('b.csv', csv([HEADER, sale(900, '李娜', ''), sale(901, '李娜', personId(999))])) }]);
    expect(db.prepare("SELECT party_id FROM parties WHERE name = '李娜'").pluck().all()).toEqual([personId(999)]);
  });

  it('finds the name-only party by the partial index, not by walking the name', () => {
    const plan = ws.caseFile.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM parties WHERE norm_name = ? AND party_id IS NULL ORDER BY id LIMIT 1')
      .all('王伟') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING (COVERING )?INDEX parties_name_only/);
  });
});
