import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { ZeroMileError } from '../../../shared/errors';
import { APP_VERSION } from '../app-version';
import { appendAudit } from './audit';
import { backupCaseFile } from './backup';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index';

/** 'ZMCF': marks a SQLite file as a ZeroMile case file, so other databases are refused. */
export const APPLICATION_ID = 0x5a4d4346;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

export type CaseFile = {
  readonly path: string;
  readonly db: Database.Database;
  close(): void;
};

export type OpenOptions = {
  /** Create the file if it does not exist (with this title). */
  create?: { title: string };
  readonly?: boolean;
  /** An Electron-ABI build of better-sqlite3 (see README); the Node build otherwise. */
  nativeBinding?: string;
  /** How long a writer waits for another writer (the app and the CLI on one file). */
  busyTimeoutMs?: number;
};

function checkIsSqlite(path: string): void {
  const size = statSync(path).size;
  if (size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || header.toString('latin1') !== SQLITE_MAGIC) {
    throw new ZeroMileError('not_a_case_file', `${path} is not a ZeroMile case file (not an SQLite database).`);
  }
}

/**
 * Opens (or creates) a case file: checks it is ours and not from a newer version, backs it up
 * before a migration, and runs pending migrations in one transaction. A file from the future is
 * never touched.
 */
export function openCaseFile(path: string, options: OpenOptions = {}): CaseFile {
  const exists = existsSync(path);
  if (!exists && !options.create) throw new ZeroMileError('case_not_found', `No case file at ${path}.`);
  if (exists && options.create) throw new ZeroMileError('case_exists', `A file already exists at ${path}; open it or choose another name.`);
  if (exists) checkIsSqlite(path);

  let db: Database.Database;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: exists,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw new ZeroMileError('case_damaged', `${path} cannot be opened: ${(error as Error).message}`);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    const version = readVersion(db, path, exists);
    if (version > SCHEMA_VERSION) {
      throw new ZeroMileError(
        'case_from_future',
        `${path} was written by a newer ZeroMile (schema ${version}; this version reads up to ${SCHEMA_VERSION}). Update ZeroMile to open it; the file was not changed.`,
      );
    }
    if (!options.readonly) {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (version < SCHEMA_VERSION) {
      if (options.readonly) throw new ZeroMileError('case_from_future', `${path} needs an upgrade and was opened read-only.`);
      if (version > 0) backupCaseFile(db, `${path}.v${version}.bak`);
      migrate(db, version, options.create?.title ?? 'Untitled case');
    }
  } catch (error) {
    db.close();
    if (error instanceof ZeroMileError) throw error;
    throw new ZeroMileError('case_damaged', `${path} is damaged or not a case file: ${(error as Error).message}. It was not changed.`);
  }
  return { path, db, close: () => db.close() };
}

function readVersion(db: Database.Database, path: string, exists: boolean): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (exists && version === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
    if (tables.n > 0) throw new ZeroMileError('not_a_case_file', `${path} is an SQLite database but not a ZeroMile case file.`);
  }
  if (version > 0 && appId !== APPLICATION_ID) {
    throw new ZeroMileError('not_a_case_file', `${path} is an SQLite database but not a ZeroMile case file.`);
  }
  return version;
}

function migrate(db: Database.Database, from: number, title: string): void {
  db.transaction(() => {
    for (const migration of MIGRATIONS.slice(from)) db.exec(migration.up);
    if (from === 0) {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      const insert = db.prepare('INSERT INTO case_meta (key, value) VALUES (?, ?)');
      insert.run('title', title);
      insert.run('created', new Date().toISOString());
      insert.run('app_version', APP_VERSION);
    }
    db.prepare("INSERT OR REPLACE INTO case_meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    appendAudit(db, { action: from === 0 ? 'case.create' : 'case.migrate', subject: null, detail: { from, to: SCHEMA_VERSION, title } });
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
