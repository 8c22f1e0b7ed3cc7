import { crc32, createInflate, deflateSync } from 'node:zlib';

/**
 * A PNG too large to decode whole (a 1200-dpi A4 scan is 139 million pixels: 556 MB as RGBA before
 * the OCR engine makes its own copies) is shrunk while it is inflated: rows are unfiltered one at a
 * time and averaged into the smaller grey image (a box filter, so thin strokes stay as grey rather
 * than vanish as with nearest-neighbour), so memory holds the result and two rows, never the whole.
 */
export type PngHeader = { width: number; height: number; bitDepth: number; colorType: number; interlaced: boolean };

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function pngHeader(bytes: Uint8Array): PngHeader | null {
  if (bytes.length < 33 || bytes[0] !== 0x89 || bytes[1] !== 0x50) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: bytes[24]!, colorType: bytes[25]!, interlaced: bytes[28] === 1 };
}

function* chunks(bytes: Uint8Array): Generator<{ type: string; data: Uint8Array }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = Math.min(bytes.length, offset + 8 + length);
    yield { type, data: bytes.subarray(offset + 8, end) };
    if (type === 'IEND') return;
    offset += 12 + length;
  }
}

/**
 * Shrinks a non-interlaced PNG to width x height grey pixels (transparent parts over white) and
 * returns it as a PNG. Null for what this does not handle (interlaced, unknown colour type), which
 * the caller decodes another way.
 */
export async function shrinkPng(bytes: Uint8Array, width: number, height: number): Promise<Buffer | null> {
  const header = pngHeader(bytes);
  if (!header || header.interlaced || CHANNELS[header.colorType] === undefined) return null;
  const { width: w, height: h, bitDepth, colorType } = header;
  const channels = CHANNELS[colorType]!;
  const bitsPerPixel = channels * bitDepth;
  const rowBytes = Math.ceil((w * bitsPerPixel) / 8);
  const step = Math.max(1, bitsPerPixel >> 3);
  const palette = paletteGrey(bytes);
  const maxValue = (1 << bitDepth) - 1;

  // Each source column adds to one output column, each source row to one output row: box averages.
  const columnOf = new Uint32Array(w);
  for (let x = 0; x < w; x++) columnOf[x] = Math.min(width - 1, Math.floor((x * width) / w));
  const sums = new Float64Array(width);
  const counts = new Uint32Array(width);
  const out = Buffer.alloc((width + 1) * height, 255);
  let outRow = 0;
  let sourceRow = 0;
  const flush = () => {
    const base = outRow * (width + 1);
    out[base] = 0;
    for (let x = 0; x < width; x++) out[base + 1 + x] = counts[x] ? Math.round(sums[x]! / counts[x]!) : 255;
    sums.fill(0);
    counts.fill(0);
  };

  let previous = Buffer.alloc(rowBytes);
  let current = Buffer.alloc(rowBytes);
  let filled = -1; // -1: the filter byte comes next
  let filter = 0;
  const grey = (row: Buffer, x: number): number => {
    if (bitDepth < 8) {
      const bit = x * bitDepth;
      const value = (row[bit >> 3]! >> (8 - bitDepth - (bit & 7))) & maxValue;
      return colorType === 3 ? palette[value] ?? 0 : Math.round((value * 255) / maxValue);
    }
    const i = x * step;
    // 16-bit samples: the high byte is enough for OCR.
    const sample = (c: number) => row[i + (c * bitDepth) / 8]!;
    switch (colorType) {
      case 0: return sample(0);
      case 3: return palette[sample(0)] ?? 0;
      case 4: return over(sample(0), sample(1));
      case 2: return luma(sample(0), sample(1), sample(2));
      default: return over(luma(sample(0), sample(1), sample(2)), sample(3));
    }
  };
  const rowDone = () => {
    unfilter(filter, current, previous, step);
    const target = Math.min(height - 1, Math.floor((sourceRow * height) / h));
    if (target !== outRow) {
      flush();
      outRow = target;
    }
    for (let x = 0; x < w; x++) {
      const column = columnOf[x]!;
      sums[column]! += grey(current, x);
      counts[column]!++;
    }
    sourceRow++;
    [previous, current] = [current, previous];
  };

  const inflate = createInflate();
  const done = new Promise<void>((resolve, reject) => {
    inflate.on('data', (data: Buffer) => {
      let i = 0;
      while (i < data.length && sourceRow < h) {
        if (filled === -1) {
          filter = data[i++]!;
          filled = 0;
          continue;
        }
        const take = Math.min(rowBytes - filled, data.length - i);
        data.copy(current, filled, i, i + take);
        filled += take;
        i += take;
        if (filled === rowBytes) {
          rowDone();
          filled = -1;
        }
      }
    });
    inflate.on('end', resolve);
    inflate.on('error', reject);
  });
  for (const chunk of chunks(bytes)) if (chunk.type === 'IDAT') inflate.write(chunk.data);
  inflate.end();
  try {
    await done;
  } catch {
    // A damaged stream: the rows read so far are kept (the rest stay white), as image viewers do.
  }
  if (sourceRow > 0) flush();
  return encodeGreyPng(out, width, height);
}

