import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { importFiles } from '../../../electron/backend/import/import-files';
import { addNote, setReview, setTags } from '../../../electron/backend/queries/review-queries';
import { runRules } from '../../../electron/backend/rules/runner';
import { verifyCaseFile, type VerifyProblem } from '../../../electron/backend/verify/verify';
import { CLI, tempDir } from '../../support/paths';

/**
 * What someone with the case file and the sqlite3 shell can change about the facts the evidence
 * rests on (records, flags, verdicts, notes, parties, documents, the log itself, the schema), on
 * a case made by the real import, rule run and review paths. Each must be named by verify.
 */
type Attack = { name: string; sql: string; expect: string[]; after?: (path: string) => void };

const unlockLog = 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;';
/** The triggers put back as the migration wrote them, so the schema check alone does not give the attack away. */
const relockLog = `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`;

const ATTACKS: Attack[] = [
  { name: "a sale's price edited", sql: 'UPDATE sales SET price = price / 10 WHERE id = (SELECT min(id) FROM sales)', expect: ['facts:digest'] },
  { name: "a sale's date edited", sql: "UPDATE sales SET invoice_date = '2020-01-01' WHERE id = (SELECT max(id) FROM sales)", expect: ['facts:digest'] },
  { name: "a registration's odometer edited", sql: 'UPDATE registrations SET odometer_km = 9 WHERE id = (SELECT min(id) FROM registrations)', expect: ['facts:digest'] },
  { name: "a sale's buyer edited", sql: "UPDATE sales SET buyer = 'Someone Else Ltd' WHERE id = (SELECT min(id) FROM sales)", expect: ['facts:digest'] },
  { name: 'a record inserted', sql: `INSERT INTO sales (document_id, sheet, row_no, page, raw, invoice_no, invoice_date, vin, seller, seller_id, seller_party_id, buyer, buyer_id, buyer_party_id, price, currency, invoice_type)
      SELECT document_id, sheet, row_no + 100000, page, raw, 'FORGED', invoice_date, vin, seller, seller_id, seller_party_id, buyer, buyer_id, buyer_party_id, price, currency, invoice_type FROM sales LIMIT 1`, expect: ['facts:digest'] },
  { name: 'a record inserted citing no document', sql: `INSERT INTO exports (document_id, raw, declaration_no, declaration_date, vin, exporter, exporter_party_id, destination_country)
      SELECT 999, '[]', 'X', '2024-01-01', vin, exporter, exporter_party_id, 'RU' FROM exports LIMIT 1`, expect: ['facts:stray'] },
  { name: 'a record deleted', sql: 'DELETE FROM exports WHERE id = (SELECT max(id) FROM exports)', expect: ['facts:digest'] },
  { name: 'a rejected row deleted', sql: 'DELETE FROM rejected_rows WHERE id = (SELECT min(id) FROM rejected_rows)', expect: ['facts:digest'] },
  { name: 'a flag deleted with its evidence', sql: 'DELETE FROM flag_evidence WHERE flag_id = (SELECT max(id) FROM flags); DELETE FROM flags WHERE id = (SELECT max(id) FROM flags)', expect: ['facts:digest'] },
  { name: "a flag's severity lowered", sql: "UPDATE flags SET severity = 'low' WHERE id = (SELECT min(id) FROM flags WHERE severity <> 'low')", expect: ['facts:digest'] },
  { name: "a flag's evidence row deleted", sql: 'DELETE FROM flag_evidence WHERE flag_id = (SELECT min(flag_id) FROM flag_evidence)', expect: ['facts:digest'] },
  { name: 'a verdict changed (and the flag status with it)', sql: "UPDATE reviews SET status = 'dismissed', reason = 'not relevant'; UPDATE flags SET status = 'dismissed' WHERE flag_key IN (SELECT flag_key FROM reviews)", expect: ['verdict:changed'] },
  { name: 'a verdict deleted', sql: 'DELETE FROM reviews', expect: ['verdict:removed', 'verdict:flag_status'] },
  { name: 'a verdict set outside ZeroMile', sql: "INSERT INTO reviews SELECT flag_key, 'confirmed', NULL, 'x', '2026-01-01' FROM flags WHERE flag_key NOT IN (SELECT flag_key FROM reviews) LIMIT 1", expect: ['verdict:unaudited', 'verdict:flag_status'] },
  { name: 'a note edited', sql: "UPDATE notes SET body = 'nothing to see'", expect: ['note:changed'] },
  { name: 'a note deleted', sql: 'DELETE FROM notes', expect: ['note:removed'] },
  { name: 'tags removed', sql: 'DELETE FROM tags', expect: ['note:tags'] },
  { name: 'a party renamed', sql: "UPDATE parties SET name = 'Innocent Trading Co' WHERE id = (SELECT min(id) FROM parties)", expect: ['facts:digest'] },
  { name: "a vehicle's make changed", sql: "UPDATE vehicles SET make = 'Other' WHERE id = (SELECT min(id) FROM vehicles)", expect: ['facts:digest'] },
  // json_array refuses a BLOB: verify said only 'reading the case file failed: JSON cannot hold BLOB values' (and every import failed on it).
  { name: "a vehicle's model made a BLOB of the same bytes", sql: 'UPDATE vehicles SET model = CAST(model AS BLOB) WHERE id = (SELECT min(id) FROM vehicles WHERE model IS NOT NULL)', expect: ['facts:digest'] },
  { name: "a party's alias made a BLOB", sql: 'UPDATE party_aliases SET name = CAST(name AS BLOB) WHERE party_id = (SELECT min(party_id) FROM party_aliases)', expect: ['facts:digest'] },
  { name: "a sale's raw row made a BLOB", sql: 'UPDATE sales SET raw = CAST(raw AS BLOB) WHERE id = (SELECT min(id) FROM sales)', expect: ['facts:digest'] },
  { name: 'a document replaced consistently (bytes, hash and size rewritten)', sql: `UPDATE document_chunks SET bytes = CAST('invoice_no,vin' AS BLOB) WHERE document_id = 1 AND seq = 0;
      DELETE FROM document_chunks WHERE document_id = 1 AND seq > 0;
      UPDATE documents SET size = 14, sha256 = '${createHash('sha256').update('invoice_no,vin').digest('hex')}' WHERE id = 1`, expect: ['document:import_entry', 'facts:digest'] },
  { name: 'a rule run deleted with its flags', sql: 'DELETE FROM flag_evidence; DELETE FROM flags; DELETE FROM rule_runs', expect: ['facts:removed'] },
  { name: 'the last audit entry deleted', sql: `${unlockLog} DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log); ${relockLog}`, expect: ['audit:truncated', 'note:tags'] },
  { name: 'the whole audit log deleted', sql: `${unlockLog} DELETE FROM audit_log; ${relockLog}`, expect: ['audit:truncated', 'document:import_entry', 'facts:uncommitted', 'verdict:unaudited', 'note:unaudited', 'note:tags'] },
  { name: 'the audit log deleted and its triggers with it', sql: `${unlockLog} DELETE FROM audit_log`, expect: ['audit:truncated', 'document:import_entry', 'facts:uncommitted', 'verdict:unaudited', 'note:unaudited', 'note:tags', 'schema:removed'] },
  { name: 'the case title changed', sql: "UPDATE case_meta SET value = 'Nothing here' WHERE key = 'title'", expect: ['case:changed'] },
  { name: 'a case number set outside ZeroMile', sql: "INSERT INTO case_meta VALUES ('case_number', 'X-1')", expect: ['case:changed'] },
  { name: "the case header's anchor deleted", sql: "DELETE FROM case_meta WHERE key LIKE 'audit.%'", expect: ['audit:anchor'] },
  {
    name: 'a trigger planted that lowers the severity of later flags',
    sql: "CREATE TRIGGER quiet AFTER INSERT ON flags BEGIN UPDATE flags SET severity = 'low' WHERE id = new.id; END",
    // The run commits the digest of the flags its rules found (hashed where they were found, before
    // the trigger touched them), so the lowered severities show as well as the trigger itself.
    expect: ['facts:digest', 'schema:added'],
    after: (path) => {
      const cf = openCaseFile(path);
      runRules(cf, {});
      cf.close();
    },
  },
  { name: 'an index dropped', sql: 'DROP INDEX sales_buyer', expect: ['schema:removed'] },
];

