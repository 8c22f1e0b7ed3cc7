import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { registerSalesFile as salesFile, vinNo, editOutside, workspace, type Workspace } from './import-helpers';

// A party or vehicle edited outside ZeroMile, then an import: the import's entry commits the
// registers as they are, so verify, which holds the case to the newest commit, saw nothing. The
// import now looks first (casefile/register-outside.ts) and its entry says so; verify names it.

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());


const edit = (sql: string) => editOutside(ws, sql);

const problems = () => verifyCaseFile(ws.caseFile.db, { skipIntegrity: true }).problems.map((p) => `${p.what}:${p.problem}:${'key' in p ? p.key : ''}`);

describe('registers changed outside ZeroMile before an import', () => {
  it('are named by verify after the next import took them in', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('a.csv', salesFile(1, 30)) }]);
    expect(problems()).toEqual([]);
    edit("UPDATE parties SET name = '某某贸易公司' WHERE name = '重庆两江汽车贸易有限公司'");
    expect(problems()).toEqual(['facts:digest:parties']);
    const [second] = await importFiles(ws.caseFile, [{ path: ws.file('b.csv', salesFile(100, 10)) }]);
    expect(second!.refused).toBeNull();
    const found = problems();
    expect(found).toEqual(['facts:changed_before:parties']);
    const message = verifyCaseFile(ws.caseFile.db, { skipIntegrity: true }).problems[0]!.message;
    expect(message).toMatch(/the parties register's rows in parties differed from those committed by audit entry \d+ when audit entry \d+ \(import\.file\) was about to write them/);
  });

  it('are found with the triggers dropped too, and a vehicle inserted is named', async () => {
    await importFiles(ws.caseFile, [{ path: ws.file('a.csv', salesFile(1, 30)) }]);
    edit(`DROP TRIGGER register_blocks_vehicles_insert; INSERT INTO vehicles (vin, wmi) VALUES ('${vinNo(9999)}', 'LGX')`);
    await importFiles(ws.caseFile, [{ path: ws.file('b.csv', salesFile(100, 10)) }]);
    expect(problems()).toContain('facts:changed_before:vehicles');
  });

  it('says nothing when only ZeroMile wrote them', async () => {
    for (let i = 0; i < 3; i++) await importFiles(ws.caseFile, [{ path: ws.file(`f${i}.csv`, salesFile(1 + i * 20, 25)) }]);
    expect(problems()).toEqual([]);
    const entries = ws.caseFile.db.prepare("SELECT detail FROM audit_log WHERE action = 'import.file'").pluck().all() as string[];
    expect(entries.filter((d) => d.includes('registers_changed_outside'))).toEqual([]);
  });
});
