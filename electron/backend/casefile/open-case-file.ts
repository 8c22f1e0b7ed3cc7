import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { ZeroMileError } from '../../../shared/errors';
import { UNTITLED_CASE } from '../../../shared/contract/case';
import { APP_VERSION } from '../app-version';
import { appendAudit } from './audit';
import { allFactKeys, commitFacts } from './fact-digests';
import { registerCommitDetail, registersChangedOutside } from './register-outside';
import { backupCaseFile } from './backup';
import { awaitCloseWaits } from '../threads/close-waits';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index';
import { isWriteFailure, openWriteRefused } from './write-refused';

/** 'ZMCF': marks a SQLite file as a ZeroMile case file, so other databases are refused. */
export const APPLICATION_ID = 0x5a4d4346;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

export type CaseFile = {
  readonly path: string;
  readonly db: Database.Database;
  /** The better-sqlite3 build it was opened with, for other threads that open the same file (rule finders). */
  readonly nativeBinding?: string;
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
  /**
   * 'quick' (default): SQLite's quick_check on open for files up to QUICK_CHECK_MAX_BYTES, so
   * damage is refused at once rather than met halfway through an import. 'none': callers that
   * check integrity themselves (`zeromile verify`).
   */
  check?: 'quick' | 'none';
};

function checkIsSqlite(path: string): void {
  const size = statSync(path).size;
  if (size === 0) throw new ZeroMileError('not_a_case_file', `${path} is empty (0 bytes): not a ZeroMile case file. It was not changed.`);
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new ZeroMileError('not_a_case_file', `${path} is not a ZeroMile case file (not an SQLite database).`);
  }
  checkHeaderSize(path, size, header);
}

/**
 * A truncated file is refused before SQLite sees it: SQLite would open it and fail (or not)
 * only when a missing page is read. Skipped while a journal or WAL holds work to recover, since
 * the main file may legitimately lag behind it until SQLite replays it.
 */
function checkHeaderSize(path: string, size: number, header: Buffer): void {
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw new ZeroMileError('case_damaged', `${path} is damaged: its header gives an impossible page size (${raw}). It was not changed; restore it from a backup.`);
  }
  for (const suffix of ['-wal', '-journal']) if (existsSync(path + suffix) && statSync(path + suffix).size > 0) return;
  const pages = header.readUInt32BE(28);
  const headerCountValid = header.readUInt32BE(92) === header.readUInt32BE(24) && pages > 0;
  if (size % pageSize !== 0 || (headerCountValid && size < pages * pageSize)) {
    const expected = headerCountValid ? `${pages * pageSize} bytes (${pages} pages)` : `a multiple of ${pageSize} bytes`;
    throw new ZeroMileError('case_damaged', `${path} is damaged: it is truncated (${size} bytes; its header says ${expected}). It was not changed; restore it from a backup.`);
  }
}

/** Case files up to this size get SQLite's quick_check on open (about 1 s per few hundred MB). */
export const QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;

function quickCheck(db: Database.Database, path: string): void {
  const rows = db.pragma('quick_check(3)') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok');
  if (problems.length > 0) {
    throw new ZeroMileError('case_damaged', `${path} is damaged (${problems.join('; ')}). It was not changed and was not repaired; restore it from a backup.`);
  }
}

/** SQLite's own error codes, for failures that reach us as a plain SqliteError. */
export function sqliteErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Opens (or creates) a case file: checks it is ours and not from a newer version, backs it up
 * before a migration, and runs pending migrations in one transaction. A file from the future is
 * never touched.
 */
export function openCaseFile(path: string, options: OpenOptions = {}): CaseFile {
  // SQLite reads "" and ":memory:" (and a path cut short by a NUL byte) as a throwaway database:
  // a case would seem to open and then vanish with everything written to it.
  if (path.trim() === '' || path.includes('\0') || path.startsWith(':memory:') || path.startsWith('file:')) {
    throw new ZeroMileError('bad_argument', `${JSON.stringify(path.slice(0, 80))} is not a path to a case file.`);
  }
  const exists = existsSync(path);
  // A folder is neither a case file nor a place for one (read as a file it failed with EISDIR).
  if (exists && statSync(path).isDirectory()) {
    throw new ZeroMileError(options.create ? 'case_exists' : 'not_a_case_file', `${path} is a folder, not a case file${options.create ? '; choose a file name inside it' : ''}.`);
  }
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
    if (exists && (options.check ?? 'quick') === 'quick' && statSync(path).size <= QUICK_CHECK_MAX_BYTES) quickCheck(db, path);
    if (!options.readonly) {
      if (!exists) db.pragma(`page_size = ${NEW_CASE_PAGE_SIZE}`);
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (version < SCHEMA_VERSION) {
      if (options.readonly) {
        throw new ZeroMileError('case_from_future', `${path} needs an upgrade (schema ${version} to ${SCHEMA_VERSION}) and was opened read-only, so it was not changed. Open it once in ZeroMile, or run a command that writes to it (such as zeromile case FILE --set analyst=NAME): the upgrade keeps a copy of the file as it was (${path}.v${version}.bak).`);
      }
      if (version > 0) backupCaseFile(db, `${path}.v${version}.bak`);
      migrate(db, version, options.create?.title ?? UNTITLED_CASE);
    }
  } catch (error) {
    db.close();
    if (error instanceof ZeroMileError) throw error;
    const code = sqliteErrorCode(error);
    if (code?.startsWith('SQLITE_BUSY')) {
      throw new ZeroMileError('case_busy', `${path} is in use by another ZeroMile (app or command line) and did not become free in time. Try again when that work has finished.`);
    }
    // A write that failed is not damage: say which write and why (a file size limit, a full disk).
    if (isWriteFailure(code)) throw openWriteRefused(path, code!, (error as Error).message);
    throw new ZeroMileError('case_damaged', `${path} is damaged or not a case file: ${(error as Error).message}. It was not changed.`);
  }
  const close = () => {
    awaitCloseWaits(db);
    db.close();
  };
  return { path, db, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), close };
}

/**
 * Pages of new case files (SQLite's default is 4 KiB). Bigger pages mean fewer B-tree pages to split,
 * write and checkpoint per record, and shorter overflow chains for the 4 MB chunks of documents; a
 * bulk import and a rule run both go faster. Fixed at creation: WAL files cannot change it.
 */
const NEW_CASE_PAGE_SIZE = 16384;

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
    // A migration commits the registers whole too: one changed outside ZeroMile before it is recorded.
    const outside = from > 0 ? registersChangedOutside(db) : [];
    for (const migration of MIGRATIONS.slice(from)) {
      db.exec(migration.up);
      migration.data?.(db);
    }
    if (from === 0) {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      const insert = db.prepare('INSERT INTO case_meta (key, value) VALUES (?, ?)');
      insert.run('title', title);
      insert.run('created', new Date().toISOString());
      insert.run('app_version', APP_VERSION);
    }
    db.prepare("INSERT OR REPLACE INTO case_meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    const action = from === 0 ? 'case.create' : 'case.migrate';
    appendAudit(db, { action, subject: null, detail: { from, to: SCHEMA_VERSION, title, facts: commitFacts(db, allFactKeys(db)), ...registerCommitDetail(db, action, outside) } });
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}
