import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import type { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import { bytesText, fileSizeLimit, isSqliteWriteError } from '../files/size-limit';

/**
 * Why SQLite could not write beside a case file while opening it (its -shm index, 32 KB, even to
 * read; its -wal log to write), told as what happened rather than as damage: the usual causes are
 * a file size limit (ulimit -f, RLIMIT_FSIZE: Node ignores the SIGXFSZ that would kill the process,
 * so SQLite sees EFBIG and answers SQLITE_IOERR_SHMSIZE or SQLITE_IOERR_WRITE), a full disk or a
 * folder it may not write in.
 */
export function isWriteFailure(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL' || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'));
}

/** For a write that failed on the command line: the file size limit, when the process has one (else nothing). */
export function sizeLimitHint(limit: number | null = fileSizeLimit()): string {
  return limit === null ? '' : ` This process may not write files larger than ${bytesText(limit)} bytes (its file size limit, ulimit -f): raise it (ulimit -f unlimited) and try again.`;
}

export function openWriteRefused(path: string, code: string, detail: string, limit: number | null = fileSizeLimit()): ZeroMileError {
  const params = { file: path, code, detail };
  return limit === null
    ? refusal('write_failed', 'error.open_write_failed', params)
    : refusal('write_failed', 'error.open_size_limit', { ...params, limit: bytesText(limit) });
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/**
 * A write to an open case file that SQLite could not make, when this process has a file size limit
 * that the case file or its -wal log has reached (the write that failed would have ended past it):
 * said as that, naming the file and the limit, where it read "the disk reported an error
 * (SQLITE_IOERR_WRITE)". Null when the limit is not the likelier cause (no limit, no file near it).
 * The act's transaction has been rolled back by then: its frames in the -wal log count for nothing.
 */
export function caseSizeLimitRefused(db: Database.Database, error: unknown, limit: number | null = fileSizeLimit()): ZeroMileError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (limit === null || !isSqliteWriteError(code)) return null;
  let frame = 65_536 + 24; // the largest page and a WAL frame's header, if the connection cannot say
  try {
    frame = (db.pragma('page_size', { simple: true }) as number) + 24;
  } catch {
    // the connection's own trouble: the bound above stands
  }
  for (const part of [`${db.name}-wal`, `${db.name}-journal`, db.name]) {
    const size = sizeOf(part);
    if (size !== null && size + 2 * frame > limit) {
      return refusal('write_failed', 'error.case_size_limit', { file: db.name, part, size: bytesText(size), limit: bytesText(limit), code });
    }
  }
  return null;
}

/**
 * A write to an open case file that SQLite refused because the file is read-only (its permissions,
 * a read-only disk or share: SQLite then opens it read-only without a word, and the first write
 * fails with SQLITE_READONLY): said as that, naming the case file with its path, where it read
 * "attempt to write a readonly database" (an import blamed the file being imported) or "unexpected
 * error". The act has written nothing. Null for any other error.
 */
export function caseReadOnlyRefused(db: Database.Database, error: unknown): ZeroMileError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_READONLY')) return null;
  return refusal('write_failed', 'error.case_read_only', { file: db.name, code });
}

/**
 * A write to an open case file that found its disk full (SQLITE_FULL, ENOSPC, EDQUOT): said naming
 * the case file with its path, as the file size limit's refusal does, where it named only the file
 * being imported (helper-65's probe: "utf-8-s1.csv: REFUSED: The disk is full …" left the analyst to
 * guess which disk). The act's transaction has been rolled back. Null for any other error.
 */
export function caseDiskFullRefused(db: Database.Database, error: unknown): ZeroMileError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'SQLITE_FULL' && code !== 'ENOSPC' && code !== 'EDQUOT') return null;
  return refusal('write_failed', 'error.case_disk_full', { file: db.name, code });
}

/** A failed write to an open case file named for its cause (read-only, the file size limit, a full disk), or null. */
export function caseWriteRefused(db: Database.Database, error: unknown): ZeroMileError | null {
  return caseReadOnlyRefused(db, error) ?? caseSizeLimitRefused(db, error) ?? caseDiskFullRefused(db, error);
}

/**
 * A rule run's write that failed past the process's file size limit: in the scratch file of the
 * finder whose rule failed (`scratchOf` names it; its size is gone with the rolled-back write), else
 * in the case's own files as caseSizeLimitRefused says. Null when the limit is not the cause.
 */
export function runSizeLimitRefused(db: Database.Database, error: unknown, scratchOf: (rule: string) => string | null, limit: number | null = fileSizeLimit()): ZeroMileError | null {
  const { code, rule } = (error ?? {}) as { code?: unknown; rule?: unknown };
  if (limit === null || !isSqliteWriteError(code)) return null;
  const scratch = typeof rule === 'string' ? scratchOf(rule) : null;
  if (scratch === null) return caseSizeLimitRefused(db, error, limit);
  return refusal('write_failed', 'error.scratch_size_limit', { file: db.name, rule: String(rule), part: scratch, limit: bytesText(limit), code });
}
