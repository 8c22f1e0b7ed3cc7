import { once } from 'node:events';
import { createDeflateRaw, crc32, deflateRawSync, type DeflateRaw } from 'node:zlib';

/** Where the archive's bytes go; a write resolves when the sink can take more (backpressure). */
export type ByteSink = { write(chunk: Buffer): Promise<void> };

export type ZipOptions = {
  /** zlib level: 1 (fast) to 9 (small). */
  level?: number;
  /**
   * A size or offset at or past this is written in ZIP64 fields (and the archive's end gets the
   * ZIP64 records). 0xFFFFFFFF is the format's own limit; tests lower it to check the ZIP64 layout
   * without writing 4 GiB.
   */
  zip64From?: number;
};

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END_OF_DIRECTORY = 0x06054b50;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
/** Sizes follow the data in a descriptor (general purpose flag bit 3). */
const FLAG_DESCRIPTOR = 0x0008;
const DEFLATE = 8;
const VERSION_DEFLATE = 20;
const VERSION_ZIP64 = 45;
/** 1980-01-01 00:00, the first moment an MS-DOS date can hold: two exports of one case are the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
/** Text is gathered into pieces of this many characters before it is encoded and deflated. */
const PIECE_CHARS = 64 * 1024;

type Member = { name: Buffer; flags: number; crc: number; compressed: number; size: number; offset: number };

/**
 * A ZIP archive written front to back into a sink, never held whole: small parts are deflated at
 * once, a streamed member is deflated as its text comes (on zlib's thread, beside the caller) and
 * followed by a data descriptor with its CRC and sizes. ZIP64 fields are used for a member or an
 * offset past 4 GiB and for 65,535 members or more. The local header of a streamed member cannot
 * know its size, so (as in Go's archive/zip) it has no ZIP64 field; its descriptor takes 8-byte
 * sizes exactly when the central directory, where readers look, gives the member a ZIP64 field
 * (APPNOTE 4.3.9.3).
 */
export class ZipWriter {
  private offset = 0;
  private readonly members: Member[] = [];
  private open: ZipMemberWriter | null = null;
  readonly level: number;
  readonly zip64From: number;

  constructor(private readonly sink: ByteSink, options: ZipOptions = {}) {
    this.level = options.level ?? 6;
    this.zip64From = options.zip64From ?? U32_MAX;
  }

  async emit(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    await this.sink.write(chunk);
  }

  /** A member whose bytes are all known: deflated in one piece, sizes in its local header. */
  async addFile(name: string, content: string | Buffer): Promise<void> {
    this.checkClosed();
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const deflated = deflateRawSync(data, { level: this.level });
    const member: Member = { name: Buffer.from(name, 'utf8'), flags: 0, crc: crc32(data), compressed: deflated.length, size: data.length, offset: this.offset };
    const zip64 = this.needsZip64(member);
    await this.emit(localHeader(member, zip64));
    await this.emit(deflated);
    this.members.push(member);
  }

  /** A member written piece by piece; end it before the next one starts. */
  async openMember(name: string): Promise<ZipMemberWriter> {
    this.checkClosed();
    const member: Member = { name: Buffer.from(name, 'utf8'), flags: FLAG_DESCRIPTOR, crc: 0, compressed: 0, size: 0, offset: this.offset };
    await this.emit(localHeader(member, false));
    this.open = new ZipMemberWriter(this, member, () => {
      this.members.push(member);
      this.open = null;
    });
    return this.open;
  }

  /** Writes the central directory and the end records; returns the archive's size in bytes. */
  async finish(): Promise<number> {
    this.checkClosed();
    const directoryOffset = this.offset;
    for (const member of this.members) await this.emit(centralHeader(member, this.needsZip64(member), this.zip64From));
    const directorySize = this.offset - directoryOffset;
    const count = this.members.length;
    const zip64 = count >= U16_MAX || directoryOffset >= this.zip64From || directorySize >= this.zip64From;
    if (zip64) {
      const recordOffset = this.offset;
      await this.emit(zip64End(count, directorySize, directoryOffset));
      await this.emit(zip64Locator(recordOffset));
    }
    await this.emit(endOfDirectory(zip64 ? U16_MAX : count, zip64 ? U32_MAX : directorySize, zip64 ? U32_MAX : directoryOffset));
    return this.offset;
  }

  /** Stops a member being written (the export failed): its zlib stream is destroyed, not left waiting. */
  abort(error: Error): void {
    this.open?.abort(error);
    this.open = null;
  }

  needsZip64(member: Member): boolean {
    return member.size >= this.zip64From || member.compressed >= this.zip64From || member.offset >= this.zip64From;
  }

  private checkClosed(): void {
    if (this.open) throw new Error('a zip member is still being written');
  }
}

/**
 * One streamed member. Text is gathered into 64 K-character pieces, encoded, checksummed and handed
 * to zlib; what zlib gives back goes to the sink as it comes. The caller waits only when zlib or the
 * sink is behind, so memory holds a few pieces whatever the member's size.
 */
export class ZipMemberWriter {
  private readonly deflate: DeflateRaw;
  private readonly pump: Promise<void>;
  private failure: Error | null = null;
  private pieces: string[] = [];
  private chars = 0;

  constructor(private readonly zip: ZipWriter, private readonly member: Member, private readonly done: () => void) {
    this.deflate = createDeflateRaw({ level: zip.level });
    // A write after the sink failed must not become an unhandled 'error' event.
    this.deflate.on('error', (error) => { this.failure ??= error; });
    this.pump = this.drainInto();
    // Seen by the producer at its next write; the pump's own promise is awaited in end().
    this.pump.catch(() => undefined);
  }

