import type { HandlerContext } from '../../electron/backend/handlers/handler-table';
import { CaseSession } from '../../electron/backend/session/case-session';

/**
 * A case opened as a worker opens it, with the context its handlers are called with (dispatch):
 * what the app and browser mode run, without the threads.
 */
export function handlerSession(path: string): { session: CaseSession; ctx: HandlerContext } {
  const session = new CaseSession();
  session.open(path);
  return { session, ctx: { session, caseFile: () => session.require(), emit: () => {}, signal: new AbortController().signal } };
}
