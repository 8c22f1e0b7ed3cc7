import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exifOrientation } from '../../../electron/backend/documents/exif-orientation';
import { imageDpi, imageSize } from '../../../electron/backend/documents/image-size';
import { MAX_OCR_PIXELS, prepareImage } from '../../../electron/backend/documents/page-image';
import { pngChunk, shrinkPng } from '../../../electron/backend/documents/png-shrink';
import { readDocument } from '../../../electron/backend/documents/read-document';
import { storedFrameBox, type PageReading } from '../../../electron/backend/documents/page-text';
import type { FieldBox } from '../../../shared/document-fields';
import { NEW_INVOICE, newInvoiceHtml, renderFixtures } from '../../support/document-fixtures';
import { withExifOrientation } from '../../support/exif';
import { tempDir } from '../../support/paths';
import { turned } from '../../support/scan-sources';

/** A PNG of any colour type and bit depth from raw rows (filter byte 0 added here). */
function png(width: number, height: number, bitDepth: number, colorType: number, rows: Buffer[], extra: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([bitDepth, colorType, 0, 0, 0], 8);
  const raw = Buffer.concat(rows.map((r) => Buffer.concat([Buffer.from([0]), r])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), ...extra.map((e) => pngChunk(e.toString('latin1', 0, 4), e.subarray(4))),
    pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Which corners of an image are dark. */
async function darkCorners(bytes: Buffer): Promise<string> {
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const dark = (x: number, y: number) => ctx.getImageData(x, y, 1, 1).data[0]! < 128;
  const w = image.width;
  const h = image.height;
  return [dark(3, 3) ? 'TL' : '', dark(w - 4, 3) ? 'TR' : '', dark(3, h - 4) ? 'BL' : '', dark(w - 4, h - 4) ? 'BR' : ''].join('');
}

describe('EXIF orientation and large images', () => {
  // A 60 x 30 picture with a dark square in its top left corner, as stored for each orientation.
  const picture = () => {
    const canvas = createCanvas(60, 30);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 60, 30);
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 15, 15);
    return canvas;
  };

  it('reads all eight orientations in both byte orders, and turns JPEGs upright', async () => {
    const jpeg = picture().toBuffer('image/jpeg', 95);
    // Where the stored top-left square ends up once shown upright.
    const upright: Record<number, string> = { 1: 'TL', 2: 'TR', 3: 'BR', 4: 'BL', 5: 'TL', 6: 'TR', 7: 'BR', 8: 'BL' };
    for (const order of ['II', 'MM'] as const) {
      for (let orientation = 1; orientation <= 8; orientation++) {
        const stored = withExifOrientation(jpeg, orientation, order);
        expect(exifOrientation(stored)).toBe(orientation);
        const prepared = await prepareImage(stored, 'image/jpeg');
        expect(prepared.orientation).toBe(orientation);
        expect(imageSize(prepared.image)).toEqual(orientation >= 5 ? { width: 30, height: 60 } : { width: 60, height: 30 });
        expect(await darkCorners(prepared.image), `orientation ${orientation} ${order}`).toBe(upright[orientation]);
        // The prepared image says its resolution: the OCR engine reads a PNG without one as nothing.
        if (orientation !== 1) expect(imageDpi(prepared.image)).toBeGreaterThan(0);
      }
    }
    expect(exifOrientation(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 4, 0x45, 0x78]))).toBe(1);
    expect(exifOrientation(picture().toBuffer('image/png'))).toBe(1);
  });

  it('turns a PNG upright by its eXIf chunk', async () => {
    const tiff = Buffer.from([0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
    const rows = Array.from({ length: 30 }, (_, y) => Buffer.from(Array.from({ length: 60 }, (_, x) => (x < 15 && y < 15 ? 0 : 255))));
    const stored = png(60, 30, 8, 0, rows, [Buffer.concat([Buffer.from('eXIf', 'latin1'), tiff])]);
    expect(exifOrientation(stored)).toBe(6);
    const prepared = await prepareImage(stored, 'image/png');
    expect(imageSize(prepared.image)).toEqual({ width: 30, height: 60 });
    expect(await darkCorners(prepared.image)).toBe('TR');
  });

  it('shrinks grey, 1-bit, palette, RGBA and 16-bit PNGs by box averages', async () => {
    // 8 x 4 source, left half black, right half white: shrunk to 2 x 1, 0 and 255.
    const halves = (value: (x: number) => number[]) => Array.from({ length: 4 }, () => Buffer.from(Array.from({ length: 8 }, (_, x) => value(x)).flat()));
    const cases: [string, Buffer][] = [
      ['grey', png(8, 4, 8, 0, halves((x) => [x < 4 ? 0 : 255]))],
      ['1-bit', png(8, 4, 1, 0, Array.from({ length: 4 }, () => Buffer.from([0b00001111])))],
      ['palette', png(8, 4, 8, 3, halves((x) => [x < 4 ? 1 : 0]), [Buffer.concat([Buffer.from('PLTE', 'latin1'), Buffer.from([255, 255, 255, 0, 0, 0])])])],
      ['RGBA over white', png(8, 4, 8, 6, halves((x) => (x < 4 ? [0, 0, 0, 255] : [0, 0, 0, 0])))],
      ['16-bit RGB', png(8, 4, 16, 2, halves((x) => (x < 4 ? [0, 0, 0, 0, 0, 0] : [255, 255, 255, 255, 255, 255])))],
    ];
    for (const [name, source] of cases) {
      const shrunk = await shrinkPng(source, 2, 1);
      const image = await loadImage(shrunk!);
      const ctx = createCanvas(2, 1).getContext('2d');
      ctx.drawImage(image as Image, 0, 0);
      const data = ctx.getImageData(0, 0, 2, 1).data;
      expect([data[0], data[4]], name).toEqual([0, 255]);
    }
  });

  it('brings a 1200-dpi PNG to 300 dpi, smoothed, without decoding it whole', async () => {
    // 5,000 x 7,000 grey (35 million pixels, twice MAX_OCR_PIXELS), saying 1200 dpi, a black bar across its middle.
    const width = 5000;
    const height = 7000;
    const white = Buffer.alloc(width, 255);
    const bar = Buffer.alloc(width, 0);
    const rows = Array.from({ length: height }, (_, y) => (y >= 3400 && y < 3600 ? bar : white));
    const phys = Buffer.alloc(13);
    phys.write('pHYs', 0, 'latin1');
    phys.writeUInt32BE(Math.round(1200 / 0.0254), 4);
    phys.writeUInt32BE(Math.round(1200 / 0.0254), 8);
    phys[12] = 1;
    const source = png(width, height, 8, 0, rows, [phys]);
    expect(width * height).toBeGreaterThan(MAX_OCR_PIXELS);
    const prepared = await prepareImage(source, 'image/png');
    expect(prepared.shrunkFrom).toEqual({ width, height });
    expect(imageSize(prepared.image)).toEqual({ width: 1250, height: 1750 });
    expect(Math.round(imageDpi(prepared.image)!)).toBe(300);
    const image = await loadImage(prepared.image);
    const ctx = createCanvas(image.width, image.height).getContext('2d');
    ctx.drawImage(image, 0, 0);
    const at = (y: number) => ctx.getImageData(600, y, 1, 1).data[0];
    expect([at(100), at(875), at(1700)]).toEqual([255, 0, 255]);
  });
});

