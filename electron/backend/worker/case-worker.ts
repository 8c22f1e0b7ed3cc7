import { parentPort, workerData } from 'node:worker_threads';
import type { PushEvent } from '../../../shared/events';
import { HANDLERS } from '../handlers/index';
import { dispatch, type HandlerContext } from '../handlers/handler-table';
import { RunCancel } from '../rules/run-cancel';
import { CaseSession } from '../session/case-session';
import type { HostToWorker, WorkerData, WorkerToHost } from './worker-protocol';

/**
 * A case worker thread: its own CaseSession on the case file, so better-sqlite3's synchronous
 * work never blocks the main process. The host runs one writer and one reader on the same file
 * (WAL lets the reader answer grids while the writer imports).
 */
const port = parentPort;
if (!port) throw new Error('case-worker must run in a worker thread');
const data = workerData as WorkerData;

// The reader opens read-only: a stray write through it would fail loudly instead of racing the writer.
const session = new CaseSession({
  ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
  readonly: data.role === 'reader',
});

function post(message: WorkerToHost): void {
  port!.postMessage(message);
}

function emit(event: PushEvent): void {
  post({ type: 'event', event });
}

const runCancel = data.runCancel ? new RunCancel(data.runCancel) : undefined;

function context(signal: AbortSignal): HandlerContext {
  return { session, caseFile: () => session.require(), emit, signal, ...(runCancel ? { runCancel } : {}) };
}

// Writes run one at a time: an import holds a transaction across its awaits, and another write
// slipping in between would land inside it. import:cancel skips the queue so it can reach the
// import it cancels.
const QUEUE_BYPASS = new Set(['import:cancel']);
let queue: Promise<unknown> = Promise.resolve();
const running = new Set<AbortController>();

async function run(id: number, name: string, args: unknown): Promise<void> {
  const controller = new AbortController();
  running.add(controller);
  try {
    const result = await dispatch(HANDLERS, context(controller.signal), name, args);
    post({ type: 'result', id, result });
  } finally {
    running.delete(controller);
  }
}

port.on('message', (message: HostToWorker) => {
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
      void queue.finally(() => {
        session.close();
        port.close();
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
post({ type: 'ready', modes });
