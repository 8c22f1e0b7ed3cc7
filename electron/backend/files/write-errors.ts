import { ZeroMileError } from '../../../shared/errors';
import { bytesText, fileSizeLimit, isSqliteWriteError } from './size-limit';

/** What each system error means to someone saving a file. */
const REASONS: Record<string, string> = {
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is too large for this disk',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'the disk reported an input/output error',
  EEXIST: 'a file of that name appeared meanwhile',
  ELOOP: 'it is a symbolic link',
};

/** A system error's meaning in words (the code itself when it has none here). */
export function writeReason(code: string | undefined): string {
  return (code && REASONS[code]) ?? code ?? 'unknown error';
}

/**
 * A write failure as the user should read it: the path and the reason in words, nothing
 * partial left behind (the guarded writer has removed its temporary file by then). An error
 * that already says what went wrong (a ZeroMileError) keeps its own message.
 */
export function writeFailure(path: string, error: unknown, reason?: string): ZeroMileError {
  if (error instanceof ZeroMileError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const words = reason ?? sizeLimitReason(code) ?? (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
  const suffix = code && !reason ? ` (${code})` : '';
  return new ZeroMileError('write_failed', `Cannot write ${path}: ${words}${suffix}. Nothing was written there.`);
}

/**
 * EFBIG, or SQLite's write error (a backup), when this process has a file size limit: the file
 * would have passed it. EFBIG without one is the file system's own largest file (FAT32's 4 GiB).
 */
function sizeLimitReason(code: string | undefined): string | null {
  if (code !== 'EFBIG' && !isSqliteWriteError(code)) return null;
  const limit = fileSizeLimit();
  if (limit === null) return code === 'EFBIG' ? "it would be larger than this disk's file system allows a file to be" : null;
  return `it would be larger than the ${bytesText(limit)} bytes this process may write to a file (its file size limit, ulimit -f): raise the limit (ulimit -f unlimited) and try again`;
}
