import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPdfStreams } from '../../../electron/backend/documents/pdf-bounds';
import { findOversizedImages } from '../../../electron/backend/documents/pdf-image-bounds';
import { readDocument } from '../../../electron/backend/documents/read-document';
import { describeWarning } from '../../../electron/backend/documents/document-warnings';
import { craftedPdf, encryptedPdf, flatGreyJpeg, jbig2Page, jbig2Symbols, type CraftedImage } from '../../support/hostile-pdf';
import { CLI, tempDir } from '../../support/paths';

// Issue 15 (robustness): a PDF's JPEG and JBIG2 images are decoded by pdfjs at the size their own
// data declares. Before these bounds, a 4 KB PDF whose JPEG declared 20,000 x 20,000 grey pixels
// took 83.6 s and 5.6 GB to import, one of 60,000 x 60,000 was killed at 100 s and 7.2 GB, a JBIG2
// page of 30,000 x 30,000 took 39 s and a JBIG2 dictionary of four billion symbols was killed at
// 100 s and 4.6 GB; the page was then listed as "no text could be read (blank ...)".
const temp = tempDir('zeromile-pdf-images-');
afterAll(() => temp.remove());

const VIN = '1M8GDM9AXKP042788';
const jpeg = (width: number, height: number, declared = { width, height }): CraftedImage =>
  ({ data: flatGreyJpeg(width, height), filter: 'DCTDecode', ...declared, deflated: true });

/** A text page, a page holding only `image`, another text page. */
const sandwich = (image: CraftedImage) => craftedPdf([{ text: `first page ${VIN}` }, { image }, { text: 'third page' }]);

