/** Pixel size of a PNG or JPEG from its header; null for other formats (TIFF: boxes fall back to the text extent). */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length > 24 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  const frame = jpegFrame(bytes);
  if (frame) return { width: frame.width, height: frame.height };
  return null;
}

/**
 * A JPEG's frame header (SOF0-SOF15 but DHT, JPG and DAC): the size and number of components it
 * declares, which is what a decoder allocates for, whatever the file holds after it.
 */
export function jpegFrame(bytes: Uint8Array): { width: number; height: number; components: number } | null {
  if (bytes.length <= 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    // Fill bytes before a marker.
    if (marker === 0xff) { offset++; continue; }
    const length = view.getUint16(offset + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7), components: bytes[offset + 9]! };
    }
    offset += 2 + length;
  }
  return null;
}

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/tiff' | 'image/gif' | 'image/webp';

/** The media type from the file's first bytes, whatever its name says. */
export function sniffMediaType(bytes: Uint8Array): ImageMediaType | 'application/pdf' | null {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head[0] === 0x89 && head.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  if (head.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && Buffer.from(bytes.subarray(8, 12)).toString('latin1') === 'WEBP') return 'image/webp';
  const tiff = head.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return 'image/tiff';
  // A PDF may have junk before its header (up to 1 KB is accepted by readers).
  if (Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-')) return 'application/pdf';
  return null;
}

/** The resolution a PNG (pHYs) or JPEG (JFIF density) says it has, in dots per inch; null when it says none. */
export function imageDpi(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length > 24 && bytes[0] === 0x89 && bytes[1] === 0x50) {
    let offset = 8;
    while (offset + 8 <= bytes.length) {
      const length = view.getUint32(offset);
      const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
      if (type === 'pHYs' && length >= 9 && offset + 17 <= bytes.length) return bytes[offset + 16] === 1 ? view.getUint32(offset + 8) * 0.0254 : null;
      if (type === 'IDAT' || type === 'IEND') return null;
      offset += 12 + length;
    }
    return null;
  }
  // JFIF's APP0 segment, when it comes first: units 1 are dots per inch, 2 dots per centimetre.
  if (bytes.length > 18 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff && bytes[3] === 0xe0
    && String.fromCharCode(...bytes.subarray(6, 11)) === 'JFIF\0') {
    const units = bytes[13];
    const density = view.getUint16(14);
    if (density <= 1) return null;
    return units === 1 ? density : units === 2 ? density * 2.54 : null;
  }
  return null;
}
