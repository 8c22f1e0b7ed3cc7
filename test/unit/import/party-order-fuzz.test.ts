import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { withPersonIdCheck, withUsccCheck } from '../../../shared/party-id';
import { normalizeName } from '../../../shared/text';
import { seededRandom } from '../../support/seeded-random';
import { csv, vinNo, workspace, SELLER_USCC } from './import-helpers';

// The parties an import makes must not depend on the order of the rows, within a file or across
// files, except where a mark says so: rows without an identifier linked by name to the only
// identified organisation of that name at the time (the record keeps its empty identifier). Each
// seed shuffles the same rows and cuts them into one to three files.

type Row = { no: string; buyer: string; id: string };
type Kind = 'person' | 'company' | 'no-id company' | 'shared company';

const usccOf = (n: number) => withUsccCheck(`91500000MA5U7X2${String(n).padStart(2, '0')}`);
const personOf = (n: number) => withPersonIdCheck(`110105198501010${String(n).padStart(2, '0')}`);

/** Spellings (same normalised name), the identifiers met with them, and how many rows come without one. */
const NAMES: { kind: Kind; spellings: string[]; ids: string[]; without: number }[] = [
  { kind: 'person', spellings: ['王伟'], ids: [personOf(1), personOf(2), personOf(3)], without: 12 },
  { kind: 'person', spellings: ['李娜'], ids: [personOf(4)], without: 5 },
  { kind: 'person', spellings: ['张敏'], ids: [], without: 4 },
  { kind: 'company', spellings: ['重庆渝通汽车贸易有限公司'], ids: [usccOf(1)], without: 6 },
  { kind: 'company', spellings: ['Great Wall Trading Co', 'GREAT WALL TRADING CO', 'Great  Wall Trading CO'], ids: [usccOf(2)], without: 6 },
  { kind: 'no-id company', spellings: ['华盛行'], ids: [], without: 5 },
  { kind: 'shared company', spellings: ['东方汽车贸易有限公司'], ids: [usccOf(3), usccOf(4)], without: 6 },
];
const KIND = new Map(NAMES.map((n) => [normalizeName(n.spellings[0]!), n.kind]));

function rows(): Row[] {
  const out: Row[] = [];
  for (const name of NAMES) {
    const spelling = (i: number) => name.spellings[i % name.spellings.length]!;
    name.ids.forEach((id, i) => { for (let k = 0; k < 2; k++) out.push({ no: '', buyer: spelling(i + k), id }); });
    for (let i = 0; i < name.without; i++) out.push({ no: '', buyer: spelling(i), id: '' });
  }
  return out.map((r, i) => ({ ...r, no: `F${String(i).padStart(4, '0')}` }));
}

const HEADER = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '身份证号码/组织机构代码', '价税合计'];

/** `bulkPartiesFrom`: the new parties from which an import rebuilds the parties' name indexes at its end (low: mid-file). */
async function importInOrder(order: Row[][], bulkPartiesFrom?: number): Promise<Map<string, { key: string; id: string | null }>> {
  const ws = workspace();
  try {
    let f = 0;
    for (const file of order) {
      const table = file.map((r) => [r.no, '2024-05-06', vinNo(Number(r.no.slice(1)) + 1), '比亚迪汽车销售有限公司', SELLER_USCC, r.buyer, r.id, '98000']);
      const [result] = await importFiles(ws.caseFile, [{ path: ws.file(`part-${f++}.csv`, csv([HEADER, ...table])) }], { bulkPartiesFrom });
      expect([result!.imported, result!.rejected]).toEqual([file.length, 0]);
    }
    const db = ws.caseFile.db;
    // At most one party without an identifier per name.
    expect(db.prepare('SELECT norm_name FROM parties WHERE party_id IS NULL GROUP BY norm_name HAVING count(*) > 1').all()).toEqual([]);
    expect(verifyCaseFile(db).problems).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('parties_norm_name', 'parties_name')").pluck().get()).toBe(2);
    const parties = db.prepare(`SELECT s.invoice_no AS no, s.buyer_id AS id, coalesce('id:' || p.party_id, 'name:' || p.norm_name) AS key
      FROM sales s JOIN parties p ON p.id = s.buyer_party_id`).all() as { no: string; id: string | null; key: string }[];
    return new Map(parties.map((p) => [p.no, { key: p.key, id: p.id }]));
  } finally {
    ws.done();
  }
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('party resolution does not depend on import order', () => {
  const all = rows();

  for (const seed of [11, 23, 37, 41, 59, 73]) {
    it(`seed ${seed}: the same parties whatever the order, but for marked links to a name two companies share`, async () => {
      const random = seededRandom(seed);
      const order = shuffled(all, random);
      const files = 1 + Math.floor(random() * 3);
      const cuts = [0, ...Array.from({ length: files - 1 }, () => Math.floor(random() * order.length)).sort((a, b) => a - b), order.length];
      const parts = cuts.slice(1).map((end, i) => order.slice(cuts[i], end)).filter((part) => part.length > 0);
      // Every other seed sets the parties' name indexes aside a few parties into each file (a bulk of new parties).
      const got = await importInOrder(parts, seed % 4 === 3 ? 3 : undefined);
      const position = new Map(parts.flat().map((r, i) => [r.no, i]));

      for (const row of all) {
        const { key, id } = got.get(row.no)!;
        const norm = normalizeName(row.buyer);
        const kind = KIND.get(norm)!;
        if (row.id !== '') {
          // A row with an identifier is that identifier's party.
          expect([row.no, key, id]).toEqual([row.no, `id:${row.id}`, row.id]);
          continue;
        }
        expect([row.no, id]).toEqual([row.no, null]);
        const ids = NAMES.find((n) => normalizeName(n.spellings[0]!) === norm)!.ids;
        if (kind === 'company') expect([row.no, key]).toEqual([row.no, `id:${ids[0]}`]);
        else if (kind !== 'shared company') expect([row.no, key]).toEqual([row.no, `name:${norm}`]);
        else if (key !== `name:${norm}`) {
          // Linked to one of the two companies: only while it was the name's one identified party.
          const linked = key.slice(3);
          const other = ids.find((i) => i !== linked)!;
          const first = (uscc: string) => Math.min(...all.filter((r) => r.id === uscc).map((r) => position.get(r.no)!));
          expect(ids).toContain(linked);
          expect(first(other)).toBeGreaterThan(position.get(row.no)!);
        }
      }
    });
  }
});
