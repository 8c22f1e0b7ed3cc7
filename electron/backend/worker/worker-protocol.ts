import type { Result } from '../../../shared/errors';
import type { PushEvent } from '../../../shared/events';

/**
 * Messages between the case host (main process or web server) and a case worker thread, over the
 * thread job's port (threads/thread-job.ts). Plain structured-clone data only.
 */
export type WorkerRole = 'writer' | 'reader';

/**
 * A case worker's setup. The job's cancel flag is the rule run's: the host gives the writer's job
 * and the readers' the same one, so `rules:cancel` on a reader stops the run that holds the writer.
 */
export type WorkerData = {
  role: WorkerRole;
  /** An Electron-ABI build of better-sqlite3; the Node build otherwise. */
  nativeBinding?: string;
  /**
   * The print cancel flag (a CancelFlag's buffer), shared by every worker: `print:cancel` on any
   * reader, or the host's shutdown, stops a case report being built on another.
   */
  printCancel?: SharedArrayBuffer;
  /** The import's cancel cell (threads/import-cancel.ts), shared likewise: `import:cancel` on a reader stops the writer's import. */
  importCancel?: SharedArrayBuffer;
  /**
   * The run summary board (casefile/summary-status.ts), shared likewise: the writer starts a run's
   * summary thread, the readers answer the overview and must know whether it runs or failed.
   */
  summaryBoard?: SharedArrayBuffer;
};

export type HostToWorker =
  | { type: 'invoke'; id: number; name: string; args: unknown }
  | { type: 'shutdown' };

export type WorkerToHost =
  | { type: 'ready'; modes: Record<string, 'read' | 'write'> }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: PushEvent };
