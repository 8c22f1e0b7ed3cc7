import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../electron/backend/casefile/audit';
import { documentDigestV2 } from '../../../electron/backend/casefile/document-digest';
import { allFactKeys, documentFactTables, factDigest, type FactDigests } from '../../../electron/backend/casefile/fact-digests';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { importFiles } from '../../../electron/backend/import/import-files';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { tempDir } from '../../support/paths';
import { rewindMigrations } from '../../support/rewind-migrations';

/**
 * Documents and registers committed in the second scheme (SQL-encoded rows, `v2:`) by the real
 * import; tampering by plain SQL named by verify, with the registers' triggers or without them;
 * and cases committed in the first scheme still verifying, and moving to the second when migrated.
 */
const temp = tempDir('zeromile-document-digest-');
let cf: CaseFile;
let path: string;

beforeAll(async () => {
  // A seed and size no other test uses.
  const demo = await writeDemo(join(temp.dir, 'demo'), { vehicles: 120, seed: 77 });
  path = join(temp.dir, 'digests.zmcase');
  cf = openCaseFile(path, { create: { title: 'Document digests' } });
  await importFiles(cf, demo.files.map((f) => ({ path: join(demo.dir, f.file) })));
}, 120_000);
afterAll(() => {
  cf.close();
  temp.remove();
});

const problemsOf = () => verifyCaseFile(cf.db, { skipIntegrity: true }).problems.map((p) => `${p.what}:${p.problem}:${'key' in p ? p.key : 'name' in p ? p.name : ''}`);

/** The facts the last audit entry committing each key holds. */
function committed(): FactDigests {
  const out: FactDigests = {};
  for (const detail of cf.db.prepare('SELECT detail FROM audit_log ORDER BY id').pluck().all() as string[]) {
    Object.assign(out, (JSON.parse(detail) as { facts?: FactDigests }).facts ?? {});
  }
  return out;
}

/** Runs `attack` and the check in a transaction rolled back after, so the case stays clean for the next. */
function rolledBack(attack: () => void): void {
  const savepoint = cf.db.transaction(() => {
    attack();
    throw new Error('roll back');
  });
  expect(() => savepoint()).toThrow('roll back');
}

