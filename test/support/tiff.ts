import { inflateSync } from 'node:zlib';

/** An 8-bit grey image: one byte a pixel, rows top to bottom. */
export type GreyImage = { width: number; height: number; pixels: Uint8Array };

/**
 * Decodes the PNGs Chromium writes (8-bit RGB or RGBA, not interlaced) into grey: enough to turn a
 * rendered fixture into the pages of a TIFF.
 */
export function pngToGrey(png: Buffer): GreyImage {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 6)) throw new Error('only 8-bit RGB(A) PNGs without interlace');
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      data.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const previous = new Uint8Array(stride);
  const row = new Uint8Array(stride);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= channels ? row[x - channels]! : 0;
      const up = previous[x]!;
      const upLeft = x >= channels ? previous[x - channels]! : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      row[x] = (value + predicted) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const i = x * channels;
      pixels[y * width + x] = Math.round(0.299 * row[i]! + 0.587 * row[i + 1]! + 0.114 * row[i + 2]!);
    }
    previous.set(row);
  }
  return { width, height, pixels };
}

/** A baseline TIFF (little-endian, uncompressed, 8-bit grey, one strip a page) with one image per page. */
export function greyTiff(pages: GreyImage[]): Buffer {
  const ENTRIES = 8;
  const ifdBytes = 2 + ENTRIES * 12 + 4;
  const parts: Buffer[] = [];
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  parts.push(header);
  let offset = 8;
  const pixelOffsets = pages.map((page) => {
    const at = offset;
    parts.push(Buffer.from(page.pixels));
    offset += page.pixels.length + (page.pixels.length % 2);
    if (page.pixels.length % 2) parts.push(Buffer.alloc(1));
    return at;
  });
  header.writeUInt32LE(offset, 4);
  pages.forEach((page, i) => {
    const ifd = Buffer.alloc(ifdBytes);
    ifd.writeUInt16LE(ENTRIES, 0);
    // tag, type (3 SHORT, 4 LONG), count, value: in ascending tag order, as the format asks.
    const tags: [number, number, number][] = [
      [256, 4, page.width], [257, 4, page.height], [258, 3, 8], [259, 3, 1], [262, 3, 1],
      [273, 4, pixelOffsets[i]!], [278, 4, page.height], [279, 4, page.pixels.length],
    ];
    tags.forEach(([tag, type, value], n) => {
      const at = 2 + n * 12;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(1, at + 4);
      if (type === 3) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
    });
    offset += ifdBytes;
    ifd.writeUInt32LE(i === pages.length - 1 ? 0 : offset, 2 + ENTRIES * 12);
    parts.push(ifd);
  });
  return Buffer.concat(parts);
}
