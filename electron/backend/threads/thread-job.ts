import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { ZeroMileError } from '../../../shared/errors';
import { threadBundlePath } from './bundle-path';
import { CancelFlag } from './cancel-flag';
import { markCloseWaitDone, waitAtClose } from './close-waits';
import { CELL, cellCount, endedCell, type JobWire, type ThreadData } from './job-wire';

export type ThreadJobOptions<Setup> = {
  /** The bundle each thread runs: a name in dist/ ('rule-worker.mjs') or a full path. */
  bundle: string;
  /** What the threads are given (structured-clone data); a function gives each thread its own. */
  setup: Setup | ((thread: number) => Setup);
  /** Threads of the bundle started together; they share the job's cells and cancel flag. 1 by default. */
  threads?: number;
  /** Named in errors: 'the rule finder', 'the reading thread'. */
  name: string;
  /** A case file connection whose close() waits until every thread of the job has ended. */
  closeWaitOn?: object;
  /** That close() cancels the job first (its threads end at their next step): work that is resumed at the next open. */
  cancelAtClose?: boolean;
  /** The job's cancel flag, when others share it (the case workers' rule-run cancel); a new one by default. */
  cancel?: CancelFlag;
  /** Tasks the threads claim one at a time (InThread.claim). */
  tasks?: number;
  /** Messages the threads may send ahead of what is taken; their send() waits beyond. */
  maxAhead?: number;
  /** Heap bounds of each thread: past them the thread ends with ERR_WORKER_OUT_OF_MEMORY, the process lives on. */
  resourceLimits?: ResourceLimits;
};

/** How one thread ended: null when it returned, else why not. */
export type ThreadEnd = { thread: number; failure: string | null };

/**
 * Work off the calling thread, the one way ZeroMile does it: a bundle started on one or more
 * threads with a setup, typed messages both ways (taken by an event listener, an async iterator or,
 * by a caller that is itself blocked in a synchronous statement, takeSync), one cancel flag, tasks
 * the threads claim from a shared counter, and the threads' close-waits on a case file registered
 * here. The thread's side is in-thread.ts.
 */
export class ThreadJob<Out, In = never> {
  readonly cancelFlag: CancelFlag;
  readonly threads: number;
  /** Every thread's end, once all have ended. Never rejects. */
  readonly ended: Promise<ThreadEnd[]>;
  readonly #name: string;
  readonly #workers: Worker[] = [];
  readonly #ports: MessagePort[] = [];
  readonly #cells: Int32Array;
  readonly #buffer: SharedArrayBuffer;
  readonly #ends: (ThreadEnd | null)[];
  readonly #endListeners = new Set<(end: ThreadEnd) => void>();
  #listening = false;
  #listener: ((message: Out, thread: number) => void) | null = null;
  readonly #queue: Out[] = [];
  #wake: (() => void) | null = null;

