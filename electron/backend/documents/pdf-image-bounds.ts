import { inflateSync } from 'node:zlib';
import { MAX_IMAGE_PIXELS } from './image-bounds';
import { jpegFrame } from './image-size';
import { MAX_PDF_STREAM_BYTES } from './pdf-bounds';
import { pdfDecryptor, type StreamDecryptor } from './pdf-decrypt';
import { dictionaryNumber, pdfStreams, streamData, streamFilters, type RawStream } from './pdf-streams';

/**
 * The images of a PDF whose declared size is past what a page may cost, found before pdfjs decodes
 * anything. pdfjs decodes an image whole at the size its data declares (a JPEG's frame header, a
 * JBIG2 page or region), not the size its dictionary gives, and draws it as 32-bit pixels: a 2 KB
 * JPEG declaring 60,000 x 60,000 pixels, or a JBIG2 region of that size (one byte a pixel while
 * decoded, and an arithmetic decode of every pixel), holds gigabytes or the thread for minutes.
 * Each image is held to the bound an image file has (MAX_IMAGE_PIXELS) by every size it declares.
 */
export type OversizedImage = {
  /** The image's object number (null when the file does not say it where the check can see). */
  object: number | null;
  format: 'JPEG' | 'JBIG2' | 'JPEG 2000' | 'image';
} & ({ width: number; height: number; components: number } | { parts: number });

/**
 * The most samples (pixels x components) one image may declare: a 40-megapixel page in CMYK.
 * pdfjs keeps two bytes a sample while it decodes a JPEG.
 */
export const MAX_PDF_IMAGE_SAMPLES = MAX_IMAGE_PIXELS * 4;
/**
 * The most parts a JBIG2 segment may declare: symbols of a dictionary, glyphs placed by a text
 * region, patterns, segments referred to. A scanned page of text has a few thousand; pdfjs walks
 * each declared part, so four billion of them hold the thread whatever the data holds.
 */
export const MAX_JBIG2_PARTS = 1_000_000;

export function findOversizedImages(bytes: Uint8Array): OversizedImage[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const streams = [...pdfStreams(buffer)];
  const byObject = new Map(streams.filter((s) => s.object !== null).map((s) => [s.object!, s]));
  // In an encrypted file the frame headers and segments are ciphertext until decrypted as pdfjs will.
  const decrypt = pdfDecryptor(buffer);
  const found: OversizedImage[] = [];
  for (const stream of streams) {
    if (!/\/Subtype\s*\/Image\b/.test(stream.dictionary)) continue;
    const oversized = oversizedImage(buffer, stream, byObject, decrypt);
    if (oversized) found.push(oversized);
  }
  return found;
}

function oversizedImage(buffer: Buffer, stream: RawStream, byObject: Map<number, RawStream>, decrypt: StreamDecryptor | null): OversizedImage | null {
  const { object, dictionary } = stream;
  const filters = streamFilters(dictionary);
  const last = filters.at(-1);
  const format = last === 'DCTDecode' ? 'JPEG' : last === 'JBIG2Decode' ? 'JBIG2' : last === 'JPXDecode' ? 'JPEG 2000' : 'image';
  // The dictionary's size: pdfjs draws every image at it, four bytes a pixel.
  const width = dictionaryNumber(dictionary, 'Width') ?? 0;
  const height = dictionaryNumber(dictionary, 'Height') ?? 0;
  if (width * height > MAX_IMAGE_PIXELS) return { object, format, width, height, components: 1 };
  if (format === 'image') return null;
  const data = imageData(buffer, stream, filters, decrypt);
  if (!data) return null;
  if (format === 'JPEG') {
    const frame = jpegFrame(data);
    if (!frame) return null;
    const declared = { ...frame, height: frame.height || height };
    return pastBound(declared) ? { object, format, ...declared } : null;
  }
  if (format === 'JPEG 2000') {
    const size = jpxSize(data);
    return size && pastBound(size) ? { object, format, ...size } : null;
  }
  // JBIG2: the image's own segments, and those of the global segments it refers to.
  const globals = /\/JBIG2Globals\s+(\d+)\s+\d+\s+R/.exec(dictionary);
  const shared = globals ? byObject.get(Number(globals[1])) : undefined;
  const sharedData = shared ? imageData(buffer, shared, streamFilters(shared.dictionary), decrypt) : null;
  const problem = (sharedData && jbig2Problem(sharedData)) ?? jbig2Problem(data);
  return problem ? { object, format, ...problem } : null;
}

function pastBound({ width, height, components }: { width: number; height: number; components: number }): boolean {
  return width * height > MAX_IMAGE_PIXELS || width * height * components > MAX_PDF_IMAGE_SAMPLES;
}