const temp = tempDir('zeromile-tamper-facts-');
const base = join(temp.dir, 'base.zmcase');

beforeAll(async () => {
  const demo = await writeDemo(join(temp.dir, 'demo'), { vehicles: 200, seed: 3 });
  const cf = openCaseFile(base, { create: { title: 'Tamper facts' } });
  await importFiles(cf, demo.files.map((f) => ({ path: join(demo.dir, f.file) })));
  runRules(cf, {});
  const flag = cf.db.prepare('SELECT flag_key, vin FROM flags ORDER BY id LIMIT 1').get() as { flag_key: string; vin: string };
  setReview(cf.db, { flag_key: flag.flag_key, status: 'confirmed' }, 'Analyst A');
  addNote(cf.db, 'vehicle', flag.vin, 'Exported 3 days after its first registration.');
  setTags(cf.db, 'vehicle', flag.vin, ['priority']);
  cf.close();
}, 120_000);
afterAll(() => temp.remove());

function verify(path: string): ReturnType<typeof verifyCaseFile> {
  const cf = openCaseFile(path, { readonly: true, check: 'none' });
  try {
    return verifyCaseFile(cf.db, { skipIntegrity: true });
  } finally {
    cf.close();
  }
}

const kinds = (problems: VerifyProblem[]) => [...new Set(problems.map((p) => `${p.what}:${p.problem}`))].sort();

