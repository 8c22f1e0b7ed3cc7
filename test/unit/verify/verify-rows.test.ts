import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { NAMED_ROWS } from '../../../electron/backend/casefile/row-digests';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { importFiles } from '../../../electron/backend/import/import-files';
import { verifyCaseFile, type VerifyProblem } from '../../../electron/backend/verify/verify';
import type { ChangedRows } from '../../../shared/contract/changed-rows';
import { CLI, tempDir } from '../../support/paths';
import { registerSalesFile } from '../import/import-helpers';
import { writeFileSync } from 'node:fs';

/**
 * verify names the rows that changed outside ZeroMile, not only the document or register: a case
 * made by the real import of the demo's files (CSV and XLSX, so records carry sheets), edited
 * with the sqlite3 shell as an investigator's adversary would (row updated, deleted, inserted;
 * the register triggers switched off for the connection).
 */
const temp = tempDir('zeromile-verify-rows-');
const base = join(temp.dir, 'base.zmcase');

beforeAll(async () => {
  const demo = await writeDemo(join(temp.dir, 'demo'), { vehicles: 150, seed: 11 });
  const cf = openCaseFile(base, { create: { title: 'Verify rows' } });
  await importFiles(cf, demo.files.map((f) => ({ path: join(demo.dir, f.file) })));
  cf.close();
}, 120_000);
afterAll(() => temp.remove());

let copies = 0;
/** A copy of the case edited in the sqlite3 shell (its own process, as an attacker would), then verified. */
function edited(sql: string, triggersOff = false): VerifyProblem[] {
  const path = join(temp.dir, `edit-${copies++}.zmcase`);
  copyFileSync(base, path);
  execFileSync('sqlite3', triggersOff ? [path, '.dbconfig enable_trigger off', sql] : [path, sql]);
  const cf = openCaseFile(path, { readonly: true, check: 'none' });
  try {
    return verifyCaseFile(cf.db, { skipIntegrity: true }).problems;
  } finally {
    cf.close();
  }
}

function query<T>(sql: string): T {
  const cf = openCaseFile(base, { readonly: true, check: 'none' });
  try {
    return cf.db.prepare(sql).get() as T;
  } finally {
    cf.close();
  }
}

function rowsOf(problems: VerifyProblem[], key: string, table: string): ChangedRows {
  const found = problems.find((p) => p.what === 'facts' && p.key === key && p.problem === 'digest');
  expect(found, JSON.stringify(problems)).toBeDefined();
  const rows = found!.what === 'facts' ? found!.changed_rows?.[table] : undefined;
  expect(rows, found!.message).toBeDefined();
  return rows!;
}

