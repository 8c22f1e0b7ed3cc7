import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createCanvas, loadImage } from '@napi-rs/canvas';

const run = promisify(execFile);

/**
 * The ways a printed form reaches an analyst, made from its text PDF: a 200-dpi scan (poppler's
 * pdftoppm, grey, JPEG at quality 80), a phone photo (150 dpi, turned 1.5°, uneven grey, speckles,
 * JPEG at quality 60) and a scan fed in sideways (the 200-dpi scan turned 90°). Cached beside the PDF.
 */
export type ScanSource = 'scan_200dpi' | 'phone_photo' | 'rotated_90';
export const SCAN_SOURCES: readonly ScanSource[] = ['scan_200dpi', 'phone_photo', 'rotated_90'];

export async function scanOf(pdf: string, source: ScanSource): Promise<Buffer> {
  const out = pdf.replace(/\.pdf$/, `.${source}.jpg`);
  if (existsSync(out)) return readFileSync(out);
  const dpi = source === 'phone_photo' ? 150 : 200;
  const prefix = pdf.replace(/\.pdf$/, `.${dpi}`);
  await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  const page = await loadImage(readFileSync(`${prefix}.png`));
  let bytes: Buffer;
  if (source === 'scan_200dpi') {
    const canvas = createCanvas(page.width, page.height);
    canvas.getContext('2d').drawImage(page, 0, 0);
    bytes = canvas.toBuffer('image/jpeg', 80);
  } else if (source === 'rotated_90') {
    const canvas = createCanvas(page.height, page.width);
    const ctx = canvas.getContext('2d');
    ctx.translate(page.height, 0);
    ctx.rotate(Math.PI / 2);
    ctx.drawImage(page, 0, 0);
    bytes = canvas.toBuffer('image/jpeg', 80);
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
