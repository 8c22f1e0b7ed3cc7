import type Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { refusedFileResult, type ImportFileResult, type ImportProgress, type TwinColumns } from '../../../shared/contract/import';
import { toWireError } from '../../../shared/errors';
import { fileRefused, refusal, refusalMessage } from '../../../shared/refusal';
import { appendAudit } from '../casefile/audit';
import { commitFacts } from '../casefile/fact-digests';
import { furtherSourcesOf } from '../casefile/fold-notes';
import { registerCommitDetail, registersChangedOutside, withBlockChanges } from '../casefile/register-outside';
import { caseWriteRefused } from '../casefile/write-refused';
import { finishDocument, findDocumentBySha, hasDocumentOfSize, insertDocument, setDocumentSha256, storeFileBytes, type StoredDocument } from '../casefile/documents';
import { EncodingDetector, encodingFromHead, type EncodingGuess } from './encoding';
import { ProgressThrottle } from './progress';
import { readSingleDocument, storeSingleDocument } from './single-document';
import type { DocumentReading } from '../documents/read-document';
import type { ReadingLimits } from '../documents/document-thread';
import { readFileShared } from '../threads/shared-bytes';
import { sniffFormat } from './sniff';
import { readTableInThread } from './reading-thread';
import { TableImport } from './table-import';
import { readTableRows, type SheetInfo, type TableFormat } from './table-reading';
import { sheetSummaries } from './sheet-summary';
import type { ImportCancelCheck } from '../threads/import-cancel';

/** A workbook's shared strings are kept in memory, so workbooks are limited; CSV and JSON lines have no limit. */
export const MAX_XLSX_BYTES = 200 * 1024 * 1024;
/**
 * SQLite page cache during an import, in KiB: a sixteenth of the case file, from 48 MB to 128 MB.
 * A file that adds rows to a big table inserts into its indexes at random: with 48 MB against a
 * 3.6 GB case (a million vehicles), 115,870 used-car invoices took 21 s, 5 s of it system time
 * reading pages back and spilling dirty ones to the WAL again and again; 128 MB: 9.6 s (1.6 s
 * system), 256 MB: 11.3 s (1.0 s), 400 MB: 12.3 s (0.9 s), under load ~8. With 256 MB the
 * province bench's process peaked at 1,106 MB over the import and the rule run, past its 1 GB
 * bound. The cache only grows as pages are read, and importFile gives the connection its own
 * setting back afterwards and frees the pages it no longer holds.
 */
const IMPORT_CACHE_KB = { min: 48 * 1024, max: 128 * 1024, caseShare: 1 / 16 };

function importCacheKb(db: Database.Database): number {
  const caseKb = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number) / 1024;
  return Math.round(Math.min(IMPORT_CACHE_KB.max, Math.max(IMPORT_CACHE_KB.min, caseKb * IMPORT_CACHE_KB.caseShare)));
}
/** Bytes read from the head of a file: its format is told from the first 64 KB, a text's encoding from all of them. */
const ENCODING_HEAD_BYTES = 256 * 1024;
/** PDFs and images are read whole. */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/** CSV and JSON-lines files from this size on are bulk loads (record indexes rebuilt once at the end). */
export const BULK_LOAD_BYTES = 8 * 1024 * 1024;
/** Tables from this size on are read on a thread of its own (reading-thread.ts). */
export const READING_THREAD_BYTES = 4 * 1024 * 1024;
/** For the estimate of a file's rows: a little more than a typical invoice row. */
const BYTES_PER_ROW_ESTIMATE = 200;

export type ImportFileOptions = {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /**
   * The cancel cell the case workers share (threads/import-cancel.ts): seen even while this thread is
   * in a synchronous step, checked between the finishing steps, and closed just before the COMMIT.
   */
  cancel?: ImportCancelCheck;
  /** Tuning and tests: the size from which a file is a bulk load (BULK_LOAD_BYTES by default). */
  bulkLoadBytes?: number;
  /** Tuning and tests: the size from which a table is read on a thread of its own (READING_THREAD_BYTES by default). */
  threadBytes?: number;
  /** Tuning and tests: the new parties from which an import rebuilds the parties' name indexes at its end (parties.ts BULK_PARTIES by default). */
  bulkPartiesFrom?: number;
  /** Tuning and tests: a PDF's or image's reading bounds (document-thread.ts READING_LIMITS by default). */
  readingLimits?: Partial<ReadingLimits>;
};

export type FileToImport = { path: string; name?: string };

