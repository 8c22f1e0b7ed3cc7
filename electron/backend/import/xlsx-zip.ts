import { readProblem } from '../../../shared/refusal';
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { countBytes, type ByteCounter } from './table-source';

/** One file stored in a zip archive, as its central directory describes it. */
export type ZipEntry = { name: string; method: number; flags: number; compressedSize: number; localOffset: number };

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end record is 22 bytes and may be followed by a comment of up to 65,535. */
const TAIL = 22 + 0xffff;

/**
 * The entries of a zip archive, read from its central directory at the end of the file (the one
 * place a zip lists its parts for certain: local headers may leave sizes to a trailing descriptor).
 */
export async function zipEntries(path: string): Promise<Map<string, ZipEntry>> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailStart = Math.max(0, size - TAIL);
    const tail = Buffer.alloc(size - tailStart);
    await file.read(tail, 0, tail.length, tailStart);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_DIRECTORY) { end = i; break; }
    }
    if (end < 0) throw readProblem('refusal.zip_incomplete');
    let count = tail.readUInt16LE(end + 10);
    let directorySize = tail.readUInt32LE(end + 12);
    let directoryOffset = tail.readUInt32LE(end + 16);
    if (end >= 20 && tail.readUInt32LE(end - 20) === ZIP64_LOCATOR) {
      const record = Buffer.alloc(56);
      await file.read(record, 0, 56, Number(tail.readBigUInt64LE(end - 20 + 8)));
      if (record.readUInt32LE(0) !== ZIP64_END) throw readProblem('refusal.zip64_damaged');
      count = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
    if (directoryOffset + directorySize > size) throw readProblem('refusal.zip_past_end');
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    const entries = new Map<string, ZipEntry>();
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) throw readProblem('refusal.zip_directory_damaged');
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const entry: ZipEntry = {
        name: directory.toString('utf8', at + 46, at + 46 + nameLength).replace(/^\/+/, ''),
        flags: directory.readUInt16LE(at + 8),
        method: directory.readUInt16LE(at + 10),
        compressedSize: directory.readUInt32LE(at + 20),
        localOffset: directory.readUInt32LE(at + 42),
      };
      readZip64Sizes(entry, directory, at, at + 46 + nameLength, extraLength);
      entries.set(entry.name, entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await file.close();
  }
}

/** A zip64 extra field holds, in this order, each size or offset that the entry marks 0xFFFFFFFF. */
function readZip64Sizes(entry: ZipEntry, directory: Buffer, at: number, extraStart: number, extraLength: number): void {
  const uncompressedMarked = directory.readUInt32LE(at + 24) === 0xffffffff;
  if (entry.compressedSize !== 0xffffffff && entry.localOffset !== 0xffffffff) return;
  for (let x = extraStart; x + 4 <= extraStart + extraLength;) {
    const id = directory.readUInt16LE(x);
    const length = directory.readUInt16LE(x + 2);
    if (id === 0x0001) {
      let field = x + 4 + (uncompressedMarked ? 8 : 0);
      if (entry.compressedSize === 0xffffffff) { entry.compressedSize = Number(directory.readBigUInt64LE(field)); field += 8; }
      if (entry.localOffset === 0xffffffff) entry.localOffset = Number(directory.readBigUInt64LE(field));
      return;
    }
    x += 4 + length;
  }
}

/** The bytes of one entry, inflated as they are read; the compressed bytes read are counted. */
export async function* entryBytes(path: string, entry: ZipEntry, counter: ByteCounter): AsyncGenerator<Buffer> {
  if (entry.flags & 1) throw readProblem('refusal.part_encrypted', { part: entry.name });
  if (entry.method !== 0 && entry.method !== 8) throw readProblem('refusal.part_method', { part: entry.name, method: entry.method });
  const header = Buffer.alloc(30);
  const file = await open(path, 'r');
  try {
    await file.read(header, 0, 30, entry.localOffset);
  } finally {
    await file.close();
  }
  if (header.readUInt32LE(0) !== LOCAL_HEADER) throw readProblem('refusal.part_misplaced', { part: entry.name });
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.compressedSize === 0) {
    if (entry.method === 8) throw readProblem('refusal.part_empty', { part: entry.name });
    return;
  }
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  raw.on('data', (piece) => { countBytes(counter, piece as Buffer); });
  const source = entry.method === 8 ? pipeline(raw, createInflateRaw(), () => { /* errors surface in the loop below */ }) : raw;
  try {
    for await (const piece of source) yield piece as Buffer;
  } finally {
    raw.destroy();
    source.destroy();
  }
}
