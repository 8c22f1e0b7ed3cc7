import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../../shared/errors';
import type { PushEvent } from '../../../shared/events';
import type { HandlerArgs, HandlerName, HandlerResult } from '../../../shared/handlers';
import { SummaryBoard } from '../casefile/summary-status';
import { CancelFlag } from '../threads/cancel-flag';
import { ImportCancel } from '../threads/import-cancel';
import { ThreadJob } from '../threads/thread-job';
import type { HostToWorker, WorkerData, WorkerRole, WorkerToHost } from '../worker/worker-protocol';
import { isHeavyRead, isLifecycle, pickReader, readerPathAfter, routeFor, type ReaderLoad } from './routing';

export type CaseHostOptions = {
  /** dist/case-worker.mjs; by default the file beside this bundle. */
  workerPath?: string;
  /** An Electron-ABI better-sqlite3 build for every worker. */
  nativeBinding?: string;
  /** Reader workers (by default one per core, at least two, at most four). */
  readers?: number;
};

/** A shutdown that does not end a worker in this long stops it hard (it is stuck in a long statement). */
const SHUTDOWN_GRACE_MS = 5000;

/** Readers for this machine: two at least (one kept free of heavy reads), four at most. */
export function readerCount(cores = availableParallelism()): number {
  return Math.max(2, Math.min(4, cores));
}

/** One case worker thread of a job, and the calls waiting on it. */
class WorkerLink {
  readonly ready: Promise<Record<string, 'read' | 'write'>>;
  readonly load: ReaderLoad = { calls: 0, heavy: 0 };
  readonly #pending = new Map<number, { name: string; resolve: (result: Result<unknown>) => void }>();
  #nextId = 1;
  #exited: string | null = null;
  #ready: (modes: Record<string, 'read' | 'write'>) => void = () => {};

  /** Called once when the thread ends while it was meant to be running (not by shutdown): the host restarts it. */
  onDeath: (why: string) => void = () => {};
  #stopping = false;

