import { createWriteStream, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import { safeUploadName } from './guards';

/**
 * Browser mode cannot hand the backend a file path, so dropped files are uploaded: each one is
 * streamed into its own folder under the server's temp folder (keeping its name, which the import
 * reports), then imported from there with import:files.
 */
export async function saveUpload(req: IncomingMessage, uploadDir: string, name: string | null): Promise<{ path: string; name: string }> {
  const fileName = safeUploadName(name);
  const folder = join(uploadDir, randomUUID());
  mkdirSync(folder, { recursive: true });
  const path = join(folder, fileName);
  await pipeline(req, createWriteStream(path, { flags: 'wx' }));
  return { path, name: fileName };
}
