import { readFileSync } from 'node:fs';

/**
 * This process's file size limit (ulimit -f, RLIMIT_FSIZE). Node ignores the SIGXFSZ that would
 * kill a process writing past it, so the write fails instead: EFBIG for Node's own writes, and
 * SQLITE_IOERR_WRITE (or _SHMSIZE, _TRUNCATE) for SQLite's, which reads as a disk error unless
 * the limit is named. Every write failure checks here whether the limit is the likelier cause.
 */

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

/** A limit as the messages print it. */
export function bytesText(bytes: number): string {
  return bytes.toLocaleString('en-US');
}

/** Whether an error is one SQLite gives for a write it could not make (what a file size limit becomes). */
export function isSqliteWriteError(code: unknown): code is string {
  return typeof code === 'string' && (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL');
}
