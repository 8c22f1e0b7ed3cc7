/**
 * Error codes that travel to the renderer and the CLI. Every failure the user can meet has one,
 * with a message that says what happened and, where it helps, what to do.
 */
export type ErrorCode =
  | 'case_not_found' | 'case_exists' | 'case_from_future' | 'not_a_case_file' | 'case_damaged' | 'case_busy'
  | 'case_not_open' | 'file_refused' | 'file_not_found' | 'bad_argument' | 'unknown_handler'
  | 'not_found' | 'cancelled' | 'forbidden' | 'internal';

export class ZeroMileError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ZeroMileError';
    this.code = code;
  }
}

export type WireError = { code: ErrorCode; message: string };
export type Result<T> = { ok: true; value: T } | { ok: false; error: WireError };

export function toWireError(error: unknown): WireError {
  if (error instanceof ZeroMileError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
