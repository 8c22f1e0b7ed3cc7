/**
 * A JPEG with an EXIF orientation tag, as a phone writes it: an APP1 "Exif" segment right after
 * the start marker, holding a TIFF structure (Intel "II" or Motorola "MM" byte order) whose first
 * directory has the one tag 0x0112.
 */
export function withExifOrientation(jpeg: Buffer, orientation: number, byteOrder: 'II' | 'MM' = 'II'): Buffer {
  const little = byteOrder === 'II';
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write(byteOrder, 0, 'latin1');
  const u16 = (v: number, at: number) => (little ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (little ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
  u16(42, 2);
  u32(8, 4);
  u16(1, 8);
  u16(0x0112, 10);
  u16(3, 12);
  u32(1, 14);
  u16(orientation, 18);
  u32(0, 22);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, payload, jpeg.subarray(2)]);
}
