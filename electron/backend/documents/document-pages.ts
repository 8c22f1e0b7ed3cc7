import type Database from 'better-sqlite3';
import type { DocumentWarning, PageSource } from '../../../shared/document-fields';
import { ZeroMileError } from '../../../shared/errors';
import { getDocument, readDocumentBytes } from '../casefile/documents';
import { sniffMediaType } from './image-size';
import { prepareImage } from './page-image';
import { pdfPageImageOnThread, type PageImageOptions } from './page-image-thread';

export type DocumentPage = { page: number; source: PageSource; text: string; vins: string[]; warnings: DocumentWarning[] };

/** The text read from each page of a document, the VINs each page names, and what to know about it (warnings of the whole document go with page 1). */
export function listDocumentPages(db: Database.Database, documentId: number): DocumentPage[] {
  const doc = getDocument(db, documentId);
  if (!doc) throw new ZeroMileError('not_found', `No document ${documentId}.`);
  // info is the JSON the import wrote (store-reading.ts); documents imported before warnings existed have none.
  const info = doc.info === null ? null : (JSON.parse(doc.info) as { warnings?: DocumentWarning[] } | null);
  const warnings = info?.warnings ?? [];
  const pages = db.prepare('SELECT page, source, text FROM document_pages WHERE document_id = ? ORDER BY page')
    .all(documentId) as { page: number; source: PageSource; text: string }[];
  const vins = db.prepare('SELECT page, vin FROM document_vins WHERE document_id = ? ORDER BY page, vin').all(documentId) as { page: number; vin: string }[];
  return pages.map((p) => ({
    ...p, vins: vins.filter((v) => v.page === p.page).map((v) => v.vin),
    warnings: warnings.filter((w) => w.page === p.page || (w.page === null && p.page === 1)),
  }));
}

/** The documents that name a vehicle, with the pages. */
export function documentsNamingVin(db: Database.Database, vin: string): { document_id: number; file_name: string; page: number }[] {
  return db.prepare(`SELECT v.document_id, d.file_name, v.page FROM document_vins v JOIN documents d ON d.id = v.document_id
      WHERE v.vin = ? ORDER BY v.document_id, v.page`).all(vin) as { document_id: number; file_name: string; page: number }[];
}

/**
 * A page as an image for the review panel (where proposed fields are highlighted): a PDF page
 * rendered to PNG, or the image file itself. Field boxes are fractions of this image's size.
 */
export async function documentPageImage(db: Database.Database, documentId: number, pageNo: number, options: PageImageOptions = {}): Promise<{ media_type: string; data_base64: string }> {
  const doc = getDocument(db, documentId);
  if (!doc) throw new ZeroMileError('not_found', `No document ${documentId}.`);
  const bytes = readDocumentBytes(db, documentId);
  const mediaType = sniffMediaType(bytes);
  if (mediaType === null) throw new ZeroMileError('bad_argument', `${doc.file_name} is not a PDF or an image.`);
  if (mediaType !== 'application/pdf') {
    if (pageNo !== 1) throw new ZeroMileError('not_found', `${doc.file_name} has one page.`);
    // The image as OCR read it (upright by its EXIF, shrunk when huge): the boxes are fractions of it.
    const prepared = await prepareImage(bytes, mediaType).catch(() => ({ image: bytes, media_type: mediaType }));
    return { media_type: prepared.media_type, data_base64: prepared.image.toString('base64') };
  }
  // On the reading thread, within its time: a page that holds pdfjs no longer holds this reader.
  const png = await pdfPageImageOnThread(bytes, doc.file_name, pageNo, options);
  return { media_type: 'image/png', data_base64: png.toString('base64') };
}