  constructor(readonly job: ThreadJob<WorkerToHost, HostToWorker>, readonly thread: number, readonly role: WorkerRole) {
    let notReady: (error: Error) => void = () => {};
    this.ready = new Promise((resolve, reject) => { this.#ready = resolve; notReady = reject; });
    job.onEnd((end) => {
      if (end.thread !== thread) return;
      const why = end.failure ? `the ${role} case worker failed (${end.failure})` : `the ${role} case worker stopped`;
      notReady(new Error(`${why[0]!.toUpperCase()}${why.slice(1)}.`));
      const dying = !this.#stopping;
      this.#fail(why, dying);
      if (dying) this.onDeath(why);
    });
  }

  receive(message: WorkerToHost, onEvent: (event: PushEvent) => void): void {
    switch (message.type) {
      case 'ready':
        this.#ready(message.modes);
        return;
      case 'result':
        this.#pending.get(message.id)?.resolve(message.result);
        this.#pending.delete(message.id);
        return;
      case 'event':
        onEvent(message.event);
        return;
      default: {
        const never: never = message;
        throw new Error(`unknown worker message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Every call in flight gets an error naming it and saying what happened to it. */
  #fail(why: string, restarting: boolean): void {
    this.#exited ??= why;
    for (const { name, resolve } of this.#pending.values()) {
      const message = restarting
        ? `${name} did not finish: ${why} while it ran. The worker has been restarted with the case reopened; nothing of this call was kept (a write is rolled back). Try again.`
        : `${name} did not finish: ${why}.`;
      resolve({ ok: false, error: { code: 'internal', message } });
    }
    this.#pending.clear();
  }

  async call(name: string, args: unknown, heavy = false): Promise<Result<unknown>> {
    if (this.#exited) return { ok: false, error: { code: 'internal', message: `${name} was not run: ${this.#exited}.` } };
    const id = this.#nextId++;
    this.load.calls++;
    if (heavy) this.load.heavy++;
    try {
      return await new Promise((resolve) => {
        this.#pending.set(id, { name, resolve });
        this.job.post({ type: 'invoke', id, name, args }, this.thread);
      });
    } finally {
      this.load.calls--;
      if (heavy) this.load.heavy--;
    }
  }

  shutdown(): void {
    this.#stopping = true;
    if (!this.#exited) this.job.post({ type: 'shutdown' }, this.thread);
  }
}

/** Starts `threads` case workers of one role as one thread job; their links, in thread order. */
function startWorkers(path: string, role: WorkerRole, threads: number, flags: { run: CancelFlag; print: CancelFlag; imports: ImportCancel; summaries: SummaryBoard }, nativeBinding: string | undefined,
  onEvent: (event: PushEvent) => void): WorkerLink[] {
  const job = ThreadJob.start<WorkerData, WorkerToHost, HostToWorker>({
    bundle: path, name: `The ${role} case worker`, threads, cancel: flags.run,
    setup: { role, printCancel: flags.print.buffer, importCancel: flags.imports.buffer, summaryBoard: flags.summaries.buffer, ...(nativeBinding ? { nativeBinding } : {}) },
  });
  const links = Array.from({ length: threads }, (_, thread) => new WorkerLink(job, thread, role));
  job.onMessage((message, thread) => links[thread]!.receive(message, onEvent));
  return links;
}

/**
 * Keeps the case file in worker threads, never in the calling process: a WRITER and a pool of
 * READERS on the same WAL file, each with its own CaseSession. Read handlers go to a reader so a
 * grid is answered while the writer imports, and a heavy read (a statistic, a print) never to the
 * first reader, so it cannot hold the flag queue, a vehicle or search (routing.ts pickReader);
 * opening, creating and closing a case is applied to all (the writer opens first). Used by
 * Electron main and by the browser-mode server alike.
 */
export class CaseHost {
  #writer: WorkerLink;
  readonly #readers: WorkerLink[];
  readonly #listeners = new Set<(event: PushEvent) => void>();
  #modes: Record<string, 'read' | 'write'> = {};
  #casePath: string | null = null;
  #lifecycleQueue: Promise<unknown> = Promise.resolve();
  /** Lifecycle calls queued or under way: reads wait for them (invoke). */
  #lifecycleCalls = 0;
  readonly #start: (role: WorkerRole, threads: number) => WorkerLink[];
  /** Restarts under way: calls wait for them rather than meet a dead worker. */
  #restarting: Promise<void> | null = null;
  #closing = false;
  /** Workers restarted after dying, for tests and diagnostics. */
  restarts = 0;
  readonly #printCancel = new CancelFlag();

  private constructor(options: CaseHostOptions) {
    const path = options.workerPath ?? fileURLToPath(new URL('./case-worker.mjs', import.meta.url));
    // One cancel flag for every worker: `rules:cancel` goes to a reader, which is free while a run holds the writer.
    // And one summary board: the readers' overview sees what the writer's summary thread is doing.
    // The import's cancel likewise: `import:cancel` goes to a reader, and the writer reads the cell
    // between the synchronous steps of an import's end, when it reads no messages.
    const flags = { run: new CancelFlag(), print: this.#printCancel, imports: new ImportCancel(), summaries: new SummaryBoard() };
    // The readers mirror the writer's open/close; their own 'case-changed' would be a duplicate.
    this.#start = (role, threads) => startWorkers(path, role, threads, flags, options.nativeBinding,
      role === 'writer' ? (event) => this.#emit(event) : (event) => { if (event.type !== 'case-changed') this.#emit(event); });
    [this.#writer] = this.#start('writer', 1) as [WorkerLink];
    this.#readers = this.#start('reader', options.readers ?? readerCount());
    this.#writer.onDeath = () => this.#restart(null);
    this.#readers.forEach((reader, i) => { reader.onDeath = () => this.#restart(i); });
  }

  /**
   * A worker that died (an uncaught error in a library's callback, memory exhausted) is started
   * again on its own and given the case the others have open; the call it was running has been
   * answered with an error saying so (WorkerLink #fail). `reader` is the reader's index, null the writer.
   */
  #restart(reader: number | null): void {
    if (this.#closing) return;
    this.restarts++;
    const [link] = this.#start(reader === null ? 'writer' : 'reader', 1) as [WorkerLink];
    link.onDeath = () => this.#restart(reader);
    const restarted = (async () => {
      await link.ready;
      if (this.#casePath !== null) await link.call('case:open', { path: this.#casePath });
      if (reader === null) this.#writer = link;
      else this.#readers[reader] = link;
    })().catch(() => undefined);
    const previous = this.#restarting ?? Promise.resolve();
    const all = Promise.all([previous, restarted]).then(() => undefined);
    this.#restarting = all;
    void all.then(() => { if (this.#restarting === all) this.#restarting = null; });
  }

  static async start(options: CaseHostOptions = {}): Promise<CaseHost> {
    const host = new CaseHost(options);
    try {
      const [modes] = await Promise.all([host.#writer.ready, ...host.#readers.map((reader) => reader.ready)]);
      host.#modes = modes;
    } catch (error) {
      await host.close();
      throw error;
    }
    return host;
  }

  /** How many readers answer reads. */
  get readers(): number {
    return this.#readers.length;
  }

  /** Typed call for our own code (first-run demo, tests). */
  async call<K extends HandlerName>(name: K, args: HandlerArgs<K>): Promise<Result<HandlerResult<K>>> {
    return (await this.invoke(name, args)) as Result<HandlerResult<K>>;
  }

  /** Untyped entry for IPC and HTTP: the worker validates name and argument. */
  async invoke(name: unknown, args: unknown): Promise<Result<unknown>> {
    if (this.#restarting) await this.#restarting;
    if (isLifecycle(name)) return this.#lifecycle(name, args);
    const text = typeof name === 'string' ? name : String(name);
    if (routeFor(this.#modes, name) !== 'read') return this.#writer.call(text, args);
    // A read waits for an open, create or close under way: the writer says 'case-changed' as soon
    // as it has the new case, before the readers open it, and a read routed to a reader then (the
    // screen reloading on that event) answered 'no case open' (the top bar lost its case title in
    // import-drop.test.ts under load). Reads are routed at once when none is under way.
    if (this.#lifecycleCalls > 0) await this.#lifecycleQueue;
    const heavy = isHeavyRead(name);
    return this.#readers[pickReader(this.#readers.map((reader) => reader.load), heavy)]!.call(text, args, heavy);
  }

  /**
   * The readers let go of the file first, so the writer is the last connection on it and its
   * close checkpoints the WAL (a read-only connection cannot); then the writer acts, then the
   * readers open whatever the writer now has open. Calls are serialised so two lifecycle calls
   * never interleave.
   */
  #lifecycle(name: 'case:open' | 'case:create' | 'case:close', args: unknown): Promise<Result<unknown>> {
    const run = async (): Promise<Result<unknown>> => {
      await Promise.all(this.#readers.map((reader) => reader.call('case:close', {})));
      const first = await this.#writer.call(name, args);
      const path = readerPathAfter(name, first, this.#casePath);
      this.#casePath = path;
      if (path === null) return first;
      const opened = await Promise.all(this.#readers.map((reader) => reader.call('case:open', { path })));
      const second = opened.find((result) => !result.ok);
      if (second) {
        await Promise.all(this.#readers.map((reader) => reader.call('case:close', {})));
        // Never leave the workers on different files.
        await this.#writer.call('case:close', {});
        this.#casePath = null;
        return second;
      }
      return first;
    };
    this.#lifecycleCalls++;
    const next = this.#lifecycleQueue.then(run, run).finally(() => { this.#lifecycleCalls--; });
    this.#lifecycleQueue = next.catch(() => undefined);
    return next;
  }

  /** Push events of both workers on one channel; returns the unsubscribe function. */
  onEvent(listener: (event: PushEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: PushEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#listeners.clear();
    // A case report being built stops at its next step rather than hold its reader past the grace period.
    this.#printCancel.request();
    if (this.#restarting) await this.#restarting;
    // Readers first, so the writer's close is the last one and checkpoints the WAL into the file.
    // Stopping sets the shared cancel flag too: a rule run in the writer rolls back instead of being cut.
    for (const reader of this.#readers) reader.shutdown();
    // A restarted reader runs in a job of its own.
    await Promise.all([...new Set(this.#readers.map((reader) => reader.job))].map((job) => job.stop(SHUTDOWN_GRACE_MS)));
    this.#writer.shutdown();
    await this.#writer.job.stop(SHUTDOWN_GRACE_MS);
  }
}

export type { WorkerRole };
