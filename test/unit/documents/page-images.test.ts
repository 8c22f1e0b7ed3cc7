import { createCanvas } from '@napi-rs/canvas';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageSize, sniffMediaType } from '../../../electron/backend/documents/image-size';
import { openPdf, renderPdfPagePng } from '../../../electron/backend/documents/pdf-reader';
import { renderWithPdftoppm } from '../../../electron/backend/documents/pdftoppm-fallback';
import { newInvoiceHtml, renderFixtures } from '../../support/document-fixtures';

let pdf: Buffer;
beforeAll(async () => {
  const { new_invoice } = await renderFixtures({ new_invoice: newInvoiceHtml() });
  pdf = readFileSync(new_invoice!.pdf);
}, 120_000);

describe('page images', () => {
  it('knows PDFs and images by their bytes and reads PNG and JPEG sizes', () => {
    const canvas = createCanvas(321, 123);
    const png = canvas.toBuffer('image/png');
    const jpeg = canvas.toBuffer('image/jpeg');
    expect(sniffMediaType(pdf)).toBe('application/pdf');
    expect([sniffMediaType(png), sniffMediaType(jpeg)]).toEqual(['image/png', 'image/jpeg']);
    expect(sniffMediaType(Buffer.from('name,vin\n'))).toBeNull();
    expect(imageSize(png)).toEqual({ width: 321, height: 123 });
    expect(imageSize(jpeg)).toEqual({ width: 321, height: 123 });
  });

  it('renders a PDF page for OCR with pdfjs, and with pdftoppm where there is no canvas', async () => {
    const opened = await openPdf(pdf, 'invoice.pdf');
    try {
      const png = await renderPdfPagePng(opened, 1);
      // A4 at scale 2: about 596 x 843 points -> about 1192 x 1686 pixels.
      const size = imageSize(png!)!;
      expect(Math.abs(size.width - 1192)).toBeLessThanOrEqual(2);
      expect(Math.abs(size.height - 1686)).toBeLessThanOrEqual(2);
    } finally {
      await opened.close();
    }
    const fallback = await renderWithPdftoppm(pdf, 1, 72);
    const small = imageSize(fallback!)!;
    expect(Math.abs(small.width - 596)).toBeLessThanOrEqual(1);
    expect(Math.abs(small.height - 843)).toBeLessThanOrEqual(1);
    // A page that does not exist: nothing, not an exception.
    expect(await renderWithPdftoppm(pdf, 9, 72)).toBeNull();
  });
});