describe('pages read turned', () => {
  const temp = tempDir('zeromile-orientation-');
  let scan: Image;
  let vinBox: FieldBox;

  beforeAll(async () => {
    const { invoice } = await renderFixtures({ invoice: newInvoiceHtml() }, { png: false });
    const prefix = join(temp.dir, 'page');
    execFileSync('pdftoppm', ['-r', '150', '-gray', '-png', '-singlefile', invoice!.pdf, prefix]);
    scan = await loadImage(readFileSync(`${prefix}.png`));
    // The text layer's box of the VIN: where the review must show it on the upright page.
    const text = await readDocument(readFileSync(invoice!.pdf), 'invoice.pdf', { ocr: false });
    vinBox = boxOf(text.pages[0]!, NEW_INVOICE.vin);
  }, 120_000);
  afterAll(() => temp.remove());

  const turnedScan = (degrees: number) => turned(scan, degrees).toBuffer('image/jpeg', 85);

  it('reads a page scanned upside down, says so, and keeps the VIN\'s box where it is on the page as stored', async () => {
    const reading = await readDocument(turnedScan(180), 'upside-down.jpg');
    const page = reading.pages[0]!;
    expect(page.rotation).toBe(180);
    expect(page.text).toContain(NEW_INVOICE.vin);
    // The reading's boxes are the upright page's (labels above values stay above); on the image as
    // stored, where the review draws them, the VIN sits mirrored through the page's centre.
    const box = boxOf(page, NEW_INVOICE.vin);
    expect(centre(box).x).toBeCloseTo(centre(vinBox).x, 1);
    expect(centre(box).y).toBeCloseTo(centre(vinBox).y, 1);
    const stored = storedFrameBox(box, page.rotation);
    expect(centre(stored).x).toBeCloseTo(1 - centre(vinBox).x, 1);
    expect(centre(stored).y).toBeCloseTo(1 - centre(vinBox).y, 1);
  }, 60_000);

  it('reads a phone photo stored on its side with EXIF orientation 6 as the upright page', async () => {
    const reading = await readDocument(withExifOrientation(turnedScan(270), 6, 'II'), 'photo.jpg');
    const page = reading.pages[0]!;
    expect(page.rotation).toBeUndefined();
    const box = boxOf(page, NEW_INVOICE.vin);
    expect(centre(box).x).toBeCloseTo(centre(vinBox).x, 1);
    expect(centre(box).y).toBeCloseTo(centre(vinBox).y, 1);
  }, 60_000);
});

function boxOf(page: PageReading, text: string): FieldBox {
  const segment = page.lines.flatMap((l) => l.segments).find((s) => s.text.includes(text));
  if (!segment) throw new Error(`${text} not read: ${page.text}`);
  return segment.box;
}

const centre = (b: FieldBox) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
