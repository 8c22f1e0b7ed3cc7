/**
 * One cancel request in memory that threads share (an Int32 cell). A thread busy in a synchronous
 * statement reads no messages, so a request to stop it is a cell it checks between steps: the rule
 * run between rules and while it waits for its finders, a finder between rules, a reading thread
 * before it sends. Structured-clone the `buffer`, never the object.
 */
export class CancelFlag {
  readonly #cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.#cell = new Int32Array(buffer, 0, 1);
  }

  get buffer(): SharedArrayBuffer {
    return this.#cell.buffer as SharedArrayBuffer;
  }

  request(): void {
    Atomics.store(this.#cell, 0, 1);
    Atomics.notify(this.#cell, 0);
  }

  requested(): boolean {
    return Atomics.load(this.#cell, 0) === 1;
  }

  /** At the start of new work: a request made while nothing ran cancels nothing later. */
  clear(): void {
    Atomics.store(this.#cell, 0, 0);
  }
}
