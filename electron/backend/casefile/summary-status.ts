/**
 * What the run summary thread of the open case is doing, shared by the threads of one process
 * (the case host's writer, which starts the thread, and its readers, which answer the overview):
 * a SharedArrayBuffer, structured-cloned into every case worker like the cancel flags. Without it
 * a reader could not tell a summary still being summed from one whose thread failed or was never
 * started, and the overview said "pending" for ten minutes whatever had happened.
 *
 * One slot: the host has one case open at a time. It names the case (a hash of its path) and the
 * run, so a reader never takes another case's or an earlier run's status for its own.
 */
export type SummaryStatus = { state: 'running' } | { state: 'failed'; message: string };

const STATE = { none: 0, running: 1, failed: 2 } as const;
/** Int32 cells: generation, case hash, run id, state, message length; then the message's UTF-8 bytes. */
const CELLS = 5;
const MESSAGE_BYTES = 2048;

function pathHash(path: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return hash | 0;
}

export class SummaryBoard {
  readonly #cells: Int32Array;
  readonly #bytes: Uint8Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4 * CELLS + MESSAGE_BYTES)) {
    this.#cells = new Int32Array(buffer, 0, CELLS);
    this.#bytes = new Uint8Array(buffer, 4 * CELLS, MESSAGE_BYTES);
  }

  get buffer(): SharedArrayBuffer {
    return this.#cells.buffer as SharedArrayBuffer;
  }

  /**
   * A summary thread started for this case's run: returns its ticket, which later reports must
   * show (a thread of a case since closed, or of an earlier start, must not overwrite a newer one).
   */
  started(casePath: string, runId: number): number {
    const ticket = Atomics.add(this.#cells, 0, 1) + 1;
    // The state last: a reader that sees 'running' sees the case and run it belongs to.
    Atomics.store(this.#cells, 3, STATE.none);
    Atomics.store(this.#cells, 1, pathHash(casePath));
    Atomics.store(this.#cells, 2, runId);
    Atomics.store(this.#cells, 3, STATE.running);
    return ticket;
  }

  /** The thread of `ticket` stored its summary (or was stopped to be resumed later): nothing to say. */
  ended(ticket: number): void {
    if (Atomics.load(this.#cells, 0) === ticket) Atomics.store(this.#cells, 3, STATE.none);
  }

  failed(ticket: number, message: string): void {
    if (Atomics.load(this.#cells, 0) !== ticket) return;
    const bytes = Buffer.from(message, 'utf8').subarray(0, MESSAGE_BYTES);
    this.#bytes.set(bytes);
    Atomics.store(this.#cells, 4, bytes.length);
    Atomics.store(this.#cells, 3, STATE.failed);
  }

  /** The status of this case's run, or null when no thread of this process is summing it nor failed to. */
  of(casePath: string, runId: number): SummaryStatus | null {
    const state = Atomics.load(this.#cells, 3);
    if (state === STATE.none || Atomics.load(this.#cells, 1) !== pathHash(casePath) || Atomics.load(this.#cells, 2) !== runId) return null;
    if (state === STATE.running) return { state: 'running' };
    // A cut multi-byte character at the end decodes as U+FFFD: the message stays readable.
    return { state: 'failed', message: Buffer.from(this.#bytes.subarray(0, Atomics.load(this.#cells, 4))).toString('utf8') };
  }
}

let board = new SummaryBoard();

/** This thread's board: its own, unless the case worker was given the host's (useSharedSummaryBoard). */
export function summaryBoard(): SummaryBoard {
  return board;
}

/** A case worker takes the host's board, so its readers see what its writer's summary thread does. */
export function useSharedSummaryBoard(buffer: SharedArrayBuffer): void {
  board = new SummaryBoard(buffer);
}