const dropRegisterTriggers = () => (cf.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'register_blocks_%'").pluck().all() as string[])
  .map((name) => `DROP TRIGGER ${name};`).join(' ');

const TAMPERING = [
  { sql: 'UPDATE sales SET price = price + 1 WHERE id = (SELECT min(id) FROM sales)', key: 'document:', table: 'sales' },
  { sql: "UPDATE vehicles SET model = 'Other' WHERE id = (SELECT max(id) FROM vehicles)", key: 'vehicles', table: 'vehicles' },
  { sql: "UPDATE parties SET country = 'XX' WHERE id = (SELECT min(id) FROM parties)", key: 'parties', table: 'parties' },
  { sql: "UPDATE party_aliases SET name = name || ' Ltd' WHERE party_id = (SELECT min(party_id) FROM party_aliases)", key: 'parties', table: 'party_aliases' },
];

function expectNamed(attack: (typeof TAMPERING)[number], problems: string[], triggersDropped: boolean): void {
  const facts = problems.filter((p) => p.startsWith('facts:'));
  expect(facts, attack.sql).toHaveLength(1);
  expect(facts[0]).toMatch(new RegExp(`^facts:digest:${attack.key}`));
  if (triggersDropped) expect(problems).toContain('schema:removed:register_blocks_vehicles_insert');
}

describe('document and register digests (scheme v2)', () => {
  it('the import commits every document table and the registers in the second scheme, as verify recomputes them', () => {
    const facts = committed();
    const documents = Object.keys(facts).filter((k) => k.startsWith('document:'));
    expect(documents.length).toBeGreaterThan(5);
    for (const key of [...documents, 'parties', 'vehicles']) {
      for (const digest of Object.values(facts[key]!)) expect(digest, key).toMatch(/^v2:[0-9a-f]{64}$/);
      expect(factDigest(cf.db, key), key).toEqual(facts[key]);
    }
    // Tables from the schema: a document's records, their sources and its rejected rows all count.
    expect(documents.some((k) => 'rejected_rows' in facts[k]!)).toBe(true);
    // The rows are read in blocks of rowids; the split does not show in the digest.
    const tables = documentFactTables(cf.db);
    for (const key of documents) expect(documentDigestV2(cf.db, Number(key.split(':')[1]), tables, undefined, 7)).toEqual(facts[key]);
    expect(problemsOf()).toEqual([]);
  });

  it('names a record, vehicle, party or alias changed by plain SQL, with the registers\' triggers or without them', () => {
    for (const triggersDropped of [false, true]) {
      for (const attack of TAMPERING) {
        rolledBack(() => {
          if (triggersDropped) cf.db.exec(dropRegisterTriggers());
          cf.db.exec(attack.sql);
          expectNamed(attack, problemsOf(), triggersDropped);
        });
      }
    }
    // A column added outside ZeroMile to a document's table changes its rows' encoding.
    rolledBack(() => {
      cf.db.exec("ALTER TABLE sales ADD COLUMN remark TEXT DEFAULT 'x'");
      const facts = problemsOf().filter((p) => p.startsWith('facts:'));
      expect(facts.length).toBeGreaterThan(0);
      expect(facts.every((p) => p.startsWith('facts:digest:document:'))).toBe(true);
    });
    expect(problemsOf()).toEqual([]);
  });

  it('a case committed in the first scheme still verifies, and its tampering is still named', () => {
    const fake = { any: 'a digest of the first scheme' };
    const v1 = Object.fromEntries(allFactKeys(cf.db).map((key) => [key, factDigest(cf.db, key, undefined, fake)]));
    for (const tables of Object.values(v1)) for (const digest of Object.values(tables)) expect(digest).toMatch(/^[0-9a-f]{64}$/);
    rolledBack(() => {
      // What an older case holds: every fact committed in the first scheme by its last entry.
      appendAudit(cf.db, { action: 'case.migrate', subject: null, detail: { facts: v1 } });
      expect(problemsOf()).toEqual([]);
      for (const attack of TAMPERING) {
        rolledBack(() => {
          cf.db.exec(attack.sql);
          expectNamed(attack, problemsOf(), false);
        });
      }
    });
  });

  it('a case made before the kept block digests is migrated: the registers and documents are recommitted in the second scheme', () => {
    const fake = { any: 'a digest of the first scheme' };
    const v1 = Object.fromEntries(allFactKeys(cf.db).map((key) => [key, factDigest(cf.db, key, undefined, fake)]));
    const old = join(temp.dir, 'version-10.zmcase');
    cf.db.exec(`VACUUM INTO '${old}'`);
    // The case as version 10 left it: no kept digests, no triggers, no order segments (012), no name-only index (013) nor name-match indexes (015), no row digests (016), no invoice codes (017), the record indexes 018 drops, every fact committed in the first scheme.
    const raw = new Database(old);
    rewindMigrations(raw, 10);
    appendAudit(raw, { action: 'case.migrate', subject: null, detail: { facts: v1 } });
    raw.close();
    const migrated = openCaseFile(old);
    try {
      const entry = migrated.db.prepare("SELECT detail FROM audit_log WHERE action = 'case.migrate' ORDER BY id DESC LIMIT 1").pluck().get() as string;
      const facts = (JSON.parse(entry) as { facts: FactDigests }).facts;
      expect(Object.keys(facts).sort()).toEqual(Object.keys(v1).sort());
      for (const tables of Object.values(facts)) for (const digest of Object.values(tables)) expect(digest).toMatch(/^v2:/);
      expect(migrated.db.prepare('SELECT count(*) FROM register_blocks').pluck().get()).toBeGreaterThan(0);
      // The migration's commit keeps every row's digest: a sale and a vehicle edited after it are named.
      const kept = (table: string) => migrated.db.prepare('SELECT sum(length(digests)) / 8 FROM row_digest_blocks WHERE tbl = (SELECT code FROM row_digest_tables WHERE name = ?)').pluck().get(table);
      expect(kept('sales')).toBe(migrated.db.prepare('SELECT count(*) FROM sales').pluck().get());
      expect(kept('vehicles')).toBe(migrated.db.prepare('SELECT count(*) FROM vehicles').pluck().get());
      expect(verifyCaseFile(migrated.db, { skipIntegrity: true }).problems).toEqual([]);
    } finally {
      migrated.close();
    }
  });
});
