/**
 * The import's cancel, in memory that the case workers share (an Int32 cell): `import:cancel` is
 * answered by a reader, which is free while the writer is busy in a synchronous step of the import
 * (an index rebuild, the fold, the digests) and reads no messages. The writer checks the cell
 * between those steps, and takes it from RUNNING to COMMITTING in one atomic step just before its
 * COMMIT: a cancel either lands before that and the file is rolled back, or after it and is told
 * that it came too late for that file (the files after it are still cancelled). Structured-clone
 * the `buffer`, never the object.
 */
const IDLE = 0;
const RUNNING = 1;
/** Asked for before the file's commit: the file is rolled back and the rest skipped. */
const REQUESTED = 2;
const COMMITTING = 3;
/** Asked for while a file was committing: that file is kept, the rest skipped. */
const LATE = 4;

/** What a cancel request did: stopped the import, came while a file was committing (kept), or found none. */
export type ImportCancelOutcome = 'cancelled' | 'too_late' | 'idle';

/** What an import reads of the cell. */
export type ImportCancelCheck = Pick<ImportCancel, 'requested' | 'enterCommit' | 'leaveCommit'>;

export class ImportCancel {
  readonly #cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.#cell = new Int32Array(buffer, 0, 1);
  }

  get buffer(): SharedArrayBuffer {
    return this.#cell.buffer as SharedArrayBuffer;
  }

  /** At the start of an import: a request made while none ran cancels nothing. */
  begin(): void {
    Atomics.store(this.#cell, 0, RUNNING);
  }

  end(): void {
    Atomics.store(this.#cell, 0, IDLE);
  }

  request(): ImportCancelOutcome {
    for (;;) {
      const state = Atomics.compareExchange(this.#cell, 0, RUNNING, REQUESTED);
      if (state === RUNNING || state === REQUESTED) return 'cancelled';
      if (state === IDLE) return 'idle';
      if (state === LATE) return 'too_late';
      // COMMITTING: unless the commit ended meanwhile (then the loop tries RUNNING again).
      if (Atomics.compareExchange(this.#cell, 0, COMMITTING, LATE) === COMMITTING) return 'too_late';
    }
  }

  /** Checked between the import's steps: one atomic load. */
  requested(): boolean {
    const state = Atomics.load(this.#cell, 0);
    return state === REQUESTED || state === LATE;
  }

  /** Just before COMMIT: false when a cancel came first (the caller rolls back). */
  enterCommit(): boolean {
    return Atomics.compareExchange(this.#cell, 0, RUNNING, COMMITTING) === RUNNING;
  }

  /** After the commit (or its failure): a request that came during it cancels the files after it. */
  leaveCommit(): void {
    if (Atomics.compareExchange(this.#cell, 0, COMMITTING, RUNNING) === LATE) Atomics.store(this.#cell, 0, REQUESTED);
  }
}