describe('zeromile verify names the rows changed outside ZeroMile', () => {
  it('an export of a workbook updated: its table, id, source row and sheet; the message says so', () => {
    const record = query<{ id: number; document_id: number; row_no: number; sheet: string }>('SELECT id, document_id, row_no, sheet FROM exports WHERE sheet IS NOT NULL ORDER BY id LIMIT 1 OFFSET 7');
    const problems = edited(`UPDATE exports SET declaration_date = '2020-01-01' WHERE id = ${record.id}`);
    const rows = rowsOf(problems, `document:${record.document_id}`, 'exports');
    expect(rows).toMatchObject({ total: 1, changed: 1, added: 0, deleted: 0 });
    expect(rows.rows).toEqual([{ table: 'exports', id: record.id, change: 'changed', row_no: record.row_no, sheet: record.sheet }]);
    expect(problems.find((p) => p.what === 'facts')!.message).toContain(`exports ${record.id} (sheet ${record.sheet}, row ${record.row_no}) changed (1 row: 1 changed)`);
  });

  it('a sale of a CSV file updated: its source row, no sheet', () => {
    const sale = query<{ id: number; document_id: number; row_no: number }>('SELECT id, document_id, row_no FROM sales WHERE sheet IS NULL ORDER BY id LIMIT 1 OFFSET 3');
    const rows = rowsOf(edited(`UPDATE sales SET price = price / 10 WHERE id = ${sale.id}`), `document:${sale.document_id}`, 'sales');
    expect(rows.rows).toEqual([{ table: 'sales', id: sale.id, change: 'changed', row_no: sale.row_no }]);
  });

  it('an export deleted: named from what its commit kept (row number and sheet)', () => {
    const gone = query<{ id: number; document_id: number; row_no: number; sheet: string | null }>('SELECT id, document_id, row_no, sheet FROM exports ORDER BY id DESC LIMIT 1');
    const rows = rowsOf(edited(`DELETE FROM exports WHERE id = ${gone.id}`), `document:${gone.document_id}`, 'exports');
    expect(rows).toMatchObject({ total: 1, deleted: 1 });
    expect(rows.rows[0]).toMatchObject({ table: 'exports', id: gone.id, change: 'deleted', row_no: gone.row_no });
    if (gone.sheet !== null) expect(rows.rows[0]!.sheet).toBe(gone.sheet);
  });

  it('a registration inserted into a document', () => {
    const reg = query<{ id: number; document_id: number }>('SELECT id, document_id FROM registrations ORDER BY id LIMIT 1');
    const max = query<{ m: number }>('SELECT max(id) AS m FROM registrations').m;
    const problems = edited(`INSERT INTO registrations (document_id, sheet, row_no, raw, registration_date, event, vin, owner, owner_party_id)
      SELECT document_id, sheet, 9999, raw, registration_date, event, vin, 'Forged Owner', owner_party_id FROM registrations WHERE id = ${reg.id}`);
    const rows = rowsOf(problems, `document:${reg.document_id}`, 'registrations');
    expect(rows).toMatchObject({ total: 1, added: 1 });
    expect(rows.rows[0]).toMatchObject({ table: 'registrations', id: max + 1, change: 'added', row_no: 9999 });
  });

  it('a vehicle\'s VIN changed with the triggers off: the vehicle by id, its VIN now and as committed', () => {
    const v = query<{ id: number; vin: string }>('SELECT id, vin FROM vehicles ORDER BY id LIMIT 1 OFFSET 20');
    const forged = `${v.vin.slice(0, 16)}X`;
    const problems = edited(`UPDATE vehicles SET vin = '${forged}' WHERE id = ${v.id}`, true);
    const rows = rowsOf(problems, 'vehicles', 'vehicles');
    expect(rows.rows).toEqual([{ table: 'vehicles', id: v.id, change: 'changed', vin: forged, was: v.vin }]);
    expect(problems.find((p) => p.what === 'facts' && p.key === 'vehicles')!.message).toContain(`vehicles ${v.id} VIN ${forged} changed (committed as VIN ${v.vin})`);
  });

  it('a vehicle deleted and a party renamed with the triggers off: the VIN and name as committed', () => {
    const v = query<{ id: number; vin: string }>('SELECT id, vin FROM vehicles ORDER BY id DESC LIMIT 1');
    const p = query<{ id: number; name: string }>('SELECT id, name FROM parties ORDER BY id LIMIT 1 OFFSET 3');
    const problems = edited(`DELETE FROM vehicles WHERE id = ${v.id}; UPDATE parties SET name = 'Innocent Trading Co' WHERE id = ${p.id}`, true);
    expect(rowsOf(problems, 'vehicles', 'vehicles').rows).toEqual([{ table: 'vehicles', id: v.id, change: 'deleted', vin: v.vin }]);
    expect(rowsOf(problems, 'parties', 'parties').rows).toEqual([{ table: 'parties', id: p.id, change: 'changed', name: 'Innocent Trading Co', was: p.name }]);
  });

  it('a party\'s alias renamed and another party\'s aliases deleted with the triggers off: named by party', () => {
    const [a, b] = [0, 1].map((n) => query<{ party_id: number; name: string }>(`SELECT a.party_id, p.name FROM party_aliases a JOIN parties p ON p.id = a.party_id
      GROUP BY a.party_id ORDER BY a.party_id LIMIT 1 OFFSET ${n}`));
    const problems = edited(`UPDATE party_aliases SET name = name || ' Ltd' WHERE party_id = ${a!.party_id}; DELETE FROM party_aliases WHERE party_id = ${b!.party_id}`, true);
    expect(rowsOf(problems, 'parties', 'party_aliases').rows).toEqual([
      { table: 'party_aliases', id: a!.party_id, change: 'changed', name: a!.name },
      { table: 'party_aliases', id: b!.party_id, change: 'deleted', name: b!.name },
    ]);
    expect(problems.find((p) => p.what === 'facts' && p.key === 'parties')!.message).toContain(`the aliases of party ${a!.party_id} '${a!.name}' changed`);
  });

  it(`bounds the list: the first ${NAMED_ROWS} rows named, then the count (command line text and --json)`, () => {
    const doc = query<{ document_id: number; n: number }>('SELECT document_id, count(*) AS n FROM sales GROUP BY document_id ORDER BY n DESC LIMIT 1');
    expect(doc.n).toBeGreaterThan(NAMED_ROWS);
    const path = join(temp.dir, 'bound.zmcase');
    copyFileSync(base, path);
    execFileSync('sqlite3', [path, `UPDATE sales SET price = coalesce(price, 0) + 1 WHERE document_id = ${doc.document_id}`]);
    const json = spawnSync(process.execPath, [CLI, 'verify', path, '--json', '--quick'], { encoding: 'utf8' });
    expect(json.status).toBe(3);
    const report = JSON.parse(json.stdout) as { problems: VerifyProblem[] };
    const rows = rowsOf(report.problems, `document:${doc.document_id}`, 'sales');
    expect(rows).toMatchObject({ total: doc.n, changed: doc.n });
    expect(rows.rows).toHaveLength(NAMED_ROWS);
    const text = spawnSync(process.execPath, [CLI, 'verify', path, '--quick'], { encoding: 'utf8' });
    expect(text.status).toBe(3);
    expect(text.stdout).toContain(`and ${doc.n - NAMED_ROWS} more (${doc.n} rows: ${doc.n} changed)`);
  });

  it('rows changed before an import (triggers on, and off in a block it writes): the import names them, its entry keeps them, verify says them', async () => {
    for (const triggersOff of [false, true]) {
      const path = join(temp.dir, `before-${triggersOff}.zmcase`);
      copyFileSync(base, path);
      // Off: the last vehicle's block, which the import's new vehicles go to, so the import looks at it before writing.
      const v = query<{ id: number; vin: string }>('SELECT id, vin FROM vehicles ORDER BY id DESC LIMIT 1');
      const p = query<{ id: number; name: string }>('SELECT id, name FROM parties ORDER BY id LIMIT 1 OFFSET 2');
      const sql = triggersOff ? `UPDATE vehicles SET model = 'edited' WHERE id = ${v.id}` : `UPDATE parties SET name = 'Renamed Ltd' WHERE id = ${p.id}`;
      execFileSync('sqlite3', triggersOff ? [path, '.dbconfig enable_trigger off', sql] : [path, sql]);
      const file = join(temp.dir, `more-${triggersOff}.csv`);
      writeFileSync(file, registerSalesFile(900_000, 3));
      const cf = openCaseFile(path);
      try {
        const [result] = await importFiles(cf, [{ path: file }]);
        expect(result!.refused).toBeNull();
        const change = result!.registers_changed_outside?.[0];
        const expected = triggersOff ? { table: 'vehicles', id: v.id, change: 'changed', vin: v.vin } : { table: 'parties', id: p.id, change: 'changed', name: 'Renamed Ltd', was: p.name };
        expect(change?.rows?.[expected.table]?.rows, JSON.stringify(result)).toEqual([expected]);
        const problems = verifyCaseFile(cf.db, { skipIntegrity: true }).problems.filter((x) => x.what === 'facts');
        expect(problems.map((x) => x.problem)).toEqual(['changed_before']);
        const before = problems[0]!;
        expect(before.what === 'facts' && before.changed_rows?.[expected.table]?.rows).toEqual([expected]);
        expect(before.message).toContain(triggersOff ? `vehicles ${v.id} VIN ${v.vin} changed` : `parties ${p.id} 'Renamed Ltd' changed (committed as '${p.name}')`);
      } finally {
        cf.close();
      }
    }
  });
});