function refusedResult(file: string, sha256: string | null, error: unknown): ImportFileResult {
  return refusedFileResult(file, toWireError(error), sha256);
}

function readHead(path: string, bytes: number): Buffer {
  const head = Buffer.alloc(bytes);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/** One pass over the file for its SHA-256 (duplicates are known before anything is written) and its text encoding. */
async function hashAndDetect(path: string, stopped: () => boolean, text: boolean): Promise<{ sha256: string; encoding: EncodingGuess }> {
  const hash = createHash('sha256');
  const detector = new EncodingDetector();
  // A workbook is a zip, whose XML declares its own encoding: its bytes are only hashed.
  let decided = !text;
  for await (const piece of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) {
    hash.update(piece as Buffer);
    if (!decided) decided = detector.push(piece as Buffer);
    if (stopped()) throw cancelled(path);
  }
  return { sha256: hash.digest('hex'), encoding: text ? detector.result() : { encoding: 'utf-8', bom: false } };
}

const changedWhileImported = (name: string) => fileRefused(name, refusalMessage('refusal.changed'));

const cancelled = (name: string) => refusal('cancelled', 'refusal.cancelled', { file: name });

/** Whether the import was cancelled: the caller's signal (read between awaits) or the shared cell (read at any time). */
function stopper(options: ImportFileOptions): () => boolean {
  const { signal, cancel } = options;
  return () => signal?.aborted === true || cancel?.requested() === true;
}

/**
 * Imports one file into the case file as one transaction: a document with its original bytes,
 * its records (or, for PDFs and images, just the document), its rejected rows and an audit entry,
 * or nothing at all when it is refused, fails or is cancelled. A file already in the case (same
 * SHA-256) adds nothing. Never throws: a refusal comes back in the result.
 *
 * The transaction stays open across awaits (streaming); the caller must not use the same
 * connection for other writes meanwhile (the app runs imports on the case worker, one at a time).
 */
export async function importFile(db: Database.Database, file: FileToImport, options: ImportFileOptions = {}): Promise<ImportFileResult> {
  const name = file.name ?? basename(file.path);
  const stopped = stopper(options);
  let sha256: string | null = null;
  try {
    let size: number;
    try {
      const stat = statSync(file.path);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      throw refusal('file_not_found', 'refusal.not_found', { file: name, path: file.path });
    }
    const head = readHead(file.path, ENCODING_HEAD_BYTES);
    const sniffed = sniffFormat(head.subarray(0, 65536), name);
    if (sniffed.format === 'unknown') throw fileRefused(name, sniffed.problem);
    if (sniffed.format === 'xlsx' && size > MAX_XLSX_BYTES) {
      throw fileRefused(name, refusalMessage('refusal.xlsx_too_big', { mb: MAX_XLSX_BYTES / 1_048_576 }));
    }
    if (sniffed.format === 'document' && size > MAX_DOCUMENT_BYTES) {
      throw fileRefused(name, refusalMessage('refusal.document_too_big', { mb: MAX_DOCUMENT_BYTES / 1_048_576 }));
    }
    // A PDF or image is read whole (it is OCR'd and stored from memory): its SHA-256 is of the very
    // bytes read. A CSV or JSON-lines file whose head tells its encoding, and whose size no document
    // of the case has (so it cannot be one of them), is hashed as it is read: one pass over it
    // rather than two, and its rows start at once. Any other table is hashed in a pass of its own
    // first, so that a file already imported is known before anything is read. Either way its
    // hash is checked again when its bytes are stored.
    let documentBytes: Buffer | null = null;
    let encoding: EncodingGuess = { encoding: 'utf-8', bom: false }; // a table's, detected below
    const text = sniffed.format === 'csv' || sniffed.format === 'jsonl';
    const encodingOfHead = text ? encodingFromHead(head, size) : null;
    if (sniffed.format === 'document') {
      // In shared memory: the reading threads see these bytes, never a copy (document-thread.ts).
      documentBytes = await readFileShared(file.path);
      sha256 = createHash('sha256').update(documentBytes).digest('hex');
    } else if (encodingOfHead && !hasDocumentOfSize(db, size)) {
      encoding = encodingOfHead;
    } else {
      ({ sha256, encoding } = await hashAndDetect(file.path, stopped, text));
    }
    // A text table neither UTF-8 nor GB18030: refused, never read garbled (encoding.ts).
    if (encoding.unreadable) {
      const { problem, sample } = encoding.unreadable;
      throw fileRefused(name, refusalMessage(problem === 'mixed' ? 'refusal.encoding_mixed' : 'refusal.encoding_single_byte', { sample }));
    }
    const documentFile = { path: file.path, name, size, sha256, mediaType: sniffed.mediaType };
    // A PDF or image is read (OCR) before the write transaction, unless the case already has it.
    let document: { bytes: Buffer; reading: DocumentReading; file: typeof documentFile & { sha256: string } } | null = null;
    if (documentBytes && sha256 !== null && !findDocumentBySha(db, sha256)) {
      const hashed = { ...documentFile, sha256 };
      document = { bytes: documentBytes, reading: await readSingleDocument(hashed, documentBytes, options), file: hashed };
      if (stopped()) throw cancelled(name);
    }

    // A bigger page cache keeps the registers' and the record tables' indexes in memory while a large
    // file goes in (SQLite's default is 2 MB).
    const cacheSize = db.pragma('cache_size', { simple: true }) as number;
    let began = false;
    let committing = false;
    try {
      db.pragma(`cache_size = ${-importCacheKb(db)}`);
      db.exec('BEGIN IMMEDIATE');
      began = true;
      const existing = sha256 === null ? undefined : findDocumentBySha(db, sha256);
      if (existing) {
        db.exec('ROLLBACK');
        return duplicateResult(name, existing);
      }
      // Registers changed outside ZeroMile since their last commit: this entry says so, or its commit
      // of them would make the change look committed (a document writes no register).
      let outside = sniffed.format === 'document' ? [] : registersChangedOutside(db);
      let result: ImportFileResult;
      if (sniffed.format === 'document') {
        // Read above unless the case already held the file, and then it returned as a duplicate.
        if (!document) throw refusal('internal', 'refusal.not_read', { file: name });
        result = storeSingleDocument(db, document.file, document.bytes, document.reading);
      } else {
        const table = await importTable(db, { ...documentFile, format: sniffed.format, encoding }, options);
        result = table.result;
        outside = withBlockChanges(db, outside, table.changedOutside);
      }
      if (stopped()) throw cancelled(name);
      const stored = findDocumentBySha(db, result.sha256!);
      if (!stored) throw refusal('internal', 'refusal.not_stored', { file: name });
      appendAudit(db, {
        action: 'import.file',
        subject: result.sha256!,
        detail: {
          file: name, kind: result.kind, rows: result.rows, imported: result.imported, rejected: result.rejected,
          // What verify holds the case to: the document's bytes by hash and size, and every row this import wrote.
          document: stored.id, sha256: stored.sha256, size: stored.size,
          facts: commitFacts(db, [`document:${stored.id}`, 'parties', 'vehicles']),
          // Records told again that were changed outside ZeroMile since their commit, codes given, leading zeros: on the record too.
          ...(result.same_facts ? { same_facts: result.same_facts } : {}),
          // After the import's own trigger and index work: the cookie the next act holds the schema to.
          ...registerCommitDetail(db, 'import.file', outside),
        },
      });
      // The last moment a cancel rolls the file back: from here on it is told it came too late.
      if (stopped() || (options.cancel && !options.cancel.enterCommit())) throw cancelled(name);
      committing = options.cancel !== undefined;
      db.exec('COMMIT');
      // Said to whoever imported, not only to verify: the import has just committed those rows as they were.
      return outside.length > 0 ? { ...result, registers_changed_outside: outside } : result;
    } catch (error) {
      // Only our own transaction is rolled back, never one the caller had open.
      if (began && db.inTransaction) db.exec('ROLLBACK');
      if (error instanceof AlreadyImported) return duplicateResult(name, error.document);
      throw error;
    } finally {
      if (committing) options.cancel?.leaveCommit();
      db.pragma(`cache_size = ${cacheSize}`);
      db.pragma('shrink_memory');
    }
  } catch (error) {
    // A write past the process's file size limit reads as a disk error from SQLite, one to a read-only
    // case file as 'attempt to write a readonly database': each named as what it is, about the case file.
    return refusedResult(name, sha256, caseWriteRefused(db, error) ?? error);
  }
}

/** A file hashed as it was read turned out to be a document the case holds (raced in by another writer). */
class AlreadyImported extends Error {
  constructor(readonly document: StoredDocument) {
    super('already imported');
  }
}

function duplicateResult(file: string, existing: StoredDocument): ImportFileResult {
  return {
    file, sha256: existing.sha256, kind: existing.kind as ImportFileResult['kind'], rows: 0, imported: 0, rejected: 0,
    duplicate: true, refused: null, rejects: [],
  };
}

/** `sha256`: null when the file is hashed as it is read. */
type TableFile = { path: string; name: string; size: number; sha256: string | null; mediaType: string; format: TableFormat; encoding: EncodingGuess };

async function importTable(db: Database.Database, file: TableFile, options: ImportFileOptions): Promise<{ result: ImportFileResult; changedOutside: ReturnType<TableImport['finish']>['changedOutside'] }> {
  const encodingName = file.format === 'xlsx' ? null : file.encoding.encoding + (file.encoding.bom ? ' (BOM)' : '');
  // A file hashed as it is read gets its SHA-256 once read; until then a placeholder keeps the column unique.
  const documentId = insertDocument(db, {
    file_name: file.name, size: file.size, media_type: file.mediaType, sha256: file.sha256 ?? `reading:${randomUUID()}`, kind: null, encoding: encodingName,
  });
  const toRead = { path: file.path, name: file.name, format: file.format, encoding: file.encoding.encoding, hash: file.sha256 === null };
  // A big file is read on a thread of its own while this one writes; a small one is read here,
  // where starting a thread would cost more than it saves. The batches are the same either way.
  const batches = file.size >= (options.threadBytes ?? READING_THREAD_BYTES) ? readTableInThread(toRead) : readTableRows(toRead);

  const bulk = file.format !== 'xlsx' && file.size >= (options.bulkLoadBytes ?? BULK_LOAD_BYTES);
  const table = new TableImport(db, documentId, bulk ? Math.ceil(file.size / BYTES_PER_ROW_ESTIMATE) : 0, options.bulkPartiesFrom);
  const progress = new ProgressThrottle(file.name, file.size, options.onProgress);
  const stopped = stopper(options);
  // Between the finishing steps, which are synchronous: only the shared cell can change meanwhile.
  const between = (): void => {
    if (stopped()) throw cancelled(file.name);
  };
  try {
    for await (const batch of batches) {
      if (stopped()) throw cancelled(file.name);
      table.handle(batch);
      if (batch.type === 'rows') progress.tick(batch.bytes, batch.rows);
    }
  } finally {
    await batches.return(undefined);
  }
  progress.finishing(table.rows);
  between();
  let sha256 = file.sha256;
  if (sha256 === null) {
    const read = table.source();
    if (read.sha256 === null || read.bytes !== file.size) throw changedWhileImported(file.name);
    sha256 = read.sha256;
    const existing = findDocumentBySha(db, sha256);
    if (existing) throw new AlreadyImported(existing);
    setDocumentSha256(db, documentId, sha256);
  }
  // The original bytes go in after the rows: 4 MB blobs written between the rows pushed the record
  // tables' pages out of the page cache (a tenth of a big import's time). Their hash must be the
  // one the file was checked against before the import began, or the one of the bytes read.
  if (await storeFileBytes(db, documentId, file.path) !== sha256) throw changedWhileImported(file.name);
  between();
  const { kind, sheets, rows, imported, rejected, sameFacts, indexesRebuilt, changedOutside, folds, marks } = table.finish(between);
  finishDocument(db, documentId, {
    kind, rows_total: rows, rows_imported: imported, rows_rejected: rejected,
    info: { format: file.format, encoding: encodingName, sheets, ...(sameFacts > 0 ? { same_facts: sameFacts } : {}), ...(indexesRebuilt.length > 0 ? { bulk_load: indexesRebuilt } : {}) },
  });
  const further = furtherSourcesOf(db, documentId, sameFacts);
  progress.done(rows);
  return {
    result: {
      file: file.name, sha256, kind, rows, imported, rejected, duplicate: false, refused: null, rejects: table.rejects, sheets: sheetSummaries(sheets),
      ...(folds ? { same_facts: folds } : {}),
      ...(further ? { further_sources: further } : {}),
      ...(marks ? { read_differently: marks } : {}),
      ...twinColumnsOf(sheets),
    },
    changedOutside,
  };
}

/** The fields two or more columns of a sheet give, as the result names them (nothing when none). */
function twinColumnsOf(sheets: readonly SheetInfo[]): { twin_columns?: TwinColumns[] } {
  const twins = sheets.flatMap((s) => (s.twin_columns ?? []).map((t) => ({ sheet: s.sheet, ...t })));
  return twins.length > 0 ? { twin_columns: twins } : {};
}