describe('zeromile verify: tampering with the facts the evidence rests on', () => {
  let detected = 0;
  afterAll(() => process.stderr.write(`tamper evidence (facts): ${detected} of ${ATTACKS.length} tampering cases detected\n`));

  it('an untouched case made by import, rule run and review verifies clean, with its rate', () => {
    const report = verify(base);
    expect(report.problems).toEqual([]);
    expect(report.fact_rows).toBeGreaterThan(1000);
    expect(report.rows_per_s).toBeGreaterThan(0);
  });

  for (const [i, attack] of ATTACKS.entries()) {
    it(`detects: ${attack.name}`, () => {
      const path = join(temp.dir, `attack-${i}.zmcase`);
      copyFileSync(base, path);
      // The sqlite3 shell, as an attacker would use it (better-sqlite3 refuses some of this in defensive mode).
      execFileSync('sqlite3', [path, attack.sql]);
      attack.after?.(path);
      const report = verify(path);
      expect(report.ok).toBe(false);
      expect(kinds(report.problems)).toEqual([...attack.expect].sort());
      for (const p of report.problems) expect(p.message.length).toBeGreaterThan(20);
      detected++;
    });
  }
});

describe('zeromile verify --evidence / --digest: does the case still hold the facts a sheet printed?', () => {
  type Out = { ok: boolean; problems: VerifyProblem[]; evidence: { holds: boolean; digest: string; message: string } };
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

  it('holds for the sheet as printed; not after a legitimate verdict, nor after a price edited with the sqlite3 shell', () => {
    const path = join(temp.dir, 'evidence.zmcase');
    copyFileSync(base, path);
    const cf = openCaseFile(path, { readonly: true });
    const vin = cf.db.prepare('SELECT vin FROM flags f WHERE vin IN (SELECT vin FROM sales) ORDER BY id LIMIT 1 OFFSET 3').pluck().get() as string;
    cf.close();
    const pdf = join(temp.dir, 'sheet.pdf');
    expect(cli('evidence', path, vin, '--out', pdf).status).toBe(0);
    const held = cli('verify', path, '--quick', '--evidence', pdf, '--json');
    expect(held.status, held.stderr).toBe(0);
    const printed = (JSON.parse(held.stdout) as Out).evidence;
    expect(printed).toMatchObject({ holds: true });
    expect(printed.digest).toMatch(new RegExp(`^zm1-${vin}-r1-[0-9a-f]{64}$`));
    expect(cli('verify', path, '--quick', '--digest', printed.digest).stdout).toMatch(/HOLDS, the case still holds exactly/);

    // A later verdict through ZeroMile: the case is sound, but the sheet no longer shows what it holds.
    const copy = join(temp.dir, 'evidence-verdict.zmcase');
    copyFileSync(path, copy);
    const open = openCaseFile(copy);
    const key = open.db.prepare('SELECT flag_key FROM flags WHERE vin = ? LIMIT 1').pluck().get(vin) as string;
    setReview(open.db, { flag_key: key, status: 'dismissed', reason: 'documented private import' }, 'Analyst B');
    open.close();
    const changed = cli('verify', copy, '--quick', '--digest', printed.digest, '--json');
    expect(changed.status).toBe(3);
    expect(JSON.parse(changed.stdout)).toMatchObject({ ok: true, evidence: { holds: false } });

    // A price on the sheet edited behind ZeroMile's back: the sheet fails and the edit is named.
    execFileSync('sqlite3', [path, `UPDATE sales SET price = 1 WHERE vin = '${vin}'`]);
    const tampered = cli('verify', path, '--quick', '--evidence', pdf);
    expect(tampered.status).toBe(3);
    expect(tampered.stdout).toMatch(/DOES NOT HOLD/);
    expect(tampered.stdout).toMatch(/MISMATCH document \d+ \([^)]+\): its rows in sales differ/);
    expect(cli('verify', path, '--digest', 'zm1-nonsense').stderr).toMatch(/not a facts digest/);
  }, 180_000);
});
