/**
 * A request to cancel the rule run, in memory both case workers share. A rule run is synchronous
 * in the writer thread, which reads no messages until it ends; the reader thread (free meanwhile)
 * sets this cell when asked (`rules:cancel`) and the run checks it between rules and while it
 * waits for its finders.
 */
export class RunCancel {
  readonly #cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.#cell = new Int32Array(buffer, 0, 1);
  }

  get buffer(): SharedArrayBuffer {
    return this.#cell.buffer as SharedArrayBuffer;
  }

  request(): void {
    Atomics.store(this.#cell, 0, 1);
  }

  requested(): boolean {
    return Atomics.load(this.#cell, 0) === 1;
  }

  /** At the start of a run: a request made while no run was going cancels nothing later. */
  clear(): void {
    Atomics.store(this.#cell, 0, 0);
  }
}
