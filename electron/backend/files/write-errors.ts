import { ZeroMileError } from '../../../shared/errors';
import type { Message } from '../../../shared/i18n/message';
import { englishRefusal, refusal, refusalMessage } from '../../../shared/refusal';
import type { RefusalKey } from '../../../shared/i18n/refusal-en';
import { bytesText, fileSizeLimit, isSqliteWriteError } from './size-limit';

/**
 * What each system error means to someone saving a file: a message key (shared/i18n/refusal-*.ts),
 * so the screens say it in the reader's language.
 */
const REASONS: Record<string, RefusalKey> = {
  ENOENT: 'error.write.no_folder',
  ENOTDIR: 'error.write.part_not_folder',
  EISDIR: 'error.write.is_folder',
  ENOSPC: 'error.write.disk_full',
  EDQUOT: 'error.write.quota',
  EFBIG: 'error.write.too_large_for_disk',
  EACCES: 'error.write.permission',
  EPERM: 'error.write.permission',
  EROFS: 'error.write.read_only_disk',
  ENAMETOOLONG: 'error.write.name_too_long',
  EIO: 'error.write.io_error',
  EEXIST: 'error.write.appeared',
  ELOOP: 'error.write.is_link',
};

/** A reason a file cannot be written, as a message for writeFailure. */
export const writeReasonMessage = (key: RefusalKey, params?: Record<string, string>): Message => refusalMessage(key, params);

/** A system error's meaning in English words (the code itself when it has none here): the command line's. */
export function writeReason(code: string | undefined): string {
  const key = code ? REASONS[code] : undefined;
  return key ? englishRefusal(refusalMessage(key)) : code ?? 'unknown error';
}

/**
 * A write failure as the user should read it: the path and the reason in words, nothing
 * partial left behind (the guarded writer has removed its temporary file by then). An error
 * that already says what went wrong (a ZeroMileError) keeps its own message. The error carries
 * the message key (error.write.failed) so the screens give path and reason in the reader's language.
 */
export function writeFailure(path: string, error: unknown, reason?: Message): ZeroMileError {
  if (error instanceof ZeroMileError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const known = code ? REASONS[code] : undefined;
  const words: Message = reason ?? sizeLimitReason(code) ?? (known
    ? refusalMessage(known)
    : refusalMessage('error.write.other', { detail: error instanceof Error ? error.message : String(error) }));
  return refusal('write_failed', 'error.write.failed', { path, reason: code && !reason ? refusalMessage('error.write.with_code', { reason: words, code }) : words });
}

/**
 * EFBIG, or SQLite's write error (a backup), when this process has a file size limit: the file
 * would have passed it. EFBIG without one is the file system's own largest file (FAT32's 4 GiB).
 */
function sizeLimitReason(code: string | undefined): Message | null {
  if (code !== 'EFBIG' && !isSqliteWriteError(code)) return null;
  const limit = fileSizeLimit();
  if (limit === null) return code === 'EFBIG' ? refusalMessage('error.write.file_system_limit') : null;
  return refusalMessage('error.write.size_limit', { limit: bytesText(limit) });
}
