import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../../shared/errors';
import type { PushEvent } from '../../../shared/events';
import type { HandlerArgs, HandlerName, HandlerResult } from '../../../shared/handlers';
import type { HostToWorker, WorkerData, WorkerRole, WorkerToHost } from '../worker/worker-protocol';
import { isLifecycle, readerPathAfter, routeFor } from './routing';

export type CaseHostOptions = {
  /** dist/case-worker.mjs; by default the file beside this bundle. */
  workerPath?: string;
  /** An Electron-ABI better-sqlite3 build for both workers. */
  nativeBinding?: string;
};

type Pending = { resolve: (result: Result<unknown>) => void };

/** One worker thread and the calls waiting on it. */
class WorkerLink {
  readonly ready: Promise<Record<string, 'read' | 'write'>>;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #exited: string | null = null;

  constructor(path: string, data: WorkerData, onEvent: (event: PushEvent) => void) {
    this.#worker = new Worker(path, { workerData: data });
    this.ready = new Promise((resolve, reject) => {
      this.#worker.on('message', (message: WorkerToHost) => {
        switch (message.type) {
          case 'ready':
            resolve(message.modes);
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
      });
      this.#worker.on('error', (error) => {
        reject(error);
        this.#fail(`The ${data.role} case worker failed: ${error.message}`);
      });
      this.#worker.on('exit', (code) => {
        reject(new Error(`The ${data.role} case worker exited with code ${code} before it was ready.`));
        this.#fail(`The ${data.role} case worker stopped (exit code ${code}).`);
      });
    });
  }

  #fail(message: string): void {
    this.#exited ??= message;
    for (const pending of this.#pending.values()) pending.resolve({ ok: false, error: { code: 'internal', message } });
    this.#pending.clear();
  }

  call(name: string, args: unknown): Promise<Result<unknown>> {
    if (this.#exited) return Promise.resolve({ ok: false, error: { code: 'internal', message: this.#exited } });
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, { resolve });
      this.#worker.postMessage({ type: 'invoke', id, name, args } satisfies HostToWorker);
    });
  }

  async stop(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.postMessage({ type: 'shutdown' } satisfies HostToWorker);
    // A worker stuck in a long synchronous statement does not read its messages: stop it hard.
    const timer = setTimeout(() => void this.#worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Keeps the case file in worker threads, never in the calling process: a WRITER and a READER
 * worker on the same WAL file, each with its own CaseSession. Read handlers go to the reader so a
 * grid is answered while the writer imports; opening, creating and closing a case is applied to
 * both (the writer opens first). Used by Electron main and by the browser-mode server alike.
 */
export class CaseHost {
  readonly #writer: WorkerLink;
  readonly #reader: WorkerLink;
  readonly #listeners = new Set<(event: PushEvent) => void>();
  #modes: Record<string, 'read' | 'write'> = {};
  #casePath: string | null = null;
  #lifecycleQueue: Promise<unknown> = Promise.resolve();

  private constructor(options: CaseHostOptions) {
    const path = options.workerPath ?? fileURLToPath(new URL('./case-worker.mjs', import.meta.url));
    // The same cell to both: `rules:cancel` goes to the reader, which is free while a run holds the writer.
    const shared = { ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}), runCancel: new SharedArrayBuffer(4) };
    this.#writer = new WorkerLink(path, { role: 'writer', ...shared }, (event) => this.#emit(event));
    // The reader mirrors the writer's open/close; its own 'case-changed' would be a duplicate.
    this.#reader = new WorkerLink(path, { role: 'reader', ...shared }, (event) => {
      if (event.type !== 'case-changed') this.#emit(event);
    });
  }

  static async start(options: CaseHostOptions = {}): Promise<CaseHost> {
    const host = new CaseHost(options);
    try {
      const [modes] = await Promise.all([host.#writer.ready, host.#reader.ready]);
      host.#modes = modes;
    } catch (error) {
      await host.close();
      throw error;
    }
    return host;
  }

  /** Typed call for our own code (first-run demo, tests). */
  async call<K extends HandlerName>(name: K, args: HandlerArgs<K>): Promise<Result<HandlerResult<K>>> {
    return (await this.invoke(name, args)) as Result<HandlerResult<K>>;
  }

  /** Untyped entry for IPC and HTTP: the worker validates name and argument. */
  async invoke(name: unknown, args: unknown): Promise<Result<unknown>> {
    if (isLifecycle(name)) return this.#lifecycle(name, args);
    const link = routeFor(this.#modes, name) === 'read' ? this.#reader : this.#writer;
    return link.call(typeof name === 'string' ? name : String(name), args);
  }

  /**
   * The reader lets go of the file first, so the writer is the last connection on it and its
   * close checkpoints the WAL (a read-only connection cannot); then the writer acts, then the
   * reader opens whatever the writer now has open. Calls are serialised so two lifecycle calls
   * never interleave.
   */
  #lifecycle(name: 'case:open' | 'case:create' | 'case:close', args: unknown): Promise<Result<unknown>> {
    const run = async (): Promise<Result<unknown>> => {
      await this.#reader.call('case:close', {});
      const first = await this.#writer.call(name, args);
      const path = readerPathAfter(name, first, this.#casePath);
      this.#casePath = path;
      if (path === null) return first;
      const second = await this.#reader.call('case:open', { path });
      if (!second.ok) {
        // Never leave the two workers on different files.
        await this.#writer.call('case:close', {});
        this.#casePath = null;
        return second;
      }
      return first;
    };
    const next = this.#lifecycleQueue.then(run, run);
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
    this.#listeners.clear();
    // Reader first, so the writer's close is the last one and checkpoints the WAL into the file.
    await this.#reader.stop();
    await this.#writer.stop();
  }
}

export type { WorkerRole };
