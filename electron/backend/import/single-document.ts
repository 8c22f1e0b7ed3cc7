import type Database from 'better-sqlite3';
import type { ImportFileResult, ImportProgress } from '../../../shared/contract/import';
import { ChunkWriter, finishDocument, insertDocument } from '../casefile/documents';

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
};

/**
 * Stores a PDF or image as a document of kind 'document'. Runs inside the importer's transaction
 * (one file, all or nothing); the importer checks duplicates and writes the audit entry.
 * Reading text (PDF text layer, OCR) and proposing records from it is to come here.
 */
export async function importSingleDocument(db: Database.Database, file: SingleDocumentInfo, bytes: Buffer, _options: SingleDocumentOptions = {}): Promise<ImportFileResult> {
  const documentId = insertDocument(db, { file_name: file.name, size: file.size, media_type: file.mediaType, sha256: file.sha256, kind: 'document', encoding: null });
  const chunks = new ChunkWriter(db, documentId);
  chunks.push(bytes);
  chunks.finish();
  finishDocument(db, documentId, { kind: 'document', rows_total: 0, rows_imported: 0, rows_rejected: 0, pages: null, info: { media_type: file.mediaType } });
  return {
    file: file.name, sha256: file.sha256, kind: 'document', rows: 0, imported: 0, rejected: 0,
    duplicate: false, refused: null, rejects: [],
  };
}
