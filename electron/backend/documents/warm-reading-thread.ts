import { ThreadJob, type ThreadEnd } from '../threads/thread-job';
import type { DocumentThreadMessage, DocumentThreadTask } from './document-thread';
import { ReadingScratch } from './reading-scratch';

/**
 * How long a reading thread is kept with nothing to read. Starting one and loading pdfjs in it
 * costs about 0.7 s a document on this 2-core machine (a folder of 1,000 one-page PDFs paid some 12
 * minutes for it); an analyst drops the next batch, or opens the next page to review, within this.
 */
export const READING_THREAD_IDLE_MS = 60_000;
/**
 * The reading thread's JavaScript heap. pdfjs keeps a page's operators and text items there; a
 * page that would grow past this ends its thread (and is kept with a warning), not the process.
 */
const READING_HEAP_MB = 1024;

export type ReadingThread = ThreadJob<DocumentThreadMessage, DocumentThreadTask>;

/**
 * The warm reading thread of the calling thread (the case's writer for imports, a reader for the
 * review panel's page images): dist/document-worker.mjs started once and kept between documents,
 * of one import and of the next, until it has been idle READING_THREAD_IDLE_MS or the case closes.
 * A thread whose page was stopped (out of time, out of memory, cancelled) is never given back: its
 * pdfjs may be anywhere, so it is stopped and the next reading starts a fresh one.
 */
class WarmReadingThread {
  #idle: { thread: ReadingThread; timer: NodeJS.Timeout; off: () => void } | null = null;
  /** Tuning and tests: how long an idle thread is kept (0: not kept, a thread a document as before). */
  idleMs = READING_THREAD_IDLE_MS;
  /** Threads started so far (tests and the bench count them). */
  started = 0;

  /** The idle thread if there is one, else a fresh one. The caller gives it back (keep) or stops it (discard). */
  take(): ReadingThread {
    const idle = this.#idle;
    this.#idle = null;
    if (idle) {
      clearTimeout(idle.timer);
      idle.off();
      idle.thread.keepProcessAlive(true);
      return idle.thread;
    }
    this.started++;
    return ThreadJob.start<null, DocumentThreadMessage, DocumentThreadTask>({
      bundle: 'document-worker.mjs', name: 'The reading thread', setup: null,
      resourceLimits: { maxOldGenerationSizeMb: READING_HEAP_MB },
    });
  }

  /** A thread that finished its work cleanly: kept for the next, unless one is kept already. */
  keep(thread: ReadingThread): void {
    if (this.#idle || this.idleMs <= 0) {
      void thread.stop(0);
      return;
    }
    // Idle, it holds neither a command line's exit nor a test run's.
    thread.keepProcessAlive(false);
    const timer = setTimeout(() => { void this.close(); }, this.idleMs);
    timer.unref();
    // A thread that ends while idle (it should not) is not handed out again.
    const off = thread.onEnd(() => {
      if (this.#idle?.thread !== thread) return;
      clearTimeout(timer);
      this.#idle = null;
    });
    this.#idle = { thread, timer, off };
  }

  /** A thread stopped mid-work (a page past its time, a cancel) or ended: stopped for good. */
  discard(thread: ReadingThread): Promise<void> {
    return thread.stop(0).then(() => undefined);
  }

  /**
   * A task over: the thread kept warm if it finished cleanly, else stopped; either way the task's
   * scratch cleaned up after (a child run for the stopped thread is killed and waited for).
   */
  async give(thread: ReadingThread, warm: boolean, scratch: ReadingScratch): Promise<void> {
    if (warm) this.keep(thread);
    else await this.discard(thread);
    await scratch.end();
  }

  /** Stops the idle thread, if any (the case closed, or it was idle long enough). */
  async close(): Promise<void> {
    const idle = this.#idle;
    this.#idle = null;
    if (!idle) return;
    clearTimeout(idle.timer);
    idle.off();
    await idle.thread.stop(0);
  }
}

export const warmReadingThread = new WarmReadingThread();

/** Stops the kept reading thread: when the case closes, or the process's work ends. */
export function closeReadingThread(): Promise<void> {
  return warmReadingThread.close();
}

/**
 * One task on the warm reading thread (a document read from a page on, a page drawn): the thread
 * taken, a scratch for it, the cancel signal and the thread's end listened for, a time bound, and
 * one way out, `finish`, which gives the thread back warm or stops it, then cleans the scratch up.
 */
export class ReadingTask {
  readonly thread = warmReadingThread.take();
  readonly scratch = new ReadingScratch();
  #over = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #offEnd: () => void;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: () => void;

  /** `aborted` when the signal fires, `ended` when the thread ends under the task (out of memory): each should finish it. */
  constructor(signal: AbortSignal | undefined, on: { aborted: () => void; ended: (end: ThreadEnd) => void }) {
    this.#offEnd = this.thread.onEnd(on.ended);
    this.#signal = signal;
    this.#onAbort = on.aborted;
    signal?.addEventListener('abort', on.aborted, { once: true });
  }

  /** The thread's messages while the task lasts; pdftoppm it asks for is run by the scratch and answered. */
  onMessage(listener: (message: Exclude<DocumentThreadMessage, { type: 'pdftoppm' }>) => void): void {
    this.thread.onMessage((message) => {
      if (this.#over) return;
      if (message.type === 'pdftoppm') {
        void this.scratch.pdftoppm(message.args).then((ok) => {
          if (!this.#over) this.thread.post({ type: 'pdftoppm_done', id: message.id, ok });
        });
      } else listener(message);
    });
  }

  /** Calls `then` after `ms` unless the task is over first; a later call replaces the earlier. */
  bound(ms: number, then: () => void): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(then, Math.max(0, ms));
  }

  /** Once: the thread given back (warm) or stopped, the scratch cleaned up, then `settle`. */
  finish(warm: boolean, settle: () => void): void {
    if (this.#over) return;
    this.#over = true;
    clearTimeout(this.#timer);
    this.#offEnd();
    this.#signal?.removeEventListener('abort', this.#onAbort);
    void warmReadingThread.give(this.thread, warm, this.scratch).then(settle);
  }
}
