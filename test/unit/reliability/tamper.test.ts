import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHash } from '../../../electron/backend/casefile/audit';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { verifyCaseFile, type VerifyProblem } from '../../../electron/backend/verify/verify';
import { CLI, tempDir } from '../../support/paths';
import { buildCase } from './case-builder';

type Row = { id: number; at: string; actor: string; action: string; subject: string | null; detail: string; prev_hash: string; hash: string };

/** What an attacker with the file and the sqlite3 shell can do: triggers are no obstacle. */
type Attack = { name: string; expect: (VerifyProblem['problem'])[]; tamper(db: Database.Database): void; head?: boolean };

function unlock(db: Database.Database): void {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

/** Rewrites every hash from entry `from` on, so the chain is internally consistent again. */
function relink(db: Database.Database): void {
  let prev = '0'.repeat(64);
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]) {
    const hash = auditHash(prev, r.at, r.actor, r.action, r.subject, r.detail);
    update.run(prev, hash, r.id);
    prev = hash;
  }
}

const ATTACKS: Attack[] = [
  { name: 'a byte of a stored document changed', expect: ['sha256'], tamper: (db) => db.exec("UPDATE document_chunks SET bytes = CAST(replace(CAST(bytes AS TEXT), 'A1', 'B1') AS BLOB) WHERE document_id = 1 AND seq = 2") },
  { name: 'a document piece removed', expect: ['chunks', 'size', 'sha256'], tamper: (db) => db.exec('DELETE FROM document_chunks WHERE document_id = 1 AND seq = 1') },
  { name: 'a document piece appended', expect: ['size', 'sha256'], tamper: (db) => db.exec("INSERT INTO document_chunks VALUES (2, 1, CAST('extra,row' AS BLOB))") },
  { name: 'a document replaced by other bytes of the same size', expect: ['sha256'], tamper: (db) => db.exec("UPDATE document_chunks SET bytes = zeroblob(length(bytes)) WHERE document_id = 2") },
  { name: "a document's recorded hash changed", expect: ['sha256', 'import_entry', 'digest'], tamper: (db) => db.exec("UPDATE documents SET sha256 = replace(sha256, substr(sha256, 1, 1), 'f') WHERE id = 2 AND substr(sha256, 1, 1) <> 'f'; UPDATE documents SET sha256 = '0' || substr(sha256, 2) WHERE id = 2 AND substr(sha256, 1, 1) = 'f'") },
  { name: "a document's recorded size changed", expect: ['size', 'import_entry', 'digest'], tamper: (db) => db.exec('UPDATE documents SET size = size + 1 WHERE id = 3') },
  { name: 'a document row deleted (its bytes left)', expect: ['orphan', 'removed'], tamper: (db) => db.exec('PRAGMA foreign_keys = OFF; DELETE FROM documents WHERE id = 2') },
  { name: 'an audit entry edited', expect: ['hash'], tamper: (db) => { unlock(db); db.exec("UPDATE audit_log SET detail = '{\"body\":\"changed\"}' WHERE id = 6"); } },
  { name: 'an audit entry edited and re-hashed', expect: ['prev_hash'], tamper: (db) => {
    unlock(db);
    const r = db.prepare('SELECT * FROM audit_log WHERE id = 6').get() as Row;
    db.prepare('UPDATE audit_log SET subject = ?, hash = ? WHERE id = 6').run('vehicle:other', auditHash(r.prev_hash, r.at, r.actor, r.action, 'vehicle:other', r.detail));
  } },
  { name: 'an audit entry deleted', expect: ['prev_hash', 'gap'], tamper: (db) => { unlock(db); db.exec('DELETE FROM audit_log WHERE id = 5'); } },
  { name: 'the first audit entry deleted', expect: ['prev_hash', 'gap'], tamper: (db) => { unlock(db); db.exec('DELETE FROM audit_log WHERE id = 1'); } },
  { name: 'an audit entry deleted and the chain re-linked', expect: ['gap', 'truncated'], tamper: (db) => { unlock(db); db.exec('DELETE FROM audit_log WHERE id = 5'); relink(db); } },
  { name: 'an audit entry inserted in the middle', expect: ['prev_hash', 'truncated'], tamper: (db) => {
    unlock(db);
    db.exec('UPDATE audit_log SET id = -id WHERE id > 6; UPDATE audit_log SET id = 1 - id WHERE id < 0');
    const prev = db.prepare('SELECT hash FROM audit_log WHERE id = 6').get() as { hash: string };
    const at = '2026-01-01T00:00:00.000Z';
    db.prepare('INSERT INTO audit_log VALUES (7, ?, ?, ?, ?, ?, ?, ?)').run(at, 'analyst', 'flag.dismiss', 'flag:1', '{}', prev.hash, auditHash(prev.hash, at, 'analyst', 'flag.dismiss', 'flag:1', '{}'));
  } },
  { name: 'an audit entry appended with a forged hash', expect: ['hash', 'truncated'], tamper: (db) => {
    const prev = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string };
    db.prepare("INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES ('2026-01-01', 'analyst', 'x', NULL, '{}', ?, ?)").run(prev.hash, 'f'.repeat(64));
  } },
  { name: 'two audit entries swapped', expect: ['prev_hash'], tamper: (db) => {
    unlock(db);
    db.exec('UPDATE audit_log SET id = 100 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = 100');
  } },
  { name: 'the whole log rewritten consistently (caught by the printed chain head and the case header)', head: true, expect: ['head_missing', 'truncated'], tamper: (db) => {
    unlock(db);
    db.exec("UPDATE audit_log SET detail = '{\"body\":\"rewritten\"}' WHERE id = 8");
    relink(db);
  } },
  { name: 'the last audit entries cut off (caught by the printed chain head and the case header)', head: true, expect: ['head_missing', 'truncated'], tamper: (db) => { unlock(db); db.exec('DELETE FROM audit_log WHERE id >= 10'); } },
];

