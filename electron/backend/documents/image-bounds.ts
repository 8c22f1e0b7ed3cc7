import { fileRefused, refusalMessage } from '../../../shared/refusal';
import { imageSize, type ImageMediaType } from './image-size';
import { MAX_TIFF_PAGES, tiffDirectoryOffsets } from './tiff-pages';

/**
 * Pixels of one image page, at most, before anything decodes it. The OCR engine (TIFF, GIF) and the
 * canvas that turns and shrinks a JPEG or WebP hold a page whole as 32-bit pixels, so a page of a
 * few kilobytes that claims 30,000 x 30,000 pixels would take gigabytes (issue 17 item 5: a TIFF of
 * 500 such directories). 40 megapixels is an A4 page scanned at 600 dpi (35 MP) with room to spare.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;
/**
 * A PNG is shrunk to 300 dpi while it is inflated, row by row (page-image.ts), so its size costs
 * time, not memory: an A3 page at 1200 dpi is 278 megapixels.
 */
export const MAX_PNG_PIXELS = 400_000_000;

type Size = { width: number; height: number };

/** Width and height from a TIFF directory's ImageWidth (256) and ImageLength (257) tags. */
function tiffDirectorySize(view: DataView, offset: number, little: boolean): Size | null {
  const entries = view.getUint16(offset, little);
  let width: number | null = null;
  let height: number | null = null;
  for (let i = 0; i < entries; i++) {
    const at = offset + 2 + i * 12;
    if (at + 12 > view.byteLength) break;
    const tag = view.getUint16(at, little);
    if (tag !== 256 && tag !== 257) continue;
    const type = view.getUint16(at + 2, little);
    // SHORT (3) or LONG (4), stored in the entry's value field.
    const value = type === 3 ? view.getUint16(at + 8, little) : view.getUint32(at + 8, little);
    if (tag === 256) width = value;
    else height = value;
  }
  return width === null || height === null ? null : { width, height };
}

function gifSize(bytes: Uint8Array): Size | null {
  if (bytes.length < 10) return null;
  return { width: bytes[6]! | (bytes[7]! << 8), height: bytes[8]! | (bytes[9]! << 8) };
}

function webpSize(bytes: Uint8Array): Size | null {
  if (bytes.length < 30) return null;
  const chunk = Buffer.from(bytes.subarray(12, 16)).toString('latin1');
  const u24 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
  if (chunk === 'VP8X') return { width: u24(24) + 1, height: u24(27) + 1 };
  if (chunk === 'VP8 ') return { width: (bytes[26]! | (bytes[27]! << 8)) & 0x3fff, height: (bytes[28]! | (bytes[29]! << 8)) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return null;
}

/** The size of each page that OCR would read (a TIFF's first MAX_TIFF_PAGES directories); null where a header does not say. */
export function imagePageSizes(bytes: Uint8Array, mediaType: ImageMediaType): (Size | null)[] {
  switch (mediaType) {
    case 'image/tiff': {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const little = bytes[0] === 0x49;
      return tiffDirectoryOffsets(bytes).slice(0, MAX_TIFF_PAGES).map((offset) => tiffDirectorySize(view, offset, little));
    }
    case 'image/gif': return [gifSize(bytes)];
    case 'image/webp': return [webpSize(bytes)];
    default: return [imageSize(bytes)];
  }
}

/** Refuses an image with a page over MAX_IMAGE_PIXELS, naming the file, the page and its size, before anything decodes it. */
export function checkImageBounds(bytes: Uint8Array, mediaType: ImageMediaType, fileName: string): void {
  const sizes = imagePageSizes(bytes, mediaType);
  const limit = mediaType === 'image/png' ? MAX_PNG_PIXELS : MAX_IMAGE_PIXELS;
  const index = sizes.findIndex((size) => size !== null && size.width * size.height > limit);
  if (index < 0) return;
  const { width, height } = sizes[index]!;
  const page = sizes.length > 1 ? refusalMessage('refusal.image_page', { page: index + 1, pages: sizes.length }) : refusalMessage('refusal.image_it');
  throw fileRefused(fileName, refusalMessage('refusal.image_too_large', {
    page, width: width.toLocaleString('en-US'), height: height.toLocaleString('en-US'),
    megapixels: Math.round((width * height) / 1e6).toLocaleString('en-US'), format: mediaType.slice(6).toUpperCase(), limit: limit / 1e6,
  }));
}
