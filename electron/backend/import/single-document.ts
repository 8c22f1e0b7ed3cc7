import type Database from 'better-sqlite3';
import type { ImportFileResult, ImportProgress } from '../../../shared/contract/import';
import { ChunkWriter, finishDocument, insertDocument } from '../casefile/documents';
import type { DocumentReading } from '../documents/read-document';
import { readDocumentInThread, type ReadingLimits } from '../documents/document-thread';
import { storeDocumentReading } from '../documents/store-reading';

/** A PDF or image about to be stored: what the importer already knows of it. */
export type SingleDocumentInfo = {
  path: string;
  name: string;
  size: number;
  sha256: string;
  mediaType: string;
};

export type SingleDocumentOptions = {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Tuning and tests: the reading's time bounds (document-thread.ts READING_LIMITS by default). */
  readingLimits?: Partial<ReadingLimits>;
};

/**
 * Reads a PDF or image: text per page (PDF text layer, OCR for scans and images). Slow (OCR takes
 * seconds a page), so the importer calls it before its write transaction, and on a thread of its
 * own, each page within a time bound (document-thread.ts): the case's thread goes on answering,
 * and a page that holds pdfjs for minutes is stopped and kept with a warning. A corrupt or
 * password-protected PDF throws `file_refused`; nothing is written.
 */
export function readSingleDocument(file: SingleDocumentInfo, bytes: Buffer, options: SingleDocumentOptions = {}): Promise<DocumentReading> {
  return readDocumentInThread(bytes, file.name, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.readingLimits ? { limits: options.readingLimits } : {}),
    onPage: ({ page, pages }) => options.onProgress?.({
      file: file.name, bytes_done: Math.round((file.size * page) / pages), bytes_total: file.size, rows_done: 0,
      phase: 'ocr', page, pages,
    }),
  });
}

/**
 * Stores a PDF or image as a document of kind 'document' with what was read from it: its bytes, text
 * per page, the VINs it names per page, and the records its layout proposes. Runs inside the
 * importer's transaction (one file, all or nothing); the importer checks duplicates and writes the
 * audit entry.
 */
export function storeSingleDocument(db: Database.Database, file: SingleDocumentInfo, bytes: Buffer, reading: DocumentReading): ImportFileResult {
  const documentId = insertDocument(db, { file_name: file.name, size: file.size, media_type: file.mediaType, sha256: file.sha256, kind: 'document', encoding: null });
  const chunks = new ChunkWriter(db, documentId);
  chunks.push(bytes);
  chunks.finish();
  const stored = storeDocumentReading(db, documentId, reading);
  finishDocument(db, documentId, { kind: 'document', rows_total: 0, rows_imported: 0, rows_rejected: 0, pages: stored.pages, info: stored.info });
  return {
    file: file.name, sha256: file.sha256, kind: 'document', rows: 0, imported: 0, rejected: 0,
    duplicate: false, refused: null, rejects: [],
    pages: stored.pages, vins: stored.vins, ...(stored.vins_failing.length > 0 ? { vins_failing: stored.vins_failing } : {}), proposed: stored.proposed, warnings: stored.warnings,
  };
}
