import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts, type PDFRef } from 'pdf-lib';

/**
 * Crafted PDFs with images that declare more than they hold: a real baseline JPEG of any size
 * whose every block is flat grey (two bits a block, so 60,000 x 60,000 pixels is 14 MB of zero
 * bytes, 14 KB once deflated), JBIG2 streams whose page, region or symbol dictionary declares a
 * size or count past every bound. Decoders allocate and loop by what is declared.
 */

/** A valid baseline JPEG, one component, every 8x8 block the same grey: DC category 0 and end-of-block, one 1-bit Huffman code each. */
export function flatGreyJpeg(width: number, height: number, { scan = true } = {}): Buffer {
  const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
  const segment = (marker: number, body: number[]) => [0xff, marker, ...u16(body.length + 2), ...body];
  const oneCodeTable = (classAndId: number) => segment(0xc4, [classAndId, 1, ...new Array<number>(15).fill(0), 0x00]);
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8,
      ...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]),
      ...segment(0xc0, [8, ...u16(height), ...u16(width), 1, 1, 0x11, 0]),
      ...oneCodeTable(0x00), ...oneCodeTable(0x10),
      ...segment(0xda, [1, 1, 0x00, 0, 63, 0])]),
    Buffer.alloc(scan ? Math.ceil(blocks / 4) : 4),
    Buffer.from([0xff, 0xd9]),
  ]);
}

function jbig2Segment(number: number, type: number, data: number[]): number[] {
  const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  return [...u32(number), type, 0x00, 1, ...u32(data.length), ...data];
}
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** A JBIG2 page of the given size with one generic region (template 0, arithmetic) covering it. */
export function jbig2Page(width: number, height: number): Buffer {
  const region = [...u32(width), ...u32(height), ...u32(0), ...u32(0), 0, 0x00, 3, 0xff, 0xfd, 0xff, 2, 0xfe, 0xfe, 0xfe, ...new Array<number>(32).fill(0), 0xff, 0xac];
  return Buffer.from([
    ...jbig2Segment(0, 48, [...u32(width), ...u32(height), ...u32(0), ...u32(0), 0, 0, 0]),
    ...jbig2Segment(1, 38, region),
  ]);
}

/** A symbol dictionary (arithmetic, template 0) declaring `symbols` new and exported symbols. */
export function jbig2Symbols(symbols: number): Buffer {
  return Buffer.from(jbig2Segment(0, 0, [0x00, 0x00, 3, 0xff, 0xfd, 0xff, 2, 0xfe, 0xfe, 0xfe, ...u32(symbols), ...u32(symbols), ...new Array<number>(16).fill(0)]));
}

export type CraftedImage = {
  data: Buffer;
  filter: 'DCTDecode' | 'JBIG2Decode';
  width: number;
  height: number;
  /** Deflate the data and name FlateDecode before the image's own filter. */
  deflated?: boolean;
  /** A JBIG2 globals stream (its symbol dictionaries). */
  globals?: Buffer;
};

/**
 * `forms`: the page draws a form that draws another twice, `forms` deep, the last one a letter: a
 * few hundred bytes that pdfjs walks 2^forms times for the text layer (16 deep: 40 s; 40 deep
 * would take it years), as a page of a PDF made to hold its reader.
 */
export type CraftedPage = { text?: string; image?: CraftedImage; forms?: number };

/**
 * A PDF of A4 pages, each with a line of text (Helvetica) and/or an image drawn over the page.
 * `unreferenced` adds images no page draws.
 */
export async function craftedPdf(pages: CraftedPage[], { unreferenced = [] as CraftedImage[] } = {}): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const imageRef = (image: CraftedImage): PDFRef => {
    const globals = image.globals ? doc.context.register(doc.context.stream(image.globals)) : null;
    const stream = doc.context.stream(image.deflated ? deflateSync(image.data) : image.data, {
      Type: 'XObject', Subtype: 'Image', Width: image.width, Height: image.height,
      ColorSpace: 'DeviceGray', BitsPerComponent: image.filter === 'JBIG2Decode' ? 1 : 8,
      Filter: image.deflated ? ['FlateDecode', image.filter] : image.filter,
      ...(globals ? { DecodeParms: image.deflated ? [null, { JBIG2Globals: globals }] : { JBIG2Globals: globals } } : {}),
    });
    return doc.context.register(stream);
  };
  const nestedForms = (depth: number): PDFRef => {
    let form = doc.context.register(doc.context.stream('BT /F1 1 Tf (x) Tj ET', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 10, 10], Resources: { Font: { F1: font.ref } } }));
    for (let level = 0; level < depth; level++) {
      form = doc.context.register(doc.context.stream('/X Do /X Do', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 10, 10], Resources: { XObject: { X: form } } }));
    }
    return form;
  };
  for (const { text, image, forms } of pages) {
    const page = doc.addPage([595, 842]);
    if (forms !== undefined) {
      page.node.setXObject(PDFName.of('Fm0'), nestedForms(forms));
      page.node.addContentStream(doc.context.register(doc.context.stream('q /Fm0 Do Q')));
    }
    if (image) {
      page.node.setXObject(PDFName.of('Im0'), imageRef(image));
      page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream('q 595 0 0 842 0 0 cm /Im0 Do Q')));
    }
    if (text) page.drawText(text, { x: 50, y: 700, size: 12, font });
  }
  for (const image of unreferenced) imageRef(image);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
