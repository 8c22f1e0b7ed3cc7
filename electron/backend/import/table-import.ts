import type Database from 'better-sqlite3';
import type { ReadDifferently, RejectSummary, SameFactNotes } from '../../../shared/contract/import';
import { refusal } from '../../../shared/refusal';
import type { RecordKind } from '../../../shared/record-kinds';
import type { DeferredIndexes } from '../casefile/deferred-indexes';
import { deferRecordIndexes, prepareRejectInsert, recordRowsEstimate } from '../casefile/records';
import { RegisterWrites } from '../casefile/register-writes';
import { RecordWriter } from './record-writer';
import type { RowBatch, SheetInfo } from './table-reading';

/** The result lists this many rejects; all of them are in the case file (`zeromile rejects`). */
export const REJECTS_IN_RESULT = 1000;
/**
 * Page cache (KiB) while the indexes of a bulk load are rebuilt; importFile restores its own setting
 * after the file. It also bounds the sorter's memory: 2 MB sorted the five indexes of a million sales
 * faster than 8 MB (2.1 s against 2.3 s) and than 32 MB.
 */
const INDEX_REBUILD_CACHE_KB = 2 * 1024;

/**
 * A bulk load's file brings at least 1/BULK_SHARE as many rows as its table already holds. Rebuilding
 * an index is a sequential sort of the whole table, while every row written into a kept index is a
 * B-tree descent to a page found at random. Measured at a million vehicles (CPU of the whole
 * import, load ~10): the used-car invoices (384,142 rows into 1.58 M sales) 20.0 s → 17.6 s, the
 * English invoices (491,650 into 1.96 M) 22.4 → 20.3, the English registrations (384,816 into
 * 1.15 M) 19.3 → 15.3, against only files bigger than their table before.
 */
const BULK_SHARE = 8;

/**
 * Writes the batches of one table document (table-reading.ts reads them): its records, with their
 * parties resolved, and its rejected rows, each citing the document and its row.
 */
export class TableImport {
  readonly rejects: RejectSummary[] = [];
  /** Data rows read so far (records and rejected rows). */
  rows = 0;
  private end: (RowBatch & { type: 'end' }) | null = null;
  private readonly writer: RecordWriter;
  private readonly reject: ReturnType<typeof prepareRejectInsert>;
  private readonly deferred = new Map<RecordKind, DeferredIndexes>();
  private readonly registers: RegisterWrites;

  /**
   * `bulkRows`: an estimate of the file's rows when it is big enough for a bulk load (indexes of the
   * kind's table rebuilt once at the end, see deferRecordIndexes), or 0. Runs inside the import's
   * transaction: the register triggers are set aside until `finish` (register-writes.ts).
   * `bulkPartiesFrom`: tuning and tests (PartyResolver).
   */
  constructor(private readonly db: Database.Database, private readonly documentId: number, private readonly bulkRows = 0, bulkPartiesFrom?: number) {
    this.registers = RegisterWrites.pause(db);
    this.writer = new RecordWriter(db, documentId, this.registers, bulkPartiesFrom);
    this.reject = prepareRejectInsert(db);
  }

  handle(batch: RowBatch): void {
    switch (batch.type) {
      case 'kind':
        // Only when the file brings enough rows for the table it goes into: rebuilding indexes over a
        // big table costs more than it saves for a few rows (see BULK_SHARE).
        if (this.bulkRows > 0 && !this.deferred.has(batch.kind) && recordRowsEstimate(this.db, batch.kind) < this.bulkRows * BULK_SHARE) {
          this.deferred.set(batch.kind, deferRecordIndexes(this.db, batch.kind));
        }
        return;
      case 'rows': {
        this.writer.write(batch.sheet, batch.records);
        for (const reject of batch.rejects) {
          this.reject(this.documentId, batch.sheet, reject.row, reject.raw, reject.reason, reject.message, reject.msg);
          if (this.rejects.length < REJECTS_IN_RESULT) this.rejects.push({ row: reject.row, sheet: batch.sheet, reason: reject.reason, message: reject.message, msg: reject.msg });
        }
        this.rows = batch.rows;
        return;
      }
      case 'end':
        this.end = batch;
        return;
      default: {
        const never: never = batch;
        throw new Error(`unknown row batch ${String(never)}`);
      }
    }
  }

  /** What the reading side read: its bytes and, when it hashed them, their SHA-256. */
  source(): { bytes: number; sha256: string | null } {
    if (!this.end) throw refusal('internal', 'refusal.table_unfinished');
    return { bytes: this.end.bytes, sha256: this.end.sha256 };
  }

  /**
   * After the last batch: rebuilds put-off indexes (the records' and the parties') and registers the
   * vehicles the records name. `between` is called between those steps (each index, the fold, the
   * registers): an import's cancel check, which throws to stop it (the transaction is rolled back).
   * `sameFacts`: records that told a fact the case already held, kept as further sources of it.
   */
  finish(between: () => void = () => undefined): {
    kind: RecordKind; sheets: SheetInfo[]; rows: number; imported: number; rejected: number; sameFacts: number; indexesRebuilt: RecordKind[];
    /** Blocks of the registers this file wrote whose rows had been changed outside ZeroMile before it (register-writes.ts). */
    changedOutside: ReturnType<RegisterWrites['changedOutside']>;
    /** What folding the rows into facts the case held has to tell (fold-notes.ts), if anything. */
    folds: SameFactNotes | undefined;
    /** The values read differently from their cells, each marked on its row (value_marks), if any. */
    marks: ReadDifferently | undefined;
  } {
    if (!this.end) throw refusal('internal', 'refusal.table_unfinished');
    if (this.deferred.size > 0 || this.writer.parties.indexesDeferred) {
      // SQLite's sorter may use as much memory as the page cache allows; the rebuild reads the table
      // in order, so a small cache costs nothing here and keeps the peak memory of a bulk load down.
      // The import's own cache comes back for what follows, which probes the registers at random.
      const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
      this.db.pragma(`cache_size = ${-INDEX_REBUILD_CACHE_KB}`);
      try {
        for (const indexes of this.deferred.values()) indexes.restore(between);
        this.writer.parties.restoreIndexes(between);
      } finally {
        this.db.pragma(`cache_size = ${cacheSize}`);
      }
    }
    // After the rebuild: a bulk load's vehicles come in order from the fresh VIN index.
    const sameFacts = this.writer.finish(new Set(this.deferred.keys()), between);
    this.registers.resume();
    between();
    const { kind, sheets, rows, imported, rejected } = this.end;
    return { kind, sheets, rows, imported, rejected, sameFacts, indexesRebuilt: [...this.deferred.keys()], changedOutside: this.registers.changedOutside(), folds: this.writer.folds.summary(this.db), marks: this.writer.marks.summary() };
  }
}
