import type { PDFDocument, PDFObject } from 'pdf-lib';
import type { DocumentWarning } from '../../../shared/document-fields';
import { MAX_IMAGE_PIXELS } from './image-bounds';
import { MAX_JBIG2_PARTS, findOversizedImages, type OversizedImage } from './pdf-image-bounds';

/** Keys that lead away from what a page draws: back to the page tree, or to other pages. */
const NOT_DRAWN = new Set(['Parent', 'P', 'Dest', 'A', 'PA', 'Next', 'Prev', 'First', 'Last', 'StructParent', 'StructParents']);

/**
 * The pages (1-based) that can draw each of the given image objects: through the page's resources
 * (inherited ones too, forms, patterns and Type 3 fonts within them) or its annotations' appearance
 * streams. Parsed with pdf-lib, which reads objects without decoding any image. Only called when
 * an image was refused (pdf-image-bounds.ts), so the common file pays nothing for it. Null when
 * pdf-lib cannot read the file: the caller then treats every page as drawing them.
 */
export async function pagesDrawing(bytes: Uint8Array, objects: readonly number[]): Promise<Map<number, number[]> | null> {
  try {
    // Loaded here, not with the module: pdf-lib costs a process ~0.2 s to load, and every command
    // line run and thread that reads documents would pay it for the rare file that needs it.
    const pdfLib = await import('pdf-lib');
    const doc = await pdfLib.PDFDocument.load(bytes, { ignoreEncryption: true, throwOnInvalidObject: false, updateMetadata: false });
    return pagesOf(pdfLib, doc, objects);
  } catch {
    return null;
  }
}

function pagesOf(pdfLib: typeof import('pdf-lib'), doc: PDFDocument, objects: readonly number[]): Map<number, number[]> {
  const { PDFArray, PDFDict, PDFName, PDFRef, PDFStream } = pdfLib;
  const wanted = new Set(objects);
  const pages = new Map<number, number[]>(objects.map((object) => [object, []]));
  doc.getPages().forEach((page, index) => {
    const drawn = new Set<number>();
    const seen = new Set<PDFObject>();
    const walk = (value: PDFObject | undefined, depth: number): void => {
      if (value === undefined || depth > 64 || seen.has(value)) return;
      seen.add(value);
      if (value instanceof PDFRef) {
        if (wanted.has(value.objectNumber)) drawn.add(value.objectNumber);
        walk(doc.context.lookup(value), depth + 1);
      } else if (value instanceof PDFStream) {
        walk(value.dict, depth + 1);
      } else if (value instanceof PDFDict) {
        for (const [key, entry] of value.entries()) if (!NOT_DRAWN.has(key.decodeText())) walk(entry, depth + 1);
      } else if (value instanceof PDFArray) {
        for (const entry of value.asArray()) walk(entry, depth + 1);
      }
    };
    walk(page.node.getInheritableAttribute(PDFName.of('Resources')), 0);
    for (const annotation of page.node.Annots()?.asArray() ?? []) {
      const dict = doc.context.lookup(annotation);
      if (dict instanceof PDFDict) walk(dict.get(PDFName.of('AP')), 0);
    }
    for (const object of drawn) pages.get(object)!.push(index + 1);
  });
  return pages;
}

/** What the reader does with a PDF's oversized images: the pages not to render, and a warning for each image. */
export type RefusedImages = { pages: Set<number> | 'every'; warnings: DocumentWarning[] };

/**
 * Finds the images past their bound and the pages that draw them. Those pages are not rendered
 * (nor measured for OCR): their text layers are read as on any page, and each image is warned on
 * each of its pages. An image no page can be seen to draw (or a file pdf-lib cannot read) keeps
 * every page from being rendered, and is warned on the document.
 */
export async function refusedImages(bytes: Uint8Array): Promise<RefusedImages> {
  const oversized = findOversizedImages(bytes);
  if (oversized.length === 0) return { pages: new Set(), warnings: [] };
  const objects = oversized.flatMap((image) => (image.object === null ? [] : [image.object]));
  const drawing = await pagesDrawing(bytes, objects);
  let pages: Set<number> | 'every' = new Set();
  const warnings: DocumentWarning[] = [];
  for (const image of oversized) {
    const on = image.object === null ? [] : drawing?.get(image.object) ?? [];
    if (on.length === 0) pages = 'every';
    for (const page of on.length > 0 ? on : [null]) {
      if (page !== null && pages !== 'every') pages.add(page);
      warnings.push(imageWarning(image, page));
    }
  }
  return { pages, warnings };
}

function imageWarning(image: OversizedImage, page: number | null): DocumentWarning {
  if ('parts' in image) return { code: 'image_too_complex', page, image: { format: image.format, parts: image.parts, limit: MAX_JBIG2_PARTS } };
  const { format, width, height, components } = image;
  return { code: 'image_too_large', page, image: { format, width, height, components, limit: MAX_IMAGE_PIXELS } };
}
