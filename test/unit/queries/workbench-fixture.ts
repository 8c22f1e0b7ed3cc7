import { join } from 'node:path';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { RULE_IDS, SEVERITIES } from '../../../shared/rules';
import { normalizeName } from '../../../shared/text';
import { withCheckDigit } from '../../../shared/vin';
import { tempDir } from '../../support/paths';

/** A case file with a few records and two rule runs of `flagCount` flags each, written with plain SQL. */
export type QueryFixture = { caseFile: CaseFile; remove(): void; vins: string[]; parties: Record<'maker' | 'trader' | 'exporter' | 'consignee' | 'evil', number> };

export function vinOf(n: number): string {
  return withCheckDigit(`LGXCE4CB0R${String(n).padStart(7, '0')}`);
}

export function createQueryFixture(flagCount = 200): QueryFixture {
  const temp = tempDir('zeromile-queries-');
  const caseFile = openCaseFile(join(temp.dir, 'case.zmcase'), { create: { title: 'queries' } });
  const db = caseFile.db;
  const docId = Number(db.prepare(`INSERT INTO documents (file_name, size, media_type, sha256, kind, imported_at)
    VALUES ('sales.csv', 10, 'text/csv', ?, 'sales', '2026-01-01T00:00:00Z')`).run('a'.repeat(64)).lastInsertRowid);
  const party = (name: string, code: string | null = null) => Number(db.prepare('INSERT INTO parties (name, norm_name, party_id, id_valid) VALUES (?, ?, ?, ?)')
    .run(name, normalizeName(name), code, code ? 1 : null).lastInsertRowid);
  const parties = {
    maker: party('比亚迪汽车工业有限公司', '91440300279337968D'),
    trader: party('成都蓉欧汽车贸易有限公司'),
    exporter: party('Horgos Silk Road Export Co'),
    consignee: party('OOO Avto Import'),
    evil: party('<img src=x onerror=alert(1)>'),
  };
  db.prepare('INSERT INTO party_aliases (party_id, name, norm_name) VALUES (?, ?, ?)').run(parties.trader, 'Chengdu Rongou Auto Trading', normalizeName('Chengdu Rongou Auto Trading'));
  const vins: string[] = [];
  const insertVehicle = db.prepare('INSERT INTO vehicles (vin, wmi, maker, model_year, manufacturer_party_id) VALUES (?, ?, ?, 2024, ?)');
  const raw = JSON.stringify({ 发票号码: 'X', 车架号: 'Y' });
  const sale = db.prepare(`INSERT INTO sales (document_id, row_no, raw, invoice_no, invoice_date, vin, seller, seller_party_id, buyer, buyer_party_id, price, invoice_type)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const reg = db.prepare(`INSERT INTO registrations (document_id, row_no, raw, registration_date, event, vin, owner, owner_party_id, plate, city, odometer_km)
    VALUES (?, ?, ?, ?, 'initial', ?, 'trader', ?, ?, ?, 5)`);
  const exp = db.prepare(`INSERT INTO exports (document_id, row_no, raw, declaration_no, declaration_date, vin, exporter, exporter_party_id, consignee, consignee_party_id, destination_country, odometer_km)
    VALUES (?, ?, ?, ?, ?, ?, 'exp', ?, 'OOO', ?, 'RU', 8)`);
  db.transaction(() => {
    for (let i = 0; i < 20; i++) {
      const vin = vinOf(i + 1);
      vins.push(vin);
      insertVehicle.run(vin, 'LGX', i % 2 ? 'BYD' : 'Chery', parties.maker);
      sale.run(docId, i * 3 + 2, raw, `INV${1000 + i}`, '2024-03-01', vin, 'maker', parties.maker, 'trader', parties.trader, 150000, 'new');
      sale.run(docId, i * 3 + 3, raw, `INV${2000 + i}`, '2024-03-10', vin, 'trader', parties.trader, 'exporter', parties.exporter, 151000, 'used');
      reg.run(docId, i * 3 + 4, raw, '2024-03-05', vin, parties.trader, `川A${String(10000 + i)}`, i % 3 ? 'Chengdu' : 'Xi\'an');
      exp.run(docId, i + 100, raw, `DEC${5000 + i}`, `2024-0${(i % 3) + 4}-02`, vin, parties.exporter, parties.consignee);
    }
    const run = db.prepare("INSERT INTO rule_runs (started, finished, app_version, params, counts, status) VALUES ('2026-01-01', '2026-01-01', 't', '{}', '{}', 'done')");
    const flag = db.prepare(`INSERT INTO flags (run_id, rule, severity, flag_key, vin, reason, facts, maker, exporter, destination, days, km, status)
      VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, 'open')`);
    for (let r = 0; r < 2; r++) {
      const runId = Number(run.run().lastInsertRowid);
      for (let i = 0; i < flagCount; i++) {
        const rule = RULE_IDS[i % 4]!;
        const vin = vins[i % vins.length]!;
        flag.run(runId, rule, SEVERITIES[i % 3]!, `${rule}:${vin}:${i}`, vin, `reason ${i}`, i % 2 ? 'BYD' : 'Chery',
          ['Horgos Silk Road Export Co', 'Alpha Trade', 'Beta Export'][i % 3]!, ['RU', 'KZ', 'AE', 'KG'][i % 4]!, (i * 7) % 200, i % 5 === 0 ? null : (i * 13) % 900);
      }
    }
  })();
  return { caseFile, vins, parties, remove: () => { caseFile.close(); temp.remove(); } };
}
