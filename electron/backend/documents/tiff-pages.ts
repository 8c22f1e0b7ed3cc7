/** A fax or scanner TIFF of hundreds of pages is a real thing; past this, pages are not read (and a note says so). */
export const MAX_TIFF_PAGES = 500;

/** Directories counted at most (a 2-byte entry count bounds nothing else). */
const MAX_TIFF_DIRECTORIES = 65_536;

/**
 * The pages of a (multi-page) TIFF, each as a TIFF whose first image is that page. The OCR engine
 * reads only the first image of a TIFF, so page N is the whole file with the header's pointer to the
 * first image directory moved to the Nth one: image data stays where it is, at the same offsets.
 * A TIFF whose directory chain cannot be followed (damaged, BigTIFF) is read as one page, as before.
 */
export type ImagePages = { count: number; page(index: number): Buffer; skipped: number };

/**
 * Each page is made when it is asked for, so only one copy of the file exists at a time beside
 * the original (an 8.4 MB TIFF of 500 pages made 500 copies at once: 4.2 GB).
 */
export function tiffPages(bytes: Uint8Array): ImagePages {
  const offsets = tiffDirectoryOffsets(bytes);
  const whole = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (offsets.length <= 1) return { count: 1, page: () => whole, skipped: 0 };
  const little = bytes[0] === 0x49;
  const kept = offsets.slice(0, MAX_TIFF_PAGES);
  const page = (i: number): Buffer => {
    if (i === 0) return whole;
    const copy = Buffer.from(whole);
    if (little) copy.writeUInt32LE(kept[i]!, 4);
    else copy.writeUInt32BE(kept[i]!, 4);
    return copy;
  };
  return { count: kept.length, page, skipped: offsets.length - kept.length };
}

/** Offsets of the image file directories, in chain order; [] when the file is not a classic TIFF. */
export function tiffDirectoryOffsets(bytes: Uint8Array): number[] {
  if (bytes.length < 8) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = String.fromCharCode(bytes[0]!, bytes[1]!);
  if (order !== 'II' && order !== 'MM') return [];
  const little = order === 'II';
  if (view.getUint16(2, little) !== 42) return [];
  const offsets: number[] = [];
  const seen = new Set<number>();
  let offset = view.getUint32(4, little);
  // A directory: a 2-byte entry count, 12-byte entries, then the 4-byte offset of the next one (0 ends).
  // The chain is followed while it stays inside the file and never loops back.
  while (offset !== 0 && offset + 2 <= bytes.length && !seen.has(offset) && offsets.length < MAX_TIFF_DIRECTORIES) {
    const entries = view.getUint16(offset, little);
    const next = offset + 2 + entries * 12;
    if (next + 4 > bytes.length) break;
    seen.add(offset);
    offsets.push(offset);
    offset = view.getUint32(next, little);
  }
  return offsets;
}
