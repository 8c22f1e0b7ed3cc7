import { readFileSync } from 'node:fs';
import type { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';

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

/** The "Max file size" line of /proc/PID/limits, in bytes; null when unlimited or not given. */
export function parseFileSizeLimit(limits: string): number | null {
  const line = /^Max file size\s+(\S+)/m.exec(limits);
  if (!line || line[1] === 'unlimited') return null;
  const bytes = Number(line[1]);
  return Number.isFinite(bytes) ? bytes : null;
}

/** This process's file size limit in bytes, or null when it has none or it cannot be read (not Linux). */
export function fileSizeLimit(): number | null {
  try {
    return parseFileSizeLimit(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return null;
  }
}

/** For a write that failed on the command line: the file size limit, when the process has one (else nothing). */
export function sizeLimitHint(limit: number | null = fileSizeLimit()): string {
  return limit === null ? '' : ` This process may not write files larger than ${limit.toLocaleString('en-US')} bytes (its file size limit, ulimit -f): raise it (ulimit -f unlimited) and try again.`;
}

export function openWriteRefused(path: string, code: string, detail: string, limit: number | null = fileSizeLimit()): ZeroMileError {
  const params = { file: path, code, detail };
  return limit === null
    ? refusal('write_failed', 'error.open_write_failed', params)
    : refusal('write_failed', 'error.open_size_limit', { ...params, limit: limit.toLocaleString('en-US') });
}