  private constructor(options: ThreadJobOptions<unknown>) {
    this.threads = options.threads ?? 1;
    this.#name = options.name;
    this.cancelFlag = options.cancel ?? new CancelFlag();
    this.#buffer = new SharedArrayBuffer(4 * cellCount(this.threads));
    this.#cells = new Int32Array(this.#buffer);
    this.#ends = new Array<ThreadEnd | null>(this.threads).fill(null);
    let allEnded: (ends: ThreadEnd[]) => void = () => {};
    this.ended = new Promise((resolve) => { allEnded = resolve; });
    const path = options.bundle.includes('/') ? options.bundle : threadBundlePath(options.bundle);
    for (let thread = 0; thread < this.threads; thread++) {
      const ended = endedCell(this.#buffer, thread);
      if (options.closeWaitOn) waitAtClose(options.closeWaitOn, ended, options.cancelAtClose ? this.cancelFlag : undefined);
      const { port1, port2 } = new MessageChannel();
      this.#ports.push(port1);
      const wire: JobWire = {
        thread, threads: this.threads, cells: this.#buffer, cancel: this.cancelFlag.buffer, port: port2,
        maxAhead: options.maxAhead ?? null, tasks: options.tasks ?? 0,
      };
      const setup = typeof options.setup === 'function' ? (options.setup as (thread: number) => unknown)(thread) : options.setup;
      let worker: Worker;
      try {
        worker = new Worker(path, {
          workerData: { setup, job: wire } satisfies ThreadData<unknown>, transferList: [port2],
          ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
        });
      } catch (error) {
        // The threads started so far end by themselves once they see the job cancelled.
        for (let rest = thread; rest < this.threads; rest++) markCloseWaitDone(endedCell(this.#buffer, rest));
        this.cancel();
        throw error;
      }
      let failure: string | null = null;
      worker.on('error', (error) => { failure = error.message; });
      worker.on('exit', (code) => {
        // A thread that was stopped or died never set its own cell.
        markCloseWaitDone(ended);
        this.#drain(thread);
        const end = { thread, failure: failure ?? (code === 0 ? null : `exit code ${code}`) };
        this.#ends[thread] = end;
        for (const listener of this.#endListeners) listener(end);
        this.#woken();
        if (this.#ends.every((e) => e !== null)) allEnded(this.#ends as ThreadEnd[]);
      });
      this.#workers.push(worker);
    }
  }

  static start<Setup, Out, In = never>(options: ThreadJobOptions<Setup>): ThreadJob<Out, In> {
    return new ThreadJob<Out, In>(options as ThreadJobOptions<unknown>);
  }

  post(message: In, thread = 0): void {
    this.#ports[thread]!.postMessage(message);
  }

  /** Every message, as it comes, with the thread that sent it. */
  onMessage(listener: (message: Out, thread: number) => void): void {
    this.#listener = listener;
    this.#listen();
  }

  /** Listens for each thread's end; the function returned stops listening (a thread kept for many jobs). */
  onEnd(listener: (end: ThreadEnd) => void): () => void {
    this.#endListeners.add(listener);
    return () => { this.#endListeners.delete(listener); };
  }

  /**
   * Whether the threads keep the process alive (they do by default). A thread kept warm for work
   * that may come (a reading thread between documents) should not hold a command line's exit.
   */
  keepProcessAlive(alive: boolean): void {
    for (const worker of this.#workers) {
      if (alive) worker.ref();
      else worker.unref();
    }
    for (const port of this.#ports) {
      if (alive) port.ref();
      else port.unref();
    }
  }

  /**
   * The messages of every thread in the order they came, until all threads have ended; throws the
   * first thread failure. Asking for the next message says the previous one is done with (maxAhead).
   */
  async *messages(): AsyncGenerator<Out> {
    this.#listen();
    for (;;) {
      while (this.#queue.length === 0) {
        const failed = this.#ends.find((end) => end?.failure);
        if (failed) throw new ZeroMileError('internal', `${this.#name} failed: ${failed.failure}`);
        if (this.#ends.every((end) => end !== null)) return;
        await new Promise<void>((resolve) => { this.#wake = resolve; });
      }
      yield this.#queue.shift()!;
      this.#taken();
    }
  }

  /**
   * For a caller blocked in synchronous work (a rule run inside its transaction): the next message
   * of any thread, waiting at most `timeoutMs` for one; undefined if none came.
   */
  takeSync(timeoutMs: number): Out | undefined {
    const posted = Atomics.load(this.#cells, CELL.posted);
    const now = this.#receiveSync();
    if (now !== undefined) return now;
    Atomics.wait(this.#cells, CELL.posted, posted, timeoutMs);
    return this.#receiveSync();
  }

  /** Whether every thread has ended, as the threads said it (readable while blocked). */
  allEndedSync(): boolean {
    for (let thread = 0; thread < this.threads; thread++) {
      if (Atomics.load(this.#cells, CELL.firstEnded + thread) === 0) return false;
    }
    return true;
  }

  /** Tasks claimed so far (at most `tasks` plus one per thread). */
  claimedSync(): number {
    return Atomics.load(this.#cells, CELL.nextTask);
  }

  /** Sets the cancel flag and wakes threads waiting to send. */
  cancel(): void {
    this.cancelFlag.request();
    Atomics.notify(this.#cells, CELL.taken);
  }

  /**
   * Cancels, waits up to `graceMs` for the threads to end, then stops the rest. Only for threads
   * that may be stopped anywhere: one stopped inside better-sqlite3 can abort the whole process.
   */
  async stop(graceMs: number): Promise<ThreadEnd[]> {
    this.cancel();
    const timer = setTimeout(() => { for (const worker of this.#workers) void worker.terminate(); }, graceMs);
    try {
      return await this.ended;
    } finally {
      clearTimeout(timer);
    }
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    this.#ports.forEach((port, thread) => port.on('message', (message: Out) => this.#deliver(message, thread)));
  }

  #deliver(message: Out, thread: number): void {
    if (this.#listener) {
      this.#listener(message, thread);
      this.#taken();
    } else {
      this.#queue.push(message);
      this.#woken();
    }
  }

  /** What a thread posted just before it ended, which may not have been delivered yet. */
  #drain(thread: number): void {
    const port = this.#ports[thread]!;
    if (this.#listening) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) this.#deliver(m.message as Out, thread);
    }
    port.close();
  }

  #receiveSync(): Out | undefined {
    for (const port of this.#ports) {
      const received = receiveMessageOnPort(port);
      if (received) {
        this.#taken();
        return received.message as Out;
      }
    }
    return undefined;
  }

  #taken(): void {
    Atomics.add(this.#cells, CELL.taken, 1);
    Atomics.notify(this.#cells, CELL.taken);
  }

  #woken(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
