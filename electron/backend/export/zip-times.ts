import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';

/** 1980-01-01 00:00, the first moment an MS-DOS date in a ZIP can hold. */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/**
 * Sets the modification time of every entry of a ZIP file (an XLSX workbook) to 1980-01-01, in
 * place, so two exports of the same case are the same bytes and their SHA-256 can be cited. The zip
 * writer stamps entries with the clock; nothing else in the file depends on it. Only the 2-byte
 * time and date fields of each local and central header change. Returns the entries stamped, or 0
 * for a file it does not recognise (ZIP64, damaged), which is left as it was.
 */
export function stampZipEntries(path: string): number {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    // The end-of-central-directory record: 22 bytes plus a comment of at most 65535.
    const tailStart = Math.max(0, size - 22 - 65535);
    const tail = readAt(fd, tailStart, size - tailStart);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) { eocd = i; break; }
    }
    if (eocd < 0) return 0;
    const entries = tail.readUInt16LE(eocd + 10);
    const centralSize = tail.readUInt32LE(eocd + 12);
    const centralOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || centralOffset === 0xffffffff || centralOffset + centralSize > size) return 0;
    const central = readAt(fd, centralOffset, centralSize);
    const stamp = Buffer.alloc(4);
    stamp.writeUInt16LE(DOS_TIME, 0);
    stamp.writeUInt16LE(DOS_DATE, 2);
    let at = 0;
    let stamped = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > central.length || central.readUInt32LE(at) !== CENTRAL_SIGNATURE) return stamped;
      const local = central.readUInt32LE(at + 42);
      if (readAt(fd, local, 4).readUInt32LE(0) !== LOCAL_SIGNATURE) return stamped;
      writeSync(fd, stamp, 0, 4, centralOffset + at + 12);
      writeSync(fd, stamp, 0, 4, local + 10);
      stamped++;
      at += 46 + central.readUInt16LE(at + 28) + central.readUInt16LE(at + 30) + central.readUInt16LE(at + 32);
    }
    return stamped;
  } finally {
    closeSync(fd);
  }
}
