import { createWriteStream, type WriteStream } from 'node:fs';
import { writeGuarded } from './guarded-write';

/** Text or bytes to the guarded temporary file, waiting for the disk when its buffer is full. */
export type GuardedStream = {
  write(chunk: string | Buffer): Promise<void>;
};

/**
 * The guarded writer for content produced piece by piece (CSV, FtM lines). A write error (disk
 * full, the folder removed) rejects the next write and the whole call, so the caller stops at
 * once; the temporary file is removed and the target keeps its old content or stays absent.
 */
export async function writeGuardedStream<T>(path: string, produce: (out: GuardedStream) => Promise<T>): Promise<T> {
  return writeGuarded(path, async (temp) => {
    // 'r+': the guarded writer has created the temp file; a late open must never create it again.
    const stream = createWriteStream(temp, { flags: 'r+' });
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    stream.on('error', (error) => {
      failure ??= error;
      wake?.();
    });
    stream.on('drain', () => wake?.());
    const waitFor = (done: () => boolean): Promise<void> => new Promise<void>((resolve) => {
      if (done() || failure) return resolve();
      wake = () => { wake = null; resolve(); };
    });
    const out: GuardedStream = {
      async write(chunk) {
        if (failure) throw failure;
        if (!stream.write(chunk)) await waitFor(() => !stream.writableNeedDrain);
        if (failure) throw failure;
      },
    };
    try {
      const result = await produce(out);
      await finish(stream, () => failure);
      if (failure) throw failure;
      return result;
    } catch (error) {
      // Closed before the temp file is removed, so nothing writes to it afterwards.
      if (!stream.closed) await new Promise<void>((resolve) => { stream.once('close', () => resolve()); stream.destroy(); });
      throw error;
    }
  });
}

/** Lines are gathered into pieces of about this many characters before each write. */
const PIECE_CHARS = 256 * 1024;

/**
 * The guarded writer for content produced line by line (FtM entities, GraphML): each line ends with
 * a newline, and lines are gathered into pieces of about PIECE_CHARS before each write.
 */
export async function writeGuardedLines(path: string, lines: Iterable<string>): Promise<void> {
  await writeGuardedStream(path, async (out) => {
    let piece = '';
    for (const line of lines) {
      piece += `${line}\n`;
      if (piece.length >= PIECE_CHARS) {
        await out.write(piece);
        piece = '';
      }
    }
    if (piece) await out.write(piece);
  });
}

function finish(stream: WriteStream, failed: () => Error | null): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (failed()) return reject(failed()!);
    stream.once('close', () => (failed() ? reject(failed()!) : resolve()));
    stream.end();
  });
}
