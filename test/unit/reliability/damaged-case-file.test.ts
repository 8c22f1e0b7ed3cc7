import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZeroMileError } from '../../../shared/errors';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { CLI, tempDir } from '../../support/paths';
import { addDocument, buildCase } from './case-builder';

const temp = tempDir('zeromile-damaged-');
const base = join(temp.dir, 'base.zmcase');
let pageSize = 4096;
let pageCount = 0;

beforeAll(() => {
  buildCase(base);
  const cf = openCaseFile(base);
  // Enough data that the file has pages beyond the schema to damage.
  for (let i = 0; i < 20; i++) addDocument(cf, `filler-${i}.csv`, Buffer.from(`row,${i}\n`.repeat(2000)), 8192);
  cf.close();
  const db = new Database(base, { readonly: true });
  pageSize = db.pragma('page_size', { simple: true }) as number;
  pageCount = db.pragma('page_count', { simple: true }) as number;
  db.close();
});
afterAll(() => temp.remove());

function rootPage(table: string): number {
  const db = new Database(base, { readonly: true });
  const row = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number };
  db.close();
  return row.rootpage;
}

function zeroPageHeader(path: string, page: number): void {
  const bytes = readFileSync(path);
  bytes.fill(0, (page - 1) * pageSize, (page - 1) * pageSize + 12);
  writeFileSync(path, bytes);
}

function flip(path: string, offsets: number[]): void {
  const bytes = readFileSync(path);
  for (const at of offsets) bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(path, bytes);
}

/** Each damage is applied to a fresh copy of a healthy case file (or written from scratch). */
const DAMAGES: { name: string; make(path: string): void; code: RegExp }[] = [
  { name: 'truncated to half', make: (p) => { copyFileSync(base, p); truncateSync(p, Math.floor(pageCount / 2) * pageSize); }, code: /case_damaged/ },
  { name: 'truncated mid-page', make: (p) => { copyFileSync(base, p); truncateSync(p, pageSize * 3 + 123); }, code: /case_damaged/ },
  { name: 'truncated to its header', make: (p) => { copyFileSync(base, p); truncateSync(p, 100); }, code: /case_damaged/ },
  { name: 'truncated inside its header', make: (p) => { copyFileSync(base, p); truncateSync(p, 40); }, code: /not_a_case_file|case_damaged/ },
  { name: 'header magic flipped', make: (p) => { copyFileSync(base, p); flip(p, [3]); }, code: /not_a_case_file/ },
  { name: 'header page size flipped', make: (p) => { copyFileSync(base, p); flip(p, [16, 17]); }, code: /case_damaged/ },
  { name: 'header schema cookie and page count flipped', make: (p) => { copyFileSync(base, p); flip(p, [28, 29, 40, 41]); }, code: /case_damaged/ },
  { name: 'header application id flipped', make: (p) => { copyFileSync(base, p); flip(p, [68, 69]); }, code: /not_a_case_file/ },
  { name: 'schema page header flipped', make: (p) => { copyFileSync(base, p); flip(p, [100, 103, 104]); }, code: /case_damaged/ },
  { name: 'bytes flipped in the middle', make: (p) => { copyFileSync(base, p); flip(p, Array.from({ length: 64 }, (_, i) => Math.floor(pageCount / 2) * pageSize + i * 61)); }, code: /case_damaged/ },
  { name: "a table's root page header zeroed", make: (p) => { copyFileSync(base, p); zeroPageHeader(p, rootPage('documents')); }, code: /case_damaged/ },
  { name: "the audit log's root page header zeroed", make: (p) => { copyFileSync(base, p); zeroPageHeader(p, rootPage('audit_log')); }, code: /case_damaged/ },
  { name: "an index's root page header zeroed", make: (p) => { copyFileSync(base, p); zeroPageHeader(p, rootPage('sqlite_autoindex_documents_1')); }, code: /case_damaged/ },
  { name: 'plain text', make: (p) => writeFileSync(p, 'VIN,make\nLGXCE4CB5N0000001,BYD\n'.repeat(50)), code: /not_a_case_file/ },
  { name: 'random bytes', make: (p) => writeFileSync(p, Buffer.from(Array.from({ length: 9000 }, (_, i) => (i * 7919 + 13) % 251))), code: /not_a_case_file/ },
  { name: 'a zip archive', make: (p) => writeFileSync(p, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(500, 1)])), code: /not_a_case_file/ },
  { name: 'an empty file', make: (p) => writeFileSync(p, ''), code: /not_a_case_file/ },
  { name: 'an unrelated SQLite database', make: (p) => { const db = new Database(p); db.exec('CREATE TABLE contacts (name TEXT)'); db.close(); }, code: /not_a_case_file/ },
  { name: 'another SQLite database with a schema version', make: (p) => { const db = new Database(p); db.exec('CREATE TABLE t (x)'); db.pragma('user_version = 1'); db.close(); }, code: /not_a_case_file/ },
];

describe('damaged case files are refused, never repaired', { timeout: 120_000 }, () => {
  for (const [i, damage] of DAMAGES.entries()) {
    it(`refuses: ${damage.name}`, () => {
      const path = join(temp.dir, `damaged-${i}.zmcase`);
      damage.make(path);
      const before = readFileSync(path);
      let error: unknown;
      let opened = false;
      try {
        // Read-write, as the app opens it: the riskiest way to open a damaged file.
        const cf = openCaseFile(path);
        opened = true;
        cf.close();
      } catch (e) {
        error = e;
      }
      expect(opened, `${damage.name} was opened`).toBe(false);
      expect(error).toBeInstanceOf(ZeroMileError);
      const e = error as ZeroMileError;
      expect(`${e.code}`).toMatch(damage.code);
      expect(e.message).toContain(path);
      expect(readFileSync(path).equals(before), 'the file was changed').toBe(true);
      expect(existsSync(`${path}-wal`) && readFileSync(`${path}-wal`).length > 0).toBe(false);
    });
  }

  it('bytes flipped inside a stored document are invisible to SQLite but caught by verify', () => {
    const path = join(temp.dir, 'content.zmcase');
    copyFileSync(base, path);
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from('row,7\nrow,7\n'));
    expect(at).toBeGreaterThan(0);
    bytes[at] = 'R'.charCodeAt(0);
    writeFileSync(path, bytes);
    const cf = openCaseFile(path);
    const report = verifyCaseFile(cf.db);
    cf.close();
    expect(report.integrity).toBe('ok');
    expect(report.problems.map((p) => p.message)).toEqual([expect.stringMatching(/filler-7\.csv.*stored bytes hash to/)]);
  });

  it('zeromile verify reports a damaged file instead of refusing or crashing', () => {
    const path = join(temp.dir, 'verify-damaged.zmcase');
    copyFileSync(base, path);
    zeroPageHeader(path, rootPage('audit_log'));
    const result = spawnSync(process.execPath, [CLI, 'verify', path, '--json'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(3);
    const report = JSON.parse(result.stdout) as { integrity: string; problems: { what: string }[] };
    expect(report.integrity).toBe('damaged');
    expect(report.problems.every((p) => p.what === 'database')).toBe(true);
  });

  it('a healthy copy still opens (the checks do not refuse good files)', () => {
    const path = join(temp.dir, 'healthy.zmcase');
    copyFileSync(base, path);
    const cf = openCaseFile(path);
    expect((cf.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(23);
    cf.close();
  });
});