describe('declared sizes of a PDF\'s images', () => {
  it('finds a JPEG, JBIG2 page or region, or JBIG2 symbol count past its bound, whatever the dictionary says', async () => {
    const found = async (image: CraftedImage) => findOversizedImages(await sandwich(image)).map(({ object: _, ...rest }) => rest);
    // The frame header declares 60,000 x 60,000; the dictionary says 100 x 100.
    expect(await found(jpeg(60_000, 60_000, { width: 100, height: 100 }))).toEqual([{ format: 'JPEG', width: 60_000, height: 60_000, components: 1 }]);
    // Not deflated: the frame header is read from the stream itself.
    expect(await found({ data: flatGreyJpeg(9_000, 9_000, { scan: false }), filter: 'DCTDecode', width: 10, height: 10 }))
      .toEqual([{ format: 'JPEG', width: 9_000, height: 9_000, components: 1 }]);
    expect(await found({ data: jbig2Page(30_000, 30_000), filter: 'JBIG2Decode', width: 100, height: 100 }))
      .toEqual([{ format: 'JBIG2', width: 30_000, height: 30_000, components: 1 }]);
    // The symbol dictionary lives in the globals stream the image refers to.
    expect(await found({ data: jbig2Page(100, 100), globals: jbig2Symbols(4_000_000_000), filter: 'JBIG2Decode', width: 100, height: 100 }))
      .toEqual([{ format: 'JBIG2', parts: 4_000_000_000 }]);
    // The dictionary's own size counts too (pdfjs draws at it, four bytes a pixel).
    expect(await found({ data: jbig2Page(100, 100), filter: 'JBIG2Decode', width: 50_000, height: 50_000 }))
      .toEqual([{ format: 'JBIG2', width: 50_000, height: 50_000, components: 1 }]);
    // Within the bounds: an A4 page at 600 dpi (35 megapixels), a JBIG2 page of 5,000 x 7,000.
    expect(await found(jpeg(4_961, 7_016))).toEqual([]);
    expect(await found({ data: jbig2Page(5_000, 7_000), globals: jbig2Symbols(5_000), filter: 'JBIG2Decode', width: 5_000, height: 7_000 })).toEqual([]);
  });

  it('imports the rest of the document and warns of the image on its page, in a second and little memory', async () => {
    const reading = await readDocument(await sandwich(jpeg(60_000, 60_000, { width: 100, height: 100 })), 'hostile.pdf');
    expect(reading.pages.map((p) => p.source)).toEqual(['text', 'none', 'text']);
    expect(reading.pages[0]!.text).toContain(VIN);
    expect(reading.warnings).toEqual([{ code: 'image_too_large', page: 2, image: { format: 'JPEG', width: 60_000, height: 60_000, components: 1, limit: 40_000_000 } }]);
    expect(describeWarning(reading.warnings[0]!)).toBe('page 2: an embedded JPEG image declares 60,000 x 60,000 pixels (3,600 megapixels) in 1 colour channel, '
      + 'and at most 40 megapixels in up to 4 channels are decoded: it was not, and the page was not rendered for OCR (its text layer is kept)');

    // An image no page can be seen to draw is warned on the document, and no page is rendered.
    const orphan = await craftedPdf([{ text: `only page ${VIN}` }], { unreferenced: [{ data: jbig2Page(100, 100), globals: jbig2Symbols(2_000_000), filter: 'JBIG2Decode', width: 10, height: 10 }] });
    expect((await readDocument(orphan, 'orphan.pdf')).warnings).toEqual([{ code: 'image_too_complex', page: null, image: { format: 'JBIG2', parts: 2_000_000, limit: 1_000_000 } }]);

    // The command line: the file is imported (not refused), the warning names the page, well under the old 5.6 GB.
    const casePath = join(temp.dir, 'c.zmcase');
    execFileSync(process.execPath, [CLI, 'new', casePath]);
    const file = join(temp.dir, 'jbig2-page.pdf');
    writeFileSync(file, await sandwich({ data: jbig2Page(30_000, 30_000), filter: 'JBIG2Decode', width: 100, height: 100 }));
    const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("ZM_MAXRSS "+process.resourceUsage().maxRSS+"\\n"))';
    const result = spawnSync(process.execPath, ['--import', hook, CLI, 'import', casePath, file], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`jbig2-page.pdf: document, 3 pages, VIN ${VIN}`);
    expect(result.stdout).toContain('warning: page 2: an embedded JBIG2 image declares 30,000 x 30,000 pixels');
    expect(Number(/ZM_MAXRSS (\d+)/.exec(result.stderr)![1]) / 1024).toBeLessThan(500);
  }, 60_000);

  it('the inflation bound sees a Flate stream whose dictionary nests another (/DecodeParms << >>)', () => {
    const data = deflateSync(Buffer.alloc(3 * 1024 * 1024, 0x20));
    const pdf = Buffer.concat([
      Buffer.from(`%PDF-1.4\n4 0 obj << /Length ${data.length} /Filter /FlateDecode /DecodeParms << /Columns 1 >> >>\nstream\n`, 'latin1'),
      data, Buffer.from('\nendstream\nendobj\n', 'latin1'),
    ]);
    expect(() => checkPdfStreams(pdf, 'nested.pdf', 2 * 1024 * 1024)).toThrow(/nested\.pdf was refused: one of its compressed streams inflates to more than 2 MB/);
  });
});

describe('an encrypted PDF (empty user password)', () => {
  for (const cipher of ['rc4', 'aes128', 'aes256'] as const) {
    it(`${cipher}: its images are held to the bounds by what their decrypted data declares, and its streams to the inflation bound`, async () => {
      const pdf = encryptedPdf([{ text: `first page ${VIN}` }, { image: jpeg(60_000, 60_000, { width: 100, height: 100 }) }, { text: 'third page' }], cipher);
      // Before: the frame header was ciphertext, seen as no JPEG at all, and pdfjs decoded what it declared.
      expect(findOversizedImages(pdf).map(({ object: _, ...rest }) => rest)).toEqual([{ format: 'JPEG', width: 60_000, height: 60_000, components: 1 }]);
      const reading = await readDocument(pdf, 'protected.pdf', { ocr: false });
      // pdfjs decrypts the text: the file is encrypted as a real one is.
      expect(reading.pages.map((p) => p.text)).toEqual([`first page ${VIN}`, '', 'third page']);
      expect(reading.warnings).toEqual([{ code: 'image_too_large', page: 2, image: { format: 'JPEG', width: 60_000, height: 60_000, components: 1, limit: 40_000_000 } }]);
      // The deflated JPEG inflates to 14 MB: past a 2 MB bound once decrypted (before, it failed to inflate and was passed over).
      expect(() => checkPdfStreams(pdf, 'protected.pdf', 2 * 1024 * 1024)).toThrow(/protected\.pdf was refused: one of its compressed streams inflates to more than 2 MB/);
    });
  }
});
