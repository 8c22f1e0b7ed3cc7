import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerFromRows } from '../../../electron/backend/casefile/register-digest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { withPersonIdCheck, withUsccCheck } from '../../../shared/party-id';
import { BUYER_USCC, SELLER_USCC, csv, vinNo, workspace, type Workspace } from './import-helpers';

// An import sets the register triggers aside in its transaction and says itself which register
// blocks it wrote (casefile/register-writes.ts). Whatever the files and their order, the registers
// its audit entry commits must be the ones hashed from the rows alone, and the triggers must be back.

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const SALES = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '身份证号码/组织机构代码', '价税合计'];
const MASTER = ['VIN', '品牌', '车型', '燃料种类', '生产日期', '生产企业', '生产企业统一社会信用代码'];
const EXPORTS = ['报关单号', '申报日期', 'VIN', '境内发货人', '境内发货人代码', '境外收货人', '运抵国(地区)'];
const MAKER = withUsccCheck('91440300192203821');
/** A distinct valid ID number for n < 9,000 (born on the 15th of month 1-9 of 1985). */
const personId = (n: number) => withPersonIdCheck(`1101051985${String(1 + Math.floor(n / 1000)).padStart(2, '0')}15${String(n % 1000).padStart(3, '0')}`);
/** More vehicles than a register block holds (4,096 ids), so the writes cross blocks. */
const VEHICLES = 5000;

const sales = (from: number, to: number, buyer: (n: number) => [string, string]) => csv([SALES, ...Array.from({ length: to - from + 1 }, (_, i) => {
  const n = from + i;
  return [`5003${String(n).padStart(6, '0')}`, '2024-02-03', vinNo(n), '比亚迪汽车销售有限公司', SELLER_USCC, ...buyer(n), '99000'];
})]);
const master = (from: number, to: number, make: string, maker: string, makerId: string) =>
  csv([MASTER, ...Array.from({ length: to - from + 1 }, (_, i) => [vinNo(from + i), make, `M-${from + i}`, '汽油', '2023-06-01', maker, makerId])]);
const exportsOf = (from: number, to: number, country: string) => csv([EXPORTS, ...Array.from({ length: to - from + 1 }, (_, i) => {
  const n = from + i;
  return [`6003${String(n).padStart(6, '0')}`, '2024-02-20', vinNo(n), '重庆两江汽车贸易有限公司', BUYER_USCC, n % 7 === 0 ? 'ООО «Автоимпорт»' : 'Avto Savdo MChJ', country];
})]);

type Committed = Record<string, Record<string, string>>;
/** The registers the newest import entry committed, against the registers hashed from the rows now. */
function lastCommitAgainstRows(w: Workspace) {
  const detail = w.caseFile.db.prepare("SELECT detail FROM audit_log WHERE action = 'import.file' ORDER BY id DESC LIMIT 1").pluck().get() as string;
  const facts = (JSON.parse(detail) as { facts: Committed }).facts;
  return {
    committed: { parties: facts.parties, vehicles: facts.vehicles },
    rows: { parties: registerFromRows(w.caseFile.db, 'parties').digests, vehicles: registerFromRows(w.caseFile.db, 'vehicles').digests },
  };
}
const triggers = (w: Workspace) => w.caseFile.db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'register_blocks_%'").pluck().get();

