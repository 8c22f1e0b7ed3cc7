import type { Result } from '../../../shared/errors';
import type { PushEvent } from '../../../shared/events';

/**
 * Messages between the case host (main process or web server) and a case worker thread.
 * Plain structured-clone data only.
 */
export type WorkerRole = 'writer' | 'reader';

export type WorkerData = {
  role: WorkerRole;
  /** An Electron-ABI build of better-sqlite3; the Node build otherwise. */
  nativeBinding?: string;
  /** One Int32 cell both workers share (rules/run-cancel.ts): the reader sets it, the writer's rule run reads it. */
  runCancel?: SharedArrayBuffer;
};

export type HostToWorker =
  | { type: 'invoke'; id: number; name: string; args: unknown }
  | { type: 'shutdown' };

export type WorkerToHost =
  | { type: 'ready'; modes: Record<string, 'read' | 'write'> }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: PushEvent };