/**
 * The encoded image as its last filter reads it: the stream's bytes, or what the Flate filters
 * before it give (bounded; pdf-bounds.ts has refused a file whose streams inflate past it). Null
 * when another filter comes first or the data is damaged: pdfjs judges those.
 */
function imageData(buffer: Buffer, stream: RawStream, filters: string[], decrypt: StreamDecryptor | null): Uint8Array | null {
  let data = streamData(buffer, stream, decrypt);
  if (!data) return null;
  for (const filter of filters.slice(0, -1)) {
    if (filter !== 'FlateDecode' && filter !== 'Fl') return null;
    try {
      data = inflateSync(data, { maxOutputLength: MAX_PDF_STREAM_BYTES });
    } catch {
      return null;
    }
  }
  return data;
}

/** A JPEG 2000 image's size and components from its SIZ marker (a raw codestream or inside a JP2 file). */
function jpxSize(data: Uint8Array): { width: number; height: number; components: number } | null {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 65_536));
  const at = head.indexOf(Buffer.from([0xff, 0x4f, 0xff, 0x51]));
  if (at < 0 || at + 42 > head.length) return null;
  const siz = at + 4;
  const u32 = (offset: number) => head.readUInt32BE(siz + offset);
  return { width: Math.max(0, u32(6) - u32(14)), height: Math.max(0, u32(10) - u32(18)), components: head.readUInt16BE(siz + 38) };
}

/** Region segments (text, halftone, generic, refinement; intermediate and immediate) begin with the region's size. */
const REGION_SEGMENTS = new Set([4, 6, 7, 20, 22, 23, 36, 38, 39, 40, 42, 43]);

/**
 * The first size or count past its bound that a JBIG2 stream's segments declare (embedded
 * organisation, ISO 14492 7.2: each segment's header, then its data). Read as pdfjs reads them.
 */
function jbig2Problem(data: Uint8Array): { width: number; height: number; components: number } | { parts: number } | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u32 = (at: number) => (at + 4 <= data.length ? view.getUint32(at) : 0);
  const size = (width: number, height: number) => (width * height > MAX_IMAGE_PIXELS ? { width, height, components: 1 } : null);
  const parts = (count: number) => (count > MAX_JBIG2_PARTS ? { parts: count } : null);
  let position = 0;
  while (position + 11 <= data.length) {
    const number = u32(position);
    const flags = data[position + 4]!;
    const type = flags & 0x3f;
    let referred = data[position + 5]! >> 5;
    let at = position + 6;
    if (referred === 7) {
      referred = u32(position + 5) & 0x1fffffff;
      at = position + 9 + ((referred + 8) >> 3);
    }
    const tooMany = parts(referred);
    if (tooMany) return tooMany;
    at += referred * (number <= 256 ? 1 : number <= 65536 ? 2 : 4);
    at += flags & 0x40 ? 4 : 1;
    const length = u32(at);
    at += 4;
    let problem = null;
    if (type === 48) problem = size(u32(at), u32(at + 4) === 0xffffffff ? 0 : u32(at + 4));
    else if (REGION_SEGMENTS.has(type)) problem = size(u32(at), u32(at + 4));
    if (problem) return problem;
    if (type === 0) problem = symbolDictionaryProblem(data, at, u32, parts);
    else if (type === 6 || type === 7) problem = parts(u32(textInstancesAt(data, at)));
    else if (type === 16) problem = size(((u32(at + 3) + 1) * data[at + 1]!), data[at + 2]!);
    else if (type === 22 || type === 23) problem = size(u32(at + 18), u32(at + 22));
    if (problem) return problem;
    // An immediate generic region of unknown length runs to the end of the data.
    if (length === 0xffffffff) return null;
    position = at + length;
  }
  return null;
}

function symbolDictionaryProblem(data: Uint8Array, at: number, u32: (at: number) => number, parts: (n: number) => { parts: number } | null) {
  const flags = ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
  const huffman = flags & 1;
  const refinement = flags & 2;
  let offset = at + 2;
  if (!huffman) offset += ((flags >> 10) & 3) === 0 ? 8 : 2;
  if (refinement && !((flags >> 12) & 1)) offset += 4;
  return parts(u32(offset)) ?? parts(u32(offset + 4));
}

/** Where a text region segment's count of symbol instances lies. */
function textInstancesAt(data: Uint8Array, at: number): number {
  const flags = ((data[at + 17] ?? 0) << 8) | (data[at + 18] ?? 0);
  let offset = at + 19;
  if (flags & 1) offset += 2;
  if (flags & 2 && !((flags >> 15) & 1)) offset += 4;
  return offset;
}