const luma = (r: number, g: number, b: number) => (r * 299 + g * 587 + b * 114) / 1000;
const over = (value: number, alpha: number) => (value * alpha + 255 * (255 - alpha)) / 255;

function paletteGrey(bytes: Uint8Array): number[] {
  for (const chunk of chunks(bytes)) {
    if (chunk.type === 'PLTE') {
      const grey: number[] = [];
      for (let i = 0; i + 2 < chunk.data.length; i += 3) grey.push(luma(chunk.data[i]!, chunk.data[i + 1]!, chunk.data[i + 2]!));
      return grey;
    }
    if (chunk.type === 'IDAT') break;
  }
  return [];
}

/** PNG's five row filters undone in place (the spec's section 9). */
function unfilter(filter: number, row: Buffer, previous: Buffer, step: number): void {
  const n = row.length;
  switch (filter) {
    case 1: for (let i = step; i < n; i++) row[i] = (row[i]! + row[i - step]!) & 255; break;
    case 2: for (let i = 0; i < n; i++) row[i] = (row[i]! + previous[i]!) & 255; break;
    case 3: for (let i = 0; i < n; i++) row[i] = (row[i]! + (((i >= step ? row[i - step]! : 0) + previous[i]!) >> 1)) & 255; break;
    case 4:
      for (let i = 0; i < n; i++) {
        const a = i >= step ? row[i - step]! : 0;
        const b = previous[i]!;
        const c = i >= step ? previous[i - step]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        row[i] = (row[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
      }
      break;
    default: break;
  }
}

/**
 * RGBA pixels (a canvas's) as a grey PNG: the OCR engine read the same photo of a declaration at
 * confidence 59 from the canvas's RGBA PNG and from an RGB one, 76 from grey (0 of 12 fields against 9).
 */
export function greyPngFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Buffer {
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    const out = y * (width + 1) + 1;
    for (let x = 0, i = y * width * 4; x < width; x++, i += 4) rows[out + x] = Math.round(over(luma(rgba[i]!, rgba[i + 1]!, rgba[i + 2]!), rgba[i + 3]!));
  }
  return encodeGreyPng(rows, width, height);
}

/**
 * The PNG with its resolution written in a pHYs chunk (replacing any). The OCR engine needs it: the
 * same page as a PNG without one read as nothing at all (confidence 0), with one as it should.
 */
export function withPngDpi(png: Buffer, dpi: number): Buffer {
  const data = Buffer.alloc(9);
  const perMetre = Math.max(1, Math.round(dpi / 0.0254));
  data.writeUInt32BE(perMetre, 0);
  data.writeUInt32BE(perMetre, 4);
  data[8] = 1;
  const kept = [...chunks(png)].filter((c) => c.type !== 'pHYs' && c.type !== 'IHDR' && c.type !== 'IEND');
  const ihdr = [...chunks(png)].find((c) => c.type === 'IHDR');
  if (!ihdr) return png;
  return Buffer.concat([
    png.subarray(0, 8), pngChunk('IHDR', Buffer.from(ihdr.data)), pngChunk('pHYs', data),
    ...kept.map((c) => pngChunk(c.type, Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength))), pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An 8-bit grey PNG from rows that each start with filter byte 0. */
export function encodeGreyPng(filteredRows: Buffer, width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(filteredRows, { level: 6 })), pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** One PNG chunk: length, type, data and CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