describe('register writes of an import', () => {
  it('commits the registers as the rows hash them after every import, whatever comes first', async () => {
    const steps: [string, string][] = [
      // Consignees first (low party ids), given a country.
      ['exports-a.csv', exportsOf(1, 400, 'RU')],
      // Private buyers with their own IDs (past a register block of parties); every 50th a firm by
      // name only, to be met again later with its USCC.
      ['sales-a.csv', sales(1, VEHICLES, (n) => (n % 50 === 0 ? [`买家${n}商贸有限公司`, ''] : [`个人${n}`, personId(n)]))],
      // Master rows for vehicles met before (updates across blocks 0 and 1), and new ones.
      ['master-a.csv', master(10, VEHICLES + 300, '比亚迪', '比亚迪汽车工业有限公司', MAKER)],
      // The name-only firms get their USCCs: an update of parties made before.
      ['sales-b.csv', sales(VEHICLES + 1, VEHICLES + 200, (n) => [`买家${(n - VEHICLES) * 50}商贸有限公司`, withUsccCheck(`91500000MA${String(n).padStart(7, '0')}`)])],
      // More declarations disagree with a consignee's country: parties of block 0 updated.
      ['exports-b.csv', exportsOf(401, 1400, 'UZ')],
      // A second master file replacing values of vehicles in both blocks, and a new manufacturer.
      ['master-b.csv', master(4000, 4200, '长安', '重庆长安汽车股份有限公司', withUsccCheck('91500000202802315'))],
    ];
    for (const [name, content] of steps) {
      const [result] = await importFiles(ws.caseFile, [{ path: ws.file(name, content) }]);
      expect(result!.refused, name).toBeNull();
      const { committed, rows } = lastCommitAgainstRows(ws);
      expect(committed, name).toEqual(rows);
      expect(triggers(ws), name).toBe(9);
    }
    expect(verifyCaseFile(ws.caseFile.db, { skipIntegrity: true }).problems).toEqual([]);
    // The updates did happen (else the test proves nothing).
    const db = ws.caseFile.db;
    expect(db.prepare("SELECT count(*) FROM vehicles WHERE make = '长安' AND id < 4096").pluck().get()).toBeGreaterThan(0);
    expect(db.prepare("SELECT count(*) FROM vehicles WHERE make = '长安' AND id >= 4096").pluck().get()).toBeGreaterThan(0);
    expect(db.prepare("SELECT count(*) FROM parties WHERE name LIKE '买家%' AND party_id IS NULL").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM parties WHERE name LIKE '买家%'").pluck().get()).toBe(200);
    expect(db.prepare('SELECT max(id) FROM parties').pluck().get()).toBeGreaterThan(4096);
    expect(db.prepare("SELECT id, country FROM parties WHERE name = 'Avto Savdo MChJ'").get()).toEqual({ id: expect.any(Number) as number, country: 'UZ' });
    expect(db.prepare("SELECT id FROM parties WHERE name = 'Avto Savdo MChJ'").pluck().get()).toBeLessThan(4096);
  });

  it('leaves the kept digests of party blocks an import only reads, and drops those it writes', async () => {
    const db = ws.caseFile.db;
    const buyer = (n: number): [string, string] => [`个人${n}`, personId(n)];
    const [first] = await importFiles(ws.caseFile, [{ path: ws.file('sales-a.csv', sales(1, VEHICLES, buyer)) }]);
    expect(first!.refused).toBeNull();
    // Which kept digests of block 0 an import drops (to hash the block again at its commit).
    db.exec(`CREATE TEMP TABLE dropped (tbl TEXT);
      CREATE TEMP TRIGGER count_dropped AFTER DELETE ON main.register_blocks WHEN OLD.block = 0 AND OLD.tbl IN ('parties', 'party_aliases')
      BEGIN INSERT INTO dropped VALUES (OLD.tbl); END;`);
    const droppedBlock0 = () => db.prepare('SELECT count(*) FROM temp.dropped').pluck().get() as number;
    expect(db.prepare("SELECT count(*) FROM register_blocks WHERE tbl IN ('parties', 'party_aliases') AND block = 0").pluck().get()).toBe(2);
    // The same buyers, spelled as the case holds them, on other invoices: no party row is written.
    const again = csv([SALES, ...Array.from({ length: 3000 }, (_, i) => [`7003${String(i).padStart(6, '0')}`, '2024-03-04', vinNo(i + 1), '比亚迪汽车销售有限公司', SELLER_USCC, ...buyer(i + 1), '88000'])]);
    const [second] = await importFiles(ws.caseFile, [{ path: ws.file('sales-again.csv', again) }]);
    expect(second!.refused).toBeNull();
    expect(droppedBlock0()).toBe(0);
    let { committed, rows } = lastCommitAgainstRows(ws);
    expect(committed).toEqual(rows);
    // One of them under a new spelling: an alias of a party in block 0 is written, and its block's kept digests go.
    const respelled = csv([SALES, [`8003000001`, '2024-04-05', vinNo(7), '比亚迪汽车销售有限公司', SELLER_USCC, '个人 7号', personId(7), '77000']]);
    const [third] = await importFiles(ws.caseFile, [{ path: ws.file('sales-respelled.csv', respelled) }]);
    expect(third!.refused).toBeNull();
    expect(db.prepare("SELECT count(*) FROM party_aliases WHERE name = '个人 7号'").pluck().get()).toBe(1);
    expect(droppedBlock0()).toBe(2);
    ({ committed, rows } = lastCommitAgainstRows(ws));
    expect(committed).toEqual(rows);
    expect(verifyCaseFile(db, { skipIntegrity: true }).problems).toEqual([]);
  });

  it('keeps the triggers when an import is refused halfway', async () => {
    const [result] = await importFiles(ws.caseFile, [{ path: ws.file('bad.xlsx', Buffer.from('PK\u0003\u0004 not really a workbook')) }]);
    expect(result!.refused).not.toBeNull();
    expect(triggers(ws)).toBe(9);
  });
});
