import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../../electron/backend/casefile/audit';
import { readCaseMeta } from '../../../electron/backend/casefile/meta';
import { SCHEMA_VERSION } from '../../../electron/backend/casefile/migrations/index';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { tempDir } from '../../support/paths';

const temp = tempDir();

describe('case file', () => {
  it('creates a WAL case file with metadata, foreign keys and an audit entry', () => {
    const path = join(temp.dir, 'new.zmcase');
    const cf = openCaseFile(path, { create: { title: 'Port of Horgos 2025' } });
    expect(cf.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(cf.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(cf.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(readCaseMeta(cf.db)).toMatchObject({ title: 'Port of Horgos 2025', app_version: '0.1.0' });
    expect(verifyAuditChain(cf.db)).toMatchObject({ entries: 1, breaks: [] });
    cf.close();
    const again = openCaseFile(path);
    expect(readCaseMeta(again.db).title).toBe('Port of Horgos 2025');
    again.close();
  });

  it('refuses a case file from a newer version and leaves it untouched', () => {
    const path = join(temp.dir, 'future.zmcase');
    openCaseFile(path, { create: { title: 'x' } }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = readFileSync(path);
    expect(() => openCaseFile(path)).toThrow(/newer ZeroMile/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('opened read-only, says how to upgrade an older case file and leaves it untouched', () => {
    const path = join(temp.dir, 'older.zmcase');
    openCaseFile(path, { create: { title: 'x' } }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = readFileSync(path);
    expect(() => openCaseFile(path, { readonly: true })).toThrow(new RegExp(`needs an upgrade \\(schema ${SCHEMA_VERSION - 1} to ${SCHEMA_VERSION}\\).*zeromile case FILE --set analyst=NAME.*older\\.zmcase\\.v${SCHEMA_VERSION - 1}\\.bak`));
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses files that are not case files', () => {
    const text = join(temp.dir, 'notes.zmcase');
    writeFileSync(text, 'this is not a database'.repeat(10));
    expect(() => openCaseFile(text)).toThrow(/not a ZeroMile case file/);
    const other = join(temp.dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => openCaseFile(other)).toThrow(/not a ZeroMile case file/);
    expect(() => openCaseFile(join(temp.dir, 'missing.zmcase'))).toThrow(/No case file/);
    // A folder (zeromile info DIR failed with "unexpected error: EISDIR").
    expect(() => openCaseFile(temp.dir)).toThrow(expect.objectContaining({ code: 'not_a_case_file', message: `${temp.dir} is a folder, not a case file.` }));
    expect(() => openCaseFile(temp.dir, { create: { title: 'x' } })).toThrow(expect.objectContaining({ code: 'case_exists', message: expect.stringContaining('is a folder, not a case file; choose a file name inside it') }));
  });

  it('keeps the audit log append-only and detects a broken chain', () => {
    const cf = openCaseFile(join(temp.dir, 'audit.zmcase'), { create: { title: 'a' } });
    appendAudit(cf.db, { action: 'note.add', subject: 'vehicle:X', detail: { body: 'hi' } });
    expect(() => cf.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    cf.db.exec('DROP TRIGGER audit_log_no_update');
    cf.db.prepare("UPDATE audit_log SET detail = '{\"body\":\"changed\"}' WHERE action = 'note.add'").run();
    expect(verifyAuditChain(cf.db).breaks).toEqual([{ id: 2, problem: 'hash' }]);
    cf.close();
  });
});
