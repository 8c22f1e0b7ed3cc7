import type { PushEvent } from '../../../shared/events';
import { HANDLERS } from '../handlers/index';
import { dispatch, type HandlerContext } from '../handlers/handler-table';
import { useSharedSummaryBoard } from '../casefile/summary-status';
import { closeReadingThread } from '../documents/warm-reading-thread';
import { CaseSession } from '../session/case-session';
import { CancelFlag } from '../threads/cancel-flag';
import { ImportCancel } from '../threads/import-cancel';
import { runInThread } from '../threads/in-thread';
import type { HostToWorker, WorkerData, WorkerToHost } from './worker-protocol';

/**
 * A case worker thread: its own CaseSession on the case file, so better-sqlite3's synchronous
 * work never blocks the main process. The host runs one writer and a pool of readers on the same
 * file (WAL lets the readers answer grids while the writer imports). The thread ends once the
 * host's shutdown has closed its session.
 */
runInThread<WorkerData, WorkerToHost, HostToWorker>((job) => new Promise<void>((finished) => {
  const data = job.setup;
  if (data.summaryBoard) useSharedSummaryBoard(data.summaryBoard);
  // A reader opens read-only: a stray write through it would fail loudly instead of racing the writer.
  const session = new CaseSession({
    ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
    readonly: data.role === 'reader',
  });
  const emit = (event: PushEvent) => job.send({ type: 'event', event });
  const printCancel = data.printCancel ? new CancelFlag(data.printCancel) : null;
  const importCancel = data.importCancel ? new ImportCancel(data.importCancel) : null;
  const context = (signal: AbortSignal): HandlerContext => ({
    session, caseFile: () => session.require(), emit, signal, runCancel: job.cancel,
    ...(printCancel ? { printCancel } : {}), ...(importCancel ? { importCancel } : {}),
  });

  // Writes run one at a time: an import holds a transaction across its awaits, and another write
  // slipping in between would land inside it. import:cancel is a read (a reader sets the shared
  // cell the import checks); were it sent here, it skips the queue so it can reach the import.
  const QUEUE_BYPASS = new Set(['import:cancel']);
  let queue: Promise<unknown> = Promise.resolve();
  const running = new Set<AbortController>();

  async function run(id: number, name: string, args: unknown): Promise<void> {
    const controller = new AbortController();
    running.add(controller);
    // Fault injection for the restart test: this thread dies while the call is in flight, as when an
    // uncaught error in a library's callback killed the writer for good (issue 17 item 6).
    if (process.env.ZEROMILE_FAULT_CRASH === name) setImmediate(() => { throw new Error(`fault injected into ${name}`); });
    try {
      const result = await dispatch(HANDLERS, context(controller.signal), name, args);
      job.send({ type: 'result', id, result });
    } finally {
      running.delete(controller);
    }
  }

  job.onMessage((message) => {
    switch (message.type) {
      case 'invoke': {
        const { id, name, args } = message;
        if (QUEUE_BYPASS.has(name) || data.role === 'reader') {
          void run(id, name, args);
        } else {
          queue = queue.then(() => run(id, name, args));
        }
        return;
      }
      case 'shutdown':
        for (const controller of running) controller.abort();
        void queue.finally(async () => {
          session.close();
          await closeReadingThread();
          finished();
        });
        return;
      default: {
        const never: never = message;
        throw new Error(`unknown message ${JSON.stringify(never)}`);
      }
    }
  });

  const modes: Record<string, 'read' | 'write'> = {};
  for (const [name, def] of HANDLERS) modes[name] = def.mode;
  job.send({ type: 'ready', modes });
}));
