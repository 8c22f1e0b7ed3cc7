import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupCaseFile, onlineBackup } from '../../../electron/backend/casefile/backup';
import { SCHEMA_VERSION } from '../../../electron/backend/casefile/migrations/index';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { schemaCookie } from '../../../electron/backend/casefile/register-outside';
import { importFiles } from '../../../electron/backend/import/import-files';
import { importCommand } from '../../../electron/backend/cli/commands/import';
import { runRules } from '../../../electron/backend/rules/runner';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { rewindMigrations } from '../../support/rewind-migrations';
import { editUnnoticed, registerSalesFile as salesFile, vinNo, workspace, type Workspace } from './import-helpers';

// The register triggers dropped, a row edited and the triggers created again (three lines in the
// sqlite3 shell): every block still kept its digest and every trigger was there, so the next import
// trusted the kept digests and committed the edit as its own. The schema cookie the import's entry
// now records (register-outside.ts) moved on, so the kept digests are not trusted and the registers
// are compared with their last commit. What else moves the cookie (a VACUUM, a copy, a migration)
// then costs one hash of the registers and says nothing.

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());


const casePath = () => join(ws.dir, 'test.zmcase');

/** Works on the closed case with another connection, as the sqlite3 shell would. */
function outside(work: (raw: Database.Database) => void): void {
  ws.caseFile.close();
  const raw = new Database(casePath());
  try {
    work(raw);
  } finally {
    raw.close();
  }
  ws.caseFile = openCaseFile(casePath());
}

/** Drops a register trigger, runs the edit, creates the trigger again from its own SQL. */
function hiddenEdit(trigger: string, edit: string): void {
  outside((raw) => {
    const sql = raw.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').pluck().get(trigger) as string;
    raw.exec(`DROP TRIGGER ${trigger}; ${edit}; ${sql};`);
  });
}

/** Puts the case back one schema version, so that opening it runs the last migration again. */
const rewindLastMigration = (raw: Database.Database) => rewindMigrations(raw, SCHEMA_VERSION - 1);

const problems = (cf: CaseFile = ws.caseFile) => verifyCaseFile(cf.db, { skipIntegrity: true }).problems.map((p) => `${p.what}:${p.problem}:${'key' in p ? p.key : ''}`);

/** The details of the entries that committed the registers, oldest first. */
const commits = (cf: CaseFile = ws.caseFile) => (cf.db.prepare("SELECT detail FROM audit_log WHERE detail LIKE '%\"vehicles\":%' ORDER BY id").pluck().all() as string[])
  .map((d) => JSON.parse(d) as { schema_cookie?: number; registers_changed_outside?: { key: string; tables: string[] }[] });

let next = 100;
const importSome = async (cf: CaseFile = ws.caseFile) => {
  const [result] = await importFiles(cf, [{ path: ws.file(`f${next}.csv`, salesFile(next, 5)) }]);
  next += 10;
  expect(result!.refused).toBeNull();
  return result!;
};

/** The finding for the party 重庆两江汽车贸易有限公司 renamed (the buyer of every sales file here): it is named, with the name committed. */
function renamed(now = '某某贸易公司', was = '重庆两江汽车贸易有限公司') {
  return { rows: [{ table: 'parties', id: expect.any(Number) as unknown as number, change: 'changed', name: now, was }], total: 1, changed: 1, added: 0, deleted: 0 };
}

describe('a register edited with its trigger dropped and created again', () => {
  it('is named after the next import: a party', async () => {
    await importSome();
    hiddenEdit('register_blocks_parties_update', "UPDATE parties SET name = '某某贸易公司' WHERE name = '重庆两江汽车贸易有限公司'");
    expect(problems()).toEqual(['facts:digest:parties']);
    const result = await importSome();
    expect(problems()).toEqual(['facts:changed_before:parties']);
    expect(commits().at(-1)!.registers_changed_outside).toEqual([expect.objectContaining({ key: 'parties', tables: ['parties'] })]);
    // Said to whoever imported too, not only recorded for verify.
    expect(result.registers_changed_outside).toEqual([{ key: 'parties', committed_entry: expect.any(Number), tables: ['parties'], rows: { parties: renamed() } }]);
  });

  it('is named after the next import: a vehicle, every trigger of the table dropped', async () => {
    await importSome();
    outside((raw) => {
      const triggers = raw.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'vehicles'").all() as { name: string; sql: string }[];
      raw.exec(`${triggers.map((t) => `DROP TRIGGER ${t.name};`).join(' ')}
        UPDATE vehicles SET model = 'edited' WHERE id = 1; INSERT INTO vehicles (vin, wmi) VALUES ('${vinNo(9999)}', 'LGX');
        ${triggers.map((t) => `${t.sql};`).join(' ')}`);
    });
    await importSome();
    expect(problems()).toEqual(['facts:changed_before:vehicles']);
  });

  it('is named after a migration, which commits the registers whole too', async () => {
    await importSome();
    outside((raw) => {
      raw.exec("UPDATE parties SET name = '某某贸易公司' WHERE name = '重庆两江汽车贸易有限公司'");
      rewindLastMigration(raw);
    });
    expect(commits().at(-1)!.registers_changed_outside).toEqual([expect.objectContaining({ key: 'parties' })]);
    expect(problems()).toEqual(['facts:changed_before:parties']);
  });
});