const temp = tempDir('zeromile-tamper-');
const base = join(temp.dir, 'base.zmcase');
let head = '';

beforeAll(() => {
  buildCase(base);
  const cf = openCaseFile(base, { readonly: true });
  const report = verifyCaseFile(cf.db);
  cf.close();
  expect(report).toMatchObject({ ok: true, documents: 3, audit_entries: 13, integrity: 'ok', problems: [] });
  head = report.audit_head;
});
afterAll(() => temp.remove());

describe('zeromile verify: tamper evidence', () => {
  let detected = 0;
  afterAll(() => {
    process.stderr.write(`tamper evidence: ${detected} of ${ATTACKS.length} tampering cases detected\n`);
  });

  for (const [i, attack] of ATTACKS.entries()) {
    it(`detects: ${attack.name}`, () => {
      const path = join(temp.dir, `attack-${i}.zmcase`);
      copyFileSync(base, path);
      const db = new Database(path);
      attack.tamper(db);
      // The append-only triggers put back as the migration wrote them: the schema check alone must not be what gives an attack away.
      for (const [name, on] of [['audit_log_no_update', 'UPDATE'], ['audit_log_no_delete', 'DELETE']]) {
        db.exec(`CREATE TRIGGER IF NOT EXISTS ${name} BEFORE ${on} ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`);
      }
      db.close();
      const cf = openCaseFile(path, { readonly: true });
      const report = verifyCaseFile(cf.db, attack.head ? { expectHead: head } : {});
      cf.close();
      expect(report.ok).toBe(false);
      expect([...new Set(report.problems.map((p) => p.problem))].sort()).toEqual([...attack.expect].sort());
      for (const p of report.problems) expect(p.message.length).toBeGreaterThan(20);
      detected++;
    });
  }

  it('an untouched case verifies clean, with its chain head, also against that head', () => {
    const cf = openCaseFile(base, { readonly: true });
    expect(verifyCaseFile(cf.db, { expectHead: head })).toMatchObject({ ok: true, audit_head: head });
    cf.close();
  });

  it('reports a damaged database through the integrity check', () => {
    const path = join(temp.dir, 'pages.zmcase');
    copyFileSync(base, path);
    const db = new Database(path);
    db.exec("INSERT INTO parties (name, norm_name) VALUES ('B', 'a'), ('A', 'b')");
    db.close();
    // Redefine an index behind SQLite's back (the sqlite3 shell allows it; better-sqlite3 runs
    // in defensive mode): its stored entries no longer match the table.
    execFileSync('sqlite3', [path, "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX parties_name ON parties(norm_name, id)' WHERE name = 'parties_name';"]);
    const cf = openCaseFile(path, { readonly: true });
    const report = verifyCaseFile(cf.db);
    cf.close();
    expect(report.integrity).toBe('damaged');
    expect(report.problems.some((p) => p.what === 'database' && /parties_name/.test(p.message))).toBe(true);
  });
});

describe('zeromile verify and backup on the command line', () => {
  it('prints JSON naming the mismatch and exits 3; exits 0 on a clean case', () => {
    if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing (npm run build)`);
    const clean = spawnSync(process.execPath, [CLI, 'verify', base, '--json'], { encoding: 'utf8' });
    expect(clean.status).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ ok: true, audit_head: head, documents: 3 });
    const path = join(temp.dir, 'cli-attack.zmcase');
    copyFileSync(base, path);
    const db = new Database(path);
    db.exec("UPDATE document_chunks SET bytes = CAST('x' AS BLOB) WHERE document_id = 2");
    db.close();
    const bad = spawnSync(process.execPath, [CLI, 'verify', path, '--json'], { encoding: 'utf8' });
    expect(bad.status).toBe(3);
    const report = JSON.parse(bad.stdout) as { ok: boolean; problems: VerifyProblem[] };
    expect(report.problems.map((p) => p.problem).sort()).toEqual(['sha256', 'size']);
    expect(report.problems[0]!.message).toContain('exports.csv');
    const text = spawnSync(process.execPath, [CLI, 'verify', path], { encoding: 'utf8' });
    expect(text.stdout).toMatch(/MISMATCH document 2 \(exports\.csv\)/);
    const wrongHead = spawnSync(process.execPath, [CLI, 'verify', base, '--head', 'a'.repeat(64)], { encoding: 'utf8' });
    expect(wrongHead.status).toBe(3);
    expect(wrongHead.stdout).toMatch(/not in the audit log/);
  }, 120_000);

  it('backs up a case to a new file that verifies, and never overwrites', () => {
    const out = join(temp.dir, 'copy.zmcase');
    const result = execFileSync(process.execPath, [CLI, 'backup', base, out], { encoding: 'utf8' });
    expect(result).toMatch(/pages copied/);
    const cf = openCaseFile(out, { readonly: true });
    expect(verifyCaseFile(cf.db)).toMatchObject({ ok: true, audit_head: head, documents: 3 });
    cf.close();
    const again = spawnSync(process.execPath, [CLI, 'backup', base, out], { encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  }, 120_000);
});
