import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../../electron/backend/import/import-files';
import { verifyCaseFile, type VerifyProblem } from '../../../electron/backend/verify/verify';
import { tempDir } from '../../support/paths';
import { csv, SELLER_USCC, vinNo } from '../import/import-helpers';

/**
 * The kept row digests of a register deleted by hand in the sqlite3 shell, with the register's
 * triggers on (so the edited block's kept block digest is dropped too): verify says the rows
 * cannot be named, as for a document's, and never calls them added. A real import of 4,200 sales,
 * each to a buyer of its own, so parties, their aliases and vehicles fill two register blocks.
 */
const temp = tempDir('zeromile-verify-unkept-');
const base = join(temp.dir, 'base.zmcase');
const SALES = 4_200;

beforeAll(async () => {
  const file = join(temp.dir, 'sales.csv');
  writeFileSync(file, csv([['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '价税合计'],
    ...Array.from({ length: SALES }, (_, i) => [`8100${String(i).padStart(5, '0')}`, '2024-04-05', vinNo(i), '深圳市前海贸易有限公司', SELLER_USCC, `Buyer ${i} Trading LLC`, '88000'])]));
  const cf = openCaseFile(base, { create: { title: 'Unkept row digests' } });
  const [result] = await importFiles(cf, [{ path: file }]);
  expect(result!.refused).toBeNull();
  cf.close();
}, 60_000);
afterAll(() => temp.remove());

let copies = 0;
function edited(sql: string): VerifyProblem[] {
  const path = join(temp.dir, `edit-${copies++}.zmcase`);
  copyFileSync(base, path);
  execFileSync('sqlite3', [path, sql]);
  const cf = openCaseFile(path, { readonly: true, check: 'none' });
  try {
    return verifyCaseFile(cf.db, { skipIntegrity: true }).problems;
  } finally {
    cf.close();
  }
}

const code = (table: string) => `(SELECT code FROM row_digest_tables WHERE name = '${table}')`;
/** Renames party 3, one of its aliases and vehicle 3's model, and, past the first block, those of 4,100. */
const EDITS = `UPDATE parties SET name = 'Renamed' WHERE id IN (3, 4100); UPDATE party_aliases SET name = name || ' Ltd' WHERE party_id IN (3, 4100);
  UPDATE vehicles SET model = 'edited' WHERE id IN (3, 4100);`;

function digestProblem(problems: VerifyProblem[], key: string) {
  const found = problems.find((p) => p.what === 'facts' && p.key === key && p.problem === 'digest');
  expect(found, JSON.stringify(problems)).toBeDefined();
  return found as Extract<VerifyProblem, { what: 'facts' }>;
}

describe('zeromile verify with the kept row digests of a register deleted by hand', () => {
  it('all of them: the rows of parties, party_aliases and vehicles cannot be named, none reads as added', () => {
    const problems = edited(`DELETE FROM row_digest_blocks WHERE fact = 0 AND tbl IN (${code('parties')}, ${code('party_aliases')}, ${code('vehicles')}); ${EDITS}`);
    const parties = digestProblem(problems, 'parties');
    const vehicles = digestProblem(problems, 'vehicles');
    const unnamed = { rows: [], total: 0, changed: 0, added: 0, deleted: 0, unnamed: [[0, 8191]] };
    expect(parties.changed_rows, parties.message).toEqual({ parties: unnamed, party_aliases: unnamed });
    expect(vehicles.changed_rows, vehicles.message).toEqual({ vehicles: unnamed });
    expect(parties.message).toContain('The rows of parties with ids 0-8191 cannot be named (their kept row digests are gone); the rows of party_aliases with party ids 0-8191 cannot');
    expect(vehicles.message).toContain('The rows of vehicles with ids 0-8191 cannot be named');
    expect(`${parties.message} ${vehicles.message}`).not.toContain('added');
  });

  it('those of the first block only: the rows of the second are named, the first block is said unnamed, not added', () => {
    const problems = edited(`DELETE FROM row_digest_blocks WHERE fact = 0 AND lo BETWEEN 0 AND 4095 AND tbl IN (${code('parties')}, ${code('party_aliases')}, ${code('vehicles')}); ${EDITS}`);
    const parties = digestProblem(problems, 'parties');
    const vehicles = digestProblem(problems, 'vehicles');
    expect(parties.changed_rows?.parties).toMatchObject({ total: 1, changed: 1, added: 0, unnamed: [[0, 4095]], rows: [{ id: 4100, change: 'changed', name: 'Renamed' }] });
    expect(parties.changed_rows?.party_aliases).toMatchObject({ total: 1, changed: 1, added: 0, unnamed: [[0, 4095]], rows: [{ id: 4100, change: 'changed' }] });
    expect(vehicles.changed_rows?.vehicles).toMatchObject({ total: 1, changed: 1, added: 0, unnamed: [[0, 4095]], rows: [{ id: 4100, change: 'changed' }] });
    expect(parties.message).toContain('the rows of parties with ids 0-4095 cannot be named (their kept row digests are gone)');
    expect(parties.message).toContain('the rows of party_aliases with party ids 0-4095 cannot be named');
  });

  it('none deleted, a party inserted in a block the commit held no rows of: still named as added', () => {
    const problems = edited("INSERT INTO parties (id, name, norm_name) VALUES (9000, 'Forged LLC', 'forged llc')");
    const parties = digestProblem(problems, 'parties');
    expect(parties.changed_rows?.parties, parties.message).toMatchObject({ total: 1, added: 1, rows: [{ id: 9000, change: 'added', name: 'Forged LLC' }] });
    expect(parties.changed_rows?.parties?.unnamed).toBeUndefined();
  });
});
