import { statSync } from 'node:fs';
import { refusedFileResult, type ImportFileResult, type ImportProgress } from '../../../shared/contract/import';
import { toWireError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import type { CaseFile } from '../casefile/open-case-file';
import { checkpointInBackground, withCheckpointAfter, type Checkpoint } from '../casefile/background-checkpoint';
import type { ImportCancelCheck } from '../threads/import-cancel';
import { importFile, READING_THREAD_BYTES, type FileToImport } from './import-file';

export type ImportFilesOptions = {
  /** Bytes and rows done, at most every ~100 ms per file, and once at the end of each file. */
  onProgress?: (progress: ImportProgress) => void;
  onFileDone?: (result: ImportFileResult) => void;
  /** Aborting rolls back the file being read and skips the rest (they come back refused as cancelled). */
  signal?: AbortSignal;
  /** The workers' shared cancel cell (threads/import-cancel.ts), which also reaches the finishing steps. */
  cancel?: ImportCancelCheck;
  /** Tuning and tests: the size from which a CSV or JSON-lines file is a bulk load. */
  bulkLoadBytes?: number;
  /** Tuning and tests: the new parties from which an import rebuilds the parties' name indexes at its end. */
  bulkPartiesFrom?: number;
  /** Tuning and tests: the size from which a table is read on a thread of its own. */
  threadBytes?: number;
  /**
   * After a big import (a file of READING_THREAD_BYTES or more) the WAL checkpoint runs on a thread
   * of its own once the files are committed; this is told when it is done (the bench reports it).
   */
  onCheckpoint?: (checkpoint: Promise<Checkpoint>) => void;
};

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // importFile refuses it with the reason
  }
}

/**
 * Imports files one after another, each in its own transaction. The results are in the order of
 * `files`; a refused file does not stop the others.
 */
export async function importFiles(caseFile: CaseFile, files: FileToImport[], options: ImportFilesOptions = {}): Promise<ImportFileResult[]> {
  // A small import leaves SQLite's automatic checkpoint to fold its few pages in at commit.
  if (!files.some((file) => fileSize(file.path) >= (options.threadBytes ?? READING_THREAD_BYTES))) return importEach(caseFile, files, options);
  // Between files, the WAL of the ones before is copied into the case file (on the checkpoint
  // thread, waited for), so that the next file's commit starts the WAL again from its beginning:
  // with the automatic checkpoint paused for the whole batch it grew by every file (gigabytes for
  // the demo's 13 files of a million vehicles), and every page read then walked thousands of WAL
  // index tables: that import took 36 min, 631 s of it system time (the province bench).
  const betweenFiles = () => checkpointInBackground(caseFile);
  const { result, checkpoint } = await withCheckpointAfter(caseFile, () => importEach(caseFile, files, options, betweenFiles));
  options.onCheckpoint?.(checkpoint);
  return result;
}

async function importEach(caseFile: CaseFile, files: FileToImport[], options: ImportFilesOptions, betweenFiles?: () => Promise<unknown>): Promise<ImportFileResult[]> {
  const results: ImportFileResult[] = [];
  const stopped = () => options.signal?.aborted === true || options.cancel?.requested() === true;
  for (const [index, file] of files.entries()) {
    if (index > 0 && betweenFiles && !stopped()) await betweenFiles();
    const name = file.name ?? file.path.split(/[\\/]/).pop() ?? file.path;
    const result = stopped()
      ? refusedFileResult(name, toWireError(refusal('cancelled', 'refusal.cancelled_before', { file: name })))
      : await importFile(caseFile.db, file, { onProgress: options.onProgress, signal: options.signal, cancel: options.cancel, bulkLoadBytes: options.bulkLoadBytes, bulkPartiesFrom: options.bulkPartiesFrom, threadBytes: options.threadBytes });
    results.push(result);
    options.onFileDone?.(result);
  }
  return results;
}
