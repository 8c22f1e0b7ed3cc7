import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { isPersonParty } from '../../../shared/party-kind';
import { PERSON_ID, SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

// A private buyer whose name has a character beyond the BMP (CJK extension B and later: 𠀋, 𡈽,
// 𫖮, common in given names) was taken for an organisation: shown as one, and a sale of his without
// an ID number was put on the same-named party that had one, linking two records to one identity
// the files never gave.

/** A resident ID number whose check character fails. */
const BAD_ID = PERSON_ID.slice(0, 17) + (PERSON_ID.endsWith('X') ? '0' : 'X');

const NAMES = ['张𠀋', '王𫖮', '李𡈽华', '阿依𠀋·买买提'];

describe('personal names with rare characters', () => {
  it('reads them as persons\' names, as names of common characters', () => {
    for (const name of NAMES) expect(isPersonParty(name, null), name).toBe(true);
    expect(isPersonParty('𠀋', null)).toBe(false);
    expect(isPersonParty('张𠀋𠀋𠀋𠀋', null)).toBe(false);
    expect(isPersonParty('𠀋𠀋贸易有限公司', null)).toBe(false);
  });

  describe('through an import', () => {
    let ws: Workspace;
    beforeAll(async () => {
      ws = workspace();
      const head = ['发票号码', '开票日期', '车辆识别代号', '销售方名称', '销售方纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
      const rows = [
        ['S1', '2026-01-05', vinNo(1), '比亚迪汽车销售有限公司', SELLER_USCC, '张𠀋', PERSON_ID, '100000'],
        ['S2', '2026-01-06', vinNo(2), '比亚迪汽车销售有限公司', SELLER_USCC, '张𠀋', '', '100000'],
        ['S3', '2026-01-07', vinNo(3), '比亚迪汽车销售有限公司', SELLER_USCC, '王𫖮', '', '100000'],
        // An ID number mistyped (its check character fails), then the same name without one.
        ['S4', '2026-01-08', vinNo(4), '比亚迪汽车销售有限公司', SELLER_USCC, '李𡈽华', BAD_ID, '100000'],
        ['S5', '2026-01-09', vinNo(5), '比亚迪汽车销售有限公司', SELLER_USCC, '李𡈽华', '', '100000'],
      ];
      const [result] = await importFiles(ws.caseFile, [{ path: ws.file('sales.csv', csv([head, ...rows])) }]);
      expect(result).toMatchObject({ imported: 5, rejected: 0 });
    });
    afterAll(() => ws.done());

    it('keeps the sale without an ID number apart from the same name with one, and makes each a person', () => {
      const buyers = ws.caseFile.db.prepare('SELECT s.invoice_no, p.name, p.party_id, p.is_person FROM sales s JOIN parties p ON p.id = s.buyer_party_id ORDER BY s.invoice_no').all();
      expect(buyers).toEqual([
        { invoice_no: 'S1', name: '张𠀋', party_id: PERSON_ID, is_person: 1 },
        { invoice_no: 'S2', name: '张𠀋', party_id: null, is_person: 1 },
        { invoice_no: 'S3', name: '王𫖮', party_id: null, is_person: 1 },
        { invoice_no: 'S4', name: '李𡈽华', party_id: BAD_ID, is_person: 1 },
        { invoice_no: 'S5', name: '李𡈽华', party_id: null, is_person: 1 },
      ]);
    });
  });
});
