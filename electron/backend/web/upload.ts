import { refusal } from '../../../shared/refusal';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import { ZeroMileError } from '../../../shared/errors';
import { safeUploadName } from './guards';
import { processAlive } from '../files/process-alive';

/** The largest file browser mode takes by upload (the CLI and the desktop app read files in place). */
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const PREFIX = 'zeromile-uploads-';

/**
 * The server's upload folder (mode 0700), named after its process so that a later server can tell
 * the folders of crashed servers and remove them: uploads must not stay in /tmp for ever.
 */
export function makeUploadDir(base = tmpdir()): string {
  removeOrphanedUploadDirs(base);
  return mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
}

/** Removes the upload folders whose server process is gone (after a crash or a kill). */
export function removeOrphanedUploadDirs(base = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = /^zeromile-uploads-(\d+)-/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    const path = join(base, name);
    try {
      // Only our own folders, and only when their process is dead.
      if (statSync(path).uid !== process.getuid?.() || processAlive(pid)) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Another server removing it at the same moment, or not ours: leave it.
    }
  }
  return removed;
}


/**
 * Browser mode cannot hand the backend a file path, so dropped files are uploaded: each one is
 * streamed into its own folder under the server's upload folder (keeping its name, made safe,
 * which the import reports), then imported from there with import:files. A file over
 * MAX_UPLOAD_BYTES is refused and nothing of it is kept.
 */
export async function saveUpload(req: IncomingMessage, uploadDir: string, name: string | null, limit = MAX_UPLOAD_BYTES): Promise<{ path: string; name: string }> {
  const fileName = safeUploadName(name);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(fileName, limit);
  const folder = join(uploadDir, randomUUID());
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, fileName);
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > limit ? tooLarge(fileName, limit) : null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    if (error instanceof ZeroMileError) throw error;
    throw refusal('file_refused', 'refusal.received_failed', { file: fileName, detail: (error as Error).message });
  }
  return { path, name: fileName };
}

function tooLarge(fileName: string, limit: number): ZeroMileError {
  return refusal('file_refused', 'refusal.upload_too_big', { file: fileName, mb: Math.round(limit / 1024 ** 2) });
}

/** After import:files, the uploaded copies it named are removed (the case keeps the original bytes). */
export function removeUploads(uploadDir: string, args: unknown): void {
  const files = (args as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return;
  const root = resolve(uploadDir);
  for (const file of files) {
    const path = (file as { path?: unknown } | null)?.path;
    if (typeof path !== 'string') continue;
    const folder = dirname(resolve(path));
    const rel = relative(root, folder);
    // Exactly one of our per-upload folders, nothing above it.
    if (rel !== '' && !rel.startsWith('..') && !rel.includes(sep)) rmSync(folder, { recursive: true, force: true });
  }
}