describe('a register edited without its triggers firing and the schema cookie as it was', () => {
  const unnoticed = (edit: string) => outside((raw) => editUnnoticed(raw, edit));

  it('is named when the import writes the block that holds the rows', async () => {
    await importSome();
    unnoticed("UPDATE parties SET name = '某某贸易公司' WHERE name = '重庆两江汽车贸易有限公司'; UPDATE vehicles SET model = 'edited' WHERE id = 3");
    const result = await importSome();
    expect(result.registers_changed_outside).toEqual([
      { key: 'parties', committed_entry: expect.any(Number), tables: ['parties'], rows: { parties: renamed() } },
      { key: 'vehicles', committed_entry: expect.any(Number), tables: ['vehicles'], rows: { vehicles: { rows: [{ table: 'vehicles', id: 3, change: 'changed', vin: expect.any(String) }], total: 1, changed: 1, added: 0, deleted: 0 } } },
    ]);
    expect(problems()).toEqual(['facts:changed_before:parties', 'facts:changed_before:vehicles']);
  });
});

describe('what else changes the schema says nothing', () => {
  it('every commit records the schema cookie as the act left it, after its own trigger and index work', async () => {
    expect(commits().at(-1)!.schema_cookie).toBe(schemaCookie(ws.caseFile.db));
    await importSome();
    // A bulk load drops and rebuilds the record indexes too.
    const [bulk] = await importFiles(ws.caseFile, [{ path: ws.file('bulk.csv', salesFile(500, 40)) }], { bulkLoadBytes: 1 });
    expect(bulk!.refused).toBeNull();
    expect(commits().at(-1)!.schema_cookie).toBe(schemaCookie(ws.caseFile.db));
  });

  it('a rule run leaves the schema cookie alone, so the import after it keeps its cheap check', async () => {
    await importSome();
    const before = schemaCookie(ws.caseFile.db);
    runRules(ws.caseFile, {}, { finderThreads: 0 });
    expect(schemaCookie(ws.caseFile.db)).toBe(before);
    expect(commits().at(-1)!.schema_cookie).toBe(before);
  });

  it('a VACUUM, the triggers dropped and created again without an edit, and a migration: nothing recorded, verify clean', async () => {
    await importSome();
    const before = schemaCookie(ws.caseFile.db);
    outside((raw) => raw.exec('VACUUM'));
    expect(schemaCookie(ws.caseFile.db)).not.toBe(before);
    await importSome();
    hiddenEdit('register_blocks_vehicles_update', 'SELECT 1');
    await importSome();
    outside(rewindLastMigration);
    await importSome();
    expect(commits().filter((c) => c.registers_changed_outside)).toEqual([]);
    expect(commits().at(-1)!.schema_cookie).toBe(schemaCookie(ws.caseFile.db));
    expect(problems()).toEqual([]);
  });

  it('copies made by VACUUM INTO and by the online backup import without a word', async () => {
    await importSome();
    const copies = [join(ws.dir, 'vacuumed.zmcase'), join(ws.dir, 'online.zmcase')];
    backupCaseFile(ws.caseFile.db, copies[0]!);
    await onlineBackup(ws.caseFile.db, copies[1]!);
    for (const path of copies) {
      const copy = openCaseFile(path);
      try {
        await importSome(copy);
        expect(commits(copy).at(-1)!.schema_cookie).toBe(schemaCookie(copy.db));
        expect(commits(copy).filter((c) => c.registers_changed_outside)).toEqual([]);
        expect(problems(copy)).toEqual([]);
      } finally {
        copy.close();
      }
    }
  });
});

describe('zeromile import', () => {
  const run = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await importCommand.run(argv, { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
    return { code, out, err };
  };

  it('warns of the registers changed outside ZeroMile, in its text and in --json', async () => {
    await importSome();
    ws.caseFile.close();
    const raw = new Database(casePath());
    raw.exec("UPDATE parties SET name = '某某贸易公司' WHERE name = '重庆两江汽车贸易有限公司'; UPDATE vehicles SET model = 'edited' WHERE id = 2");
    const committed = raw.prepare("SELECT max(id) FROM audit_log WHERE action = 'import.file'").pluck().get() as number;
    raw.close();
    const text = await run(casePath(), ws.file('cli-a.csv', salesFile(700, 3)));
    expect(text.code).toBe(0);
    expect(text.out).toContain(`  warning: the parties register (parties) was changed outside ZeroMile since audit entry ${committed} committed it: this import committed those rows as they were; its audit entry records the change and zeromile verify names it. Rows that differed: parties 2 '某某贸易公司' changed (committed as '重庆两江汽车贸易有限公司') (1 row: 1 changed)\n`);
    expect(text.out).toContain(`  warning: the vehicles register (vehicles) was changed outside ZeroMile since audit entry ${committed} committed it:`);
    // Of two files, the first finds the edit and the second the registers as the first committed them.
    const again = new Database(casePath());
    again.exec("UPDATE parties SET name = '另一家公司' WHERE name = '某某贸易公司'");
    again.close();
    const json = await run(casePath(), ws.file('cli-b.csv', salesFile(800, 3)), ws.file('cli-c.csv', salesFile(900, 3)), '--json');
    expect(json.code).toBe(0);
    const [first, second] = (JSON.parse(json.out) as { files: { registers_changed_outside?: unknown }[] }).files;
    expect(first!.registers_changed_outside).toEqual([{ key: 'parties', committed_entry: committed + 1, tables: ['parties'], rows: { parties: renamed('另一家公司', '某某贸易公司') } }]);
    expect(second).not.toHaveProperty('registers_changed_outside');
    expect(json.err).toMatch(/^cli-b\.csv: warning: the parties register \(parties\) was changed outside ZeroMile since audit entry \d+ committed it/);
    ws.caseFile = openCaseFile(casePath());
  });
});
