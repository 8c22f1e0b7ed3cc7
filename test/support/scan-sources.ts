import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createCanvas, loadImage, type Canvas, type Image } from '@napi-rs/canvas';
import { withExifOrientation } from './exif';

const run = promisify(execFile);

/**
 * The ways a printed form reaches an analyst, made from its text PDF: a 200-dpi scan (poppler's
 * pdftoppm, grey, JPEG at quality 80), a phone photo (150 dpi, turned 1.5°, uneven grey, speckles,
 * JPEG at quality 60), the same photo as a phone stores it (pixels on their side, EXIF orientation 6,
 * Intel byte order), and the 200-dpi scan fed in turned 90°, 180° and 270° clockwise. Cached beside the PDF.
 */
export type ScanSource = 'scan_200dpi' | 'phone_photo' | 'phone_photo_exif' | 'rotated_90' | 'rotated_180' | 'rotated_270';
export const SCAN_SOURCES: readonly ScanSource[] = ['scan_200dpi', 'phone_photo', 'phone_photo_exif', 'rotated_90', 'rotated_180', 'rotated_270'];

/** An image turned clockwise by a multiple of 90°. */
export function turned(image: Image, degrees: number): Canvas {
  const sideways = degrees % 180 !== 0;
  const canvas = createCanvas(sideways ? image.height : image.width, sideways ? image.width : image.height);
  const ctx = canvas.getContext('2d');
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.drawImage(image, -image.width / 2, -image.height / 2);
  return canvas;
}

export async function scanOf(pdf: string, source: ScanSource): Promise<Buffer> {
  const out = pdf.replace(/\.pdf$/, `.${source}.jpg`);
  if (existsSync(out)) return readFileSync(out);
  if (source === 'phone_photo_exif') {
    // The sensor's frame is the upright photo turned 90° anticlockwise; orientation 6 says to turn it back.
    const photo = await loadImage(await scanOf(pdf, 'phone_photo'));
    const bytes = withExifOrientation(turned(photo, 270).toBuffer('image/jpeg', 60), 6, 'II');
    writeFileSync(out, bytes);
    return bytes;
  }
  const dpi = source === 'phone_photo' ? 150 : 200;
  const prefix = pdf.replace(/\.pdf$/, `.${dpi}`);
  await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  const page = await loadImage(readFileSync(`${prefix}.png`));
  let bytes: Buffer;
  const turn = /^rotated_(\d+)$/.exec(source);
  if (source === 'scan_200dpi' || turn) {
    bytes = turned(page, turn ? Number(turn[1]) : 0).toBuffer('image/jpeg', 80);
  } else {
    const canvas = createCanvas(page.width + 80, page.height + 80);
    const ctx = canvas.getContext('2d');
    const light = ctx.createLinearGradient(0, 0, canvas.width, canvas.height);
    light.addColorStop(0, '#d8d4cc');
    light.addColorStop(1, '#9c988f');
    ctx.fillStyle = light;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.translate(40, 40);
    ctx.rotate((1.5 * Math.PI) / 180);
    ctx.globalAlpha = 0.92;
    ctx.drawImage(page, 0, 0);
    ctx.globalAlpha = 1;
    let seed = 17;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    ctx.fillStyle = '#555';
    for (let i = 0; i < 1500; i++) ctx.fillRect(rand() * page.width, rand() * page.height, 1.5, 1.5);
    bytes = canvas.toBuffer('image/jpeg', 60);
  }
  writeFileSync(out, bytes);
  return bytes;
}
