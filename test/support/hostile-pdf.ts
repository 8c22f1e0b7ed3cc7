import { createCipheriv, createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts, type PDFRef } from 'pdf-lib';
// The key algorithms of the decryptor under test; pdfjs opening the file is what shows them right.
import { aesNoPadding, hash2B, rc4 } from '../../electron/backend/documents/pdf-decrypt';

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

/** The standard security handlers an encrypted PDF may use (revision 3 RC4, revision 4 AES-128, revision 6 AES-256). */
export type PdfCipher = 'rc4' | 'aes128' | 'aes256';

/**
 * A PDF encrypted with the empty user password (it opens without asking, as most "protected"
 * PDFs do: they restrict printing or copying), written by hand: its text pages and images are
 * streams, each encrypted with its object's key; nothing else holds a string. pdfjs reading its
 * text is what shows the encryption right.
 */
export function encryptedPdf(pages: CraftedPage[], cipher: PdfCipher): Buffer {
  const id = createHash('md5').update(`zeromile ${cipher}`).digest();
  const padding = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
  const o = createHash('sha256').update('owner').digest();
  let encryptDict: string;
  let streamKey: (object: number) => Buffer;
  if (cipher === 'aes256') {
    const fileKey = createHash('sha256').update('file key').digest();
    const validationSalt = Buffer.from('vsalt123', 'latin1');
    const keySalt = Buffer.from('ksalt456', 'latin1');
    const u = Buffer.concat([hash2B(Buffer.alloc(0), validationSalt), validationSalt, keySalt]);
    const ue = aesNoPadding('aes-256-cbc', hash2B(Buffer.alloc(0), keySalt), Buffer.alloc(16), fileKey, true);
    encryptDict = `<< /Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF `
      + `/O <${Buffer.concat([o, o.subarray(0, 16)]).toString('hex')}> /U <${u.toString('hex')}> /OE <${o.toString('hex')}> /UE <${ue.toString('hex')}> /P -4 /Perms <${o.subarray(0, 16).toString('hex')}> >>`;
    streamKey = () => fileKey;
  } else {
    const p = Buffer.alloc(4);
    p.writeInt32LE(-4);
    let key = createHash('md5').update(padding).update(o).update(p).update(id).digest();
    for (let i = 0; i < 50; i++) key = createHash('md5').update(key).digest();
    let u: Buffer = createHash('md5').update(padding).update(id).digest();
    for (let i = 0; i < 20; i++) u = rc4(key.map((b) => b ^ i), u);
    const filters = cipher === 'aes128' ? '/V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF' : '/V 2 /R 3 /Length 128';
    encryptDict = `<< /Filter /Standard ${filters} /O <${o.toString('hex')}> /U <${Buffer.concat([u, Buffer.alloc(16)]).toString('hex')}> /P -4 >>`;
    streamKey = (object) => createHash('md5').update(key).update(Buffer.from([object & 0xff, object >> 8, object >> 16, 0, 0]))
      .update(cipher === 'aes128' ? 'sAlT' : '').digest();
  }
  const encrypt = (object: number, data: Buffer): Buffer => {
    if (cipher === 'rc4') return rc4(streamKey(object), data);
    const iv = createHash('md5').update(`iv ${object}`).digest();
    const aes = createCipheriv(cipher === 'aes128' ? 'aes-128-cbc' : 'aes-256-cbc', streamKey(object), iv);
    return Buffer.concat([iv, aes.update(data), aes.final()]);
  };
  const objects: (string | { dict: string; data: Buffer })[] = ['', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  const kids: number[] = [];
  for (const { text, image } of pages) {
    const content = [image ? 'q 595 0 0 842 0 0 cm /Im0 Do Q' : '', text ? `BT /F1 12 Tf 50 700 Td (${text}) Tj ET` : ''].join('\n');
    let imageObject: number | null = null;
    if (image) {
      const data = image.deflated ? deflateSync(image.data) : image.data;
      const filter = image.deflated ? `[/FlateDecode /${image.filter}]` : `/${image.filter}`;
      objects.push({ dict: `/Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter ${filter}`, data });
      imageObject = objects.length;
    }
    objects.push({ dict: '', data: Buffer.from(content, 'latin1') });
    const contentObject = objects.length;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${contentObject} 0 R /Resources << /Font << /F1 3 0 R >>${imageObject ? ` /XObject << /Im0 ${imageObject} 0 R >>` : ''} >> >>`);
    kids.push(objects.length);
  }
  objects[0] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  objects.push(encryptDict);
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
  let size = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(size);
    const body = typeof object === 'string'
      ? Buffer.from(`${index + 1} 0 obj\n${object}\nendobj\n`, 'latin1')
      : (() => {
        const data = encrypt(index + 1, object.data);
        return Buffer.concat([Buffer.from(`${index + 1} 0 obj\n<< ${object.dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
      })();
    parts.push(body);
    size += body.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt ${objects.length} 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>] >>\nstartxref\n${size}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
