import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import { writeFailure, writeReasonMessage } from './write-errors';

/**
 * The one way ZeroMile writes a file the user named (exports, evidence, reports, backups, packs).
 * The target is checked first: never a case file or its journal (judged by the bytes, not the
 * name), never a symlink, never a folder. The content goes to a temporary file in the same folder,
 * which is renamed over the target only once it is complete and flushed, so a failure leaves the
 * old file or none, never half of one. Every failure is a ZeroMileError 'write_failed' naming the
 * path and the reason (no such folder, disk full, permission denied...).
 *
 * Use:
 *   await writeGuarded(path, async (temp) => { ...write the whole file to temp, any way... });
 *   await writeGuardedBytes(path, bufferOrString);
 *   const counts = await writeGuardedStream(path, async (out) => { await out.write(text); ...; return counts; });
 *     (guarded-stream.ts: waits for the disk, and a write error fails the whole file)
 */

const SQLITE_MAGIC = 'SQLite format 3\0';
/** First bytes of a WAL file (either byte order) and of a rollback journal. */
const WAL_MAGIC = [0x377f0682, 0x377f0683];
const JOURNAL_MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
const CASE_SIDECARS = ['-wal', '-shm', '-journal'];

function firstBytes(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** True when the file's bytes are an SQLite database, WAL or journal: a case file or part of one. */
export function looksLikeCaseFile(path: string): boolean {
  let head: Buffer;
  try {
    head = firstBytes(path, 16);
  } catch {
    return false;
  }
  if (head.toString('latin1') === SQLITE_MAGIC) return true;
  if (head.length >= 4 && WAL_MAGIC.includes(head.readUInt32BE(0))) return true;
  return head.length >= 8 && head.subarray(0, 8).equals(JOURNAL_MAGIC);
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw writeFailure(path, error);
  }
}

/**
 * Checks a target before anything is written; returns its full path with the folder's own path
 * resolved (a symlinked folder is followed; the file itself may not be a symlink).
 */
export function checkWriteTarget(path: string): string {
  if (!path || path.includes('\0')) throw new ZeroMileError('bad_argument', 'Give the path of the file to write.');
  const full = resolve(path);
  if (/[/\\]$/.test(path)) throw writeFailure(full, null, writeReasonMessage('error.write.names_folder'));
  const folder = dirname(full);
  let folderStat: Stats;
  try {
    folderStat = statSync(folder);
  } catch (error) {
    throw writeFailure(full, error, writeReasonMessage('error.write.no_folder'));
  }
  if (!folderStat.isDirectory()) throw writeFailure(full, null, writeReasonMessage('error.write.parent_not_folder', { folder }));
  const target = join(realpathSync(folder), basename(full));
  const stat = lstatOrNull(target);
  if (stat?.isSymbolicLink()) throw refusal('forbidden', 'error.write.through_link', { path: full });
  if (stat?.isDirectory()) throw writeFailure(full, null, writeReasonMessage('error.write.is_folder'));
  if (stat && !stat.isFile()) throw writeFailure(full, null, writeReasonMessage('error.write.not_regular'));
  if (stat && (/\.zmcase(-wal|-shm|-journal)?$/i.test(target) || looksLikeCaseFile(target))) {
    throw refusal('forbidden', 'error.write.over_case_file', { path: full });
  }
  const sidecar = CASE_SIDECARS.find((s) => target.endsWith(s));
  if (sidecar && looksLikeCaseFile(target.slice(0, -sidecar.length))) {
    throw refusal('forbidden', 'error.write.case_file_part', { path: full });
  }
  return target;
}

/** True when something (a file, a folder, a link, even a broken one) is at `path`. */
export function pathTaken(path: string): boolean {
  return lstatOrNull(resolve(path)) !== null;
}

/**
 * Refuses a path where a file already is, unless the analyst said to replace it: an export, a PDF
 * or a pack is never written over an existing file without being asked (the renderer asks, the
 * command line takes --force). A case file stays refused even then (checkWriteTarget).
 */
export function refuseExisting(path: string): void {
  if (pathTaken(path)) throw refusal('file_exists', 'error.file_exists', { path: resolve(path) });
}

/** A hidden temporary name beside the target, unique and created exclusively. */
function tempNameFor(target: string): string {
  const name = basename(target);
  // Keep the name within 255 bytes: the temp adds a prefix and a suffix to it.
  const stem = Buffer.byteLength(name) > 200 ? 'zeromile' : name;
  return join(dirname(target), `.${stem}.${randomBytes(6).toString('hex')}.part`);
}

function flushToDisk(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a file through a temporary one: `produce` writes the complete content to the temp path
 * it is given (by any means: a stream, exceljs, SQLite's backup); when it resolves, the temp is
 * flushed and renamed over the target. When it throws, the temp is removed and the error is
 * reported with the target's path. Returns what `produce` returns.
 */
export async function writeGuarded<T>(path: string, produce: (tempPath: string) => Promise<T> | T): Promise<T> {
  const target = checkWriteTarget(path);
  const temp = tempNameFor(target);
  try {
    // Created here, exclusively, so nobody can have planted a link at the temp name.
    closeSync(openSync(temp, 'wx', 0o644));
  } catch (error) {
    throw writeFailure(target, error);
  }
  try {
    const result = await produce(temp);
    flushToDisk(temp);
    // Checked again just before the rename: the target may have changed while the content was written.
    checkWriteTarget(target);
    renameSync(temp, target);
    return result;
  } catch (error) {
    rmSync(temp, { force: true });
    for (const suffix of CASE_SIDECARS) rmSync(`${temp}${suffix}`, { force: true });
    throw writeFailure(target, error);
  }
}

export async function writeGuardedBytes(path: string, bytes: Buffer | string): Promise<number> {
  await writeGuarded(path, async (temp) => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(temp, bytes);
  });
  return Buffer.byteLength(bytes);
}
