import { z } from 'zod';
import { readCaseMeta } from '../casefile/meta';
import type { HandlerContext } from './handler-table';

/**
 * The session's analyst name, sent with each change (verdict, note, tag, saved filter): one line,
 * no control or bidi characters, since it is the audit log's actor and printed as such.
 */
// eslint-disable-next-line no-control-regex
export const analystArg = { analyst: z.string().trim().max(100).regex(/^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/, 'a name on one line').optional() };

/** The session's analyst if the UI set one, else the case's analyst property. */
export function sessionAnalyst(ctx: HandlerContext, named: string | undefined): string | null {
  return named || (readCaseMeta(ctx.caseFile().db).analyst ?? null);
}