  private async drainInto(): Promise<void> {
    try {
      for await (const chunk of this.deflate) {
        this.member.compressed += (chunk as Buffer).length;
        await this.zip.emit(chunk as Buffer);
      }
    } catch (error) {
      this.failure ??= error as Error;
      this.deflate.destroy(this.failure);
      throw this.failure;
    }
  }

  /** Adds text (UTF-8 in the archive). */
  async write(text: string): Promise<void> {
    this.pieces.push(text);
    this.chars += text.length;
    if (this.chars >= PIECE_CHARS) await this.flushPieces();
  }

  private async flushPieces(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.chars === 0) return;
    const bytes = Buffer.from(this.pieces.join(''), 'utf8');
    this.pieces = [];
    this.chars = 0;
    this.member.crc = crc32(bytes, this.member.crc);
    this.member.size += bytes.length;
    if (!this.deflate.write(bytes)) {
      await Promise.race([once(this.deflate, 'drain'), this.pump]).catch(() => undefined);
    }
    if (this.failure) throw this.failure;
  }

  abort(error: Error): void {
    this.failure ??= error;
    this.deflate.destroy();
  }

  /** Flushes and closes the member: the rest of its deflated bytes, then its data descriptor. */
  async end(): Promise<void> {
    await this.flushPieces();
    this.deflate.end();
    await this.pump;
    await this.zip.emit(dataDescriptor(this.member, this.zip.needsZip64(this.member)));
    this.done();
  }
}

function localHeader(member: Member, zip64: boolean): Buffer {
  const extra = zip64 ? zip64Extra([member.size, member.compressed]) : Buffer.alloc(0);
  const header = Buffer.alloc(30);
  const streamed = (member.flags & FLAG_DESCRIPTOR) !== 0;
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFLATE, 4);
  header.writeUInt16LE(member.flags, 6);
  header.writeUInt16LE(DEFLATE, 8);
  header.writeUInt16LE(DOS_TIME, 10);
  header.writeUInt16LE(DOS_DATE, 12);
  // A streamed member's CRC and sizes are zero here and come in its descriptor.
  header.writeUInt32LE(streamed ? 0 : member.crc, 14);
  header.writeUInt32LE(streamed ? 0 : zip64 ? U32_MAX : member.compressed, 18);
  header.writeUInt32LE(streamed ? 0 : zip64 ? U32_MAX : member.size, 22);
  header.writeUInt16LE(member.name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, member.name, extra]);
}

function dataDescriptor(member: Member, zip64: boolean): Buffer {
  const descriptor = Buffer.alloc(zip64 ? 24 : 16);
  descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
  descriptor.writeUInt32LE(member.crc, 4);
  if (zip64) {
    descriptor.writeBigUInt64LE(BigInt(member.compressed), 8);
    descriptor.writeBigUInt64LE(BigInt(member.size), 16);
  } else {
    descriptor.writeUInt32LE(member.compressed, 8);
    descriptor.writeUInt32LE(member.size, 12);
  }
  return descriptor;
}

/** The ZIP64 extended information field: the 8-byte values, in the order the format fixes. */
function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((value, i) => extra.writeBigUInt64LE(BigInt(value), 4 + 8 * i));
  return extra;
}

function centralHeader(member: Member, zip64: boolean, zip64From: number): Buffer {
  // A ZIP64 member marks both sizes (readers then find both in the extra field), and its offset when that is past the limit.
  const offsetMarked = member.offset >= zip64From;
  const extra = zip64 ? zip64Extra([member.size, member.compressed, ...(offsetMarked ? [member.offset] : [])]) : Buffer.alloc(0);
  const header = Buffer.alloc(46);
  header.writeUInt32LE(CENTRAL_HEADER, 0);
  header.writeUInt16LE(VERSION_ZIP64, 4);
  header.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFLATE, 6);
  header.writeUInt16LE(member.flags, 8);
  header.writeUInt16LE(DEFLATE, 10);
  header.writeUInt16LE(DOS_TIME, 12);
  header.writeUInt16LE(DOS_DATE, 14);
  header.writeUInt32LE(member.crc, 16);
  header.writeUInt32LE(zip64 ? U32_MAX : member.compressed, 20);
  header.writeUInt32LE(zip64 ? U32_MAX : member.size, 24);
  header.writeUInt16LE(member.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // Comment length, disk, internal and external attributes stay 0.
  header.writeUInt32LE(offsetMarked ? U32_MAX : member.offset, 42);
  return Buffer.concat([header, member.name, extra]);
}

function zip64End(count: number, directorySize: number, directoryOffset: number): Buffer {
  const record = Buffer.alloc(56);
  record.writeUInt32LE(ZIP64_END, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(VERSION_ZIP64, 12);
  record.writeUInt16LE(VERSION_ZIP64, 14);
  // This disk and the directory's disk: 0.
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  return record;
}

function zip64Locator(recordOffset: number): Buffer {
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(ZIP64_LOCATOR, 0);
  locator.writeBigUInt64LE(BigInt(recordOffset), 8);
  locator.writeUInt32LE(1, 16);
  return locator;
}

function endOfDirectory(count: number, directorySize: number, directoryOffset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_DIRECTORY, 0);
  end.writeUInt16LE(Math.min(count, U16_MAX), 8);
  end.writeUInt16LE(Math.min(count, U16_MAX), 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return end;
}
