import { describe, expect, it } from 'vitest';
import { MAX_TIFF_PAGES, tiffDirectoryOffsets, tiffPages } from '../../../electron/backend/documents/tiff-pages';
import { greyTiff, type GreyImage } from '../../support/tiff';

const image = (shade: number): GreyImage => ({ width: 3, height: 2, pixels: new Uint8Array(6).fill(shade) });

describe('pages of a TIFF', () => {
  it('follows the directory chain and points each page file at its own directory', () => {
    const tiff = greyTiff([image(10), image(20), image(30)]);
    const offsets = tiffDirectoryOffsets(tiff);
    expect(offsets).toHaveLength(3);
    const split = tiffPages(tiff);
    const pages = Array.from({ length: split.count }, (_, i) => split.page(i));
    expect(split.skipped).toBe(0);
    expect(pages.map((page) => page.readUInt32LE(4))).toEqual(offsets);
    // Only the header's pointer differs: the image data stays at its offsets.
    expect(pages[2]!.subarray(8)).toEqual(tiff.subarray(8));
    expect(pages[0]).toEqual(tiff);
  });

  it('reads big-endian TIFFs', () => {
    const big = Buffer.from([0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0]);
    expect(tiffDirectoryOffsets(big)).toEqual([8]);
  });

  it('takes a damaged or looping chain as far as it is sound, and other files as no TIFF', () => {
    const tiff = greyTiff([image(10), image(20)]);
    const [, second] = tiffDirectoryOffsets(tiff);
    const loop = Buffer.from(tiff);
    loop.writeUInt32LE(second!, second! + 2 + loop.readUInt16LE(second!) * 12);
    expect(tiffDirectoryOffsets(loop)).toHaveLength(2);
    const outside = Buffer.from(tiff);
    outside.writeUInt32LE(tiff.length + 100, second! + 2 + outside.readUInt16LE(second!) * 12);
    expect(tiffDirectoryOffsets(outside)).toHaveLength(2);
    expect(tiffDirectoryOffsets(Buffer.from('not a tiff at all'))).toEqual([]);
    expect(tiffPages(Buffer.from('II*\u0000')).count).toBe(1);
  });

  it(`reads at most ${MAX_TIFF_PAGES} pages and says how many it left`, () => {
    const tiff = greyTiff(Array.from({ length: MAX_TIFF_PAGES + 3 }, (_, i) => image(i % 256)));
    const { count, skipped } = tiffPages(tiff);
    expect(count).toBe(MAX_TIFF_PAGES);
    expect(skipped).toBe(3);
  });

  it('makes a page only when asked (issue 17 item 5: 500 pages were 500 copies of the file at once)', () => {
    const tiff = greyTiff(Array.from({ length: 300 }, (_, i) => image(i % 256)));
    const padded = Buffer.concat([tiff, Buffer.alloc(4 * 1024 * 1024)]);
    const before = process.memoryUsage().arrayBuffers;
    const split = tiffPages(padded);
    expect(split.count).toBe(300);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(2 * padded.length);
    expect(split.page(299).readUInt32LE(4)).toBe(tiffDirectoryOffsets(padded)[299]);
  });
});
