/**
 * The EXIF orientation of a JPEG (APP1 "Exif") or a PNG (eXIf chunk): 1 is upright; 2-8 say how
 * the stored pixels are to be flipped and turned to show the photo as it was taken (a phone held
 * upright stores its pixels sideways with orientation 6). Both byte orders of the TIFF structure
 * inside are read; anything unreadable is 1, as viewers treat it.
 */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export function exifOrientation(bytes: Uint8Array): Orientation {
  const tiff = exifTiff(bytes);
  return tiff ? orientationFromTiff(tiff) : 1;
}

/** The TIFF structure holding the EXIF tags, or null when the file has none. */
function exifTiff(bytes: Uint8Array): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let offset = 2;
    while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
      const marker = bytes[offset + 1]!;
      // Start of scan: the metadata segments are all before it. Fill bytes (FF FF) are skipped.
      if (marker === 0xda || marker === 0xd9) return null;
      if (marker === 0xff) { offset++; continue; }
      const length = view.getUint16(offset + 2);
      if (length < 2) return null;
      const start = offset + 4;
      if (marker === 0xe1 && start + 6 <= bytes.length && String.fromCharCode(...bytes.subarray(start, start + 6)) === 'Exif\0\0') {
        return bytes.subarray(start + 6, Math.min(bytes.length, offset + 2 + length));
      }
      offset += 2 + length;
    }
    return null;
  }
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    let offset = 8;
    while (offset + 8 <= bytes.length) {
      const length = view.getUint32(offset);
      const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
      if (type === 'eXIf') return bytes.subarray(offset + 8, Math.min(bytes.length, offset + 8 + length));
      // The orientation is metadata before the image data; a PNG's eXIf after IDAT is not honoured by viewers either.
      if (type === 'IDAT' || type === 'IEND') return null;
      offset += 12 + length;
    }
  }
  return null;
}

/** Tag 0x0112 of the first image directory, a SHORT in the structure's own byte order. */
function orientationFromTiff(tiff: Uint8Array): Orientation {
  if (tiff.length < 8) return 1;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== 'II' && order !== 'MM') return 1;
  const little = order === 'II';
  if (view.getUint16(2, little) !== 42) return 1;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return 1;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (view.getUint16(entry, little) !== 0x0112) continue;
    const type = view.getUint16(entry + 2, little);
    const value = type === 3 ? view.getUint16(entry + 8, little) : type === 4 ? view.getUint32(entry + 8, little) : 0;
    return value >= 1 && value <= 8 ? (value as Orientation) : 1;
  }
  return 1;
}

/**
 * The canvas transform that draws stored pixels (width x height) upright: [a, b, c, d, e, f] for
 * setTransform, and the upright size. Orientations 5-8 swap width and height.
 */
export function orientationTransform(orientation: Orientation, width: number, height: number): {
  matrix: [number, number, number, number, number, number]; width: number; height: number;
} {
  const w = width;
  const h = height;
  switch (orientation) {
    case 2: return { matrix: [-1, 0, 0, 1, w, 0], width: w, height: h };
    case 3: return { matrix: [-1, 0, 0, -1, w, h], width: w, height: h };
    case 4: return { matrix: [1, 0, 0, -1, 0, h], width: w, height: h };
    case 5: return { matrix: [0, 1, 1, 0, 0, 0], width: h, height: w };
    case 6: return { matrix: [0, 1, -1, 0, h, 0], width: h, height: w };
    case 7: return { matrix: [0, -1, -1, 0, h, w], width: h, height: w };
    case 8: return { matrix: [0, -1, 1, 0, 0, w], width: h, height: w };
    default: return { matrix: [1, 0, 0, 1, 0, 0], width: w, height: h };
  }
}
