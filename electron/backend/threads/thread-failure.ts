import { ZeroMileError, type ErrorCode } from '../../../shared/errors';
import type { Message } from '../../../shared/i18n/message';
import { refusal } from '../../../shared/refusal';

/** Why a thread's work failed, as it crosses to the starting side: the error's code, text and message. */
export type ThreadFailure = { type: 'failed'; code: ErrorCode; message: string; msg?: Message };

/** On the thread: the failure to send; an error that is not a refusal is 'could not be read' of `file`. */
export function threadFailure(error: unknown, file: string): ThreadFailure {
  const failure = error instanceof ZeroMileError ? error : refusal('internal', 'refusal.read_failed', { file, detail: (error as Error).message });
  return { type: 'failed', code: failure.code, message: failure.message, ...(failure.msg ? { msg: failure.msg } : {}) };
}

/** On the starting side: the error the thread failed with, as it was thrown there. */
export function failureError(failure: ThreadFailure): ZeroMileError {
  return new ZeroMileError(failure.code, failure.message, failure.msg);
}
