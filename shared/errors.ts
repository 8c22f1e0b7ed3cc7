import { message, type Message } from './i18n/message';

/**
 * Error codes that travel to the renderer and the CLI. Every failure the user can meet has one,
 * with a message that says what happened and, where it helps, what to do.
 */
export type ErrorCode =
  | 'case_not_found' | 'case_exists' | 'case_from_future' | 'not_a_case_file' | 'case_damaged' | 'case_busy'
  | 'case_not_open' | 'file_refused' | 'file_not_found' | 'bad_argument' | 'unknown_handler'
  | 'not_found' | 'cancelled' | 'forbidden' | 'write_failed' | 'file_exists' | 'internal';

/**
 * `message` is English (the command line, logs); `msg`, where set, is the same as a message key and
 * parameters (shared/refusal.ts), which the screens render in the reader's language.
 */
export class ZeroMileError extends Error {
  readonly code: ErrorCode;
  readonly msg: Message | undefined;
  constructor(code: ErrorCode, message: string, msg?: Message) {
    super(message);
    this.name = 'ZeroMileError';
    this.code = code;
    this.msg = msg;
  }
}

export type WireError = { code: ErrorCode; message: string; msg?: Message };
export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

export function toWireError(error: unknown): WireError {
  if (error instanceof ZeroMileError) return error.msg ? { code: error.code, message: error.message, msg: error.msg } : { code: error.code, message: error.message };
  // SQLite's lock and damage errors reach us as plain errors with a code: name them for the user.
  const sqlite = (error as { code?: unknown } | null)?.code;
  if (typeof sqlite === 'string' && sqlite.startsWith('SQLITE_BUSY')) {
    return { code: 'case_busy', message: 'The case file is in use by another ZeroMile (the app or the command line) and did not become free in time. Nothing was changed; try again when that work has finished.', msg: message('error.case_busy') };
  }
  if (sqlite === 'SQLITE_CORRUPT' || sqlite === 'SQLITE_NOTADB') {
    const detail = error instanceof Error ? error.message : String(error);
    return { code: 'case_damaged', message: `The case file is damaged (${detail}). Nothing was repaired; restore it from a backup and run zeromile verify.`, msg: message('error.case_damaged', { detail }) };
  }
  if (sqlite === 'SQLITE_FULL' || sqlite === 'ENOSPC' || sqlite === 'EFBIG' || sqlite === 'EDQUOT') {
    return { code: 'write_failed', message: 'The disk is full (or the file reached its size limit), so the work stopped and what it had written was rolled back; the case file is as it was. Free some space and try again.', msg: message('error.disk_full') };
  }
  if (typeof sqlite === 'string' && sqlite.startsWith('SQLITE_READONLY')) {
    // Where the case file is known, write-refused.ts names it (caseReadOnlyRefused); this is the rest.
    return { code: 'write_failed', message: `The case file is read-only (${sqlite}: its permissions, or a read-only disk or folder), so nothing was written to it. Make it writable and try again.`, msg: message('error.read_only', { code: sqlite }) };
  }
  if (typeof sqlite === 'string' && sqlite.startsWith('SQLITE_IOERR')) {
    return { code: 'write_failed', message: `The disk reported an error while the case file was written (${sqlite}); the work was rolled back. Check the disk and run zeromile verify.`, msg: message('error.disk_error', { code: sqlite }) };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
