import { open } from 'node:fs/promises';

/** Pieces a file is read in (each read is one await: other work of the thread goes on between them). */
const READ_PIECE = 8 * 1024 * 1024;

/**
 * A file's bytes in shared memory: a thread given them (in its setup or a message) sees the same
 * bytes, not a copy, however many threads are started on them one after another (a document read
 * again from a later page on a fresh thread). Read straight into the shared buffer, so the file is
 * in memory once; the bytes are what was read, whatever the file holds by the time it is hashed.
 */
export async function readFileShared(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, Math.min(READ_PIECE, size - at), at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/** The bytes as they are when already shared, else one copy of them in shared memory. */
export function sharedBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}
