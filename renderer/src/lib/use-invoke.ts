import { useCallback, useEffect, useRef, useState } from 'react';
import type { HandlerArgs, HandlerName, HandlerResult } from '../../../shared/handlers';
import type { Message } from '../../../shared/i18n/message';
import { api } from '../api';
import { useSameContent } from './same-content';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'error'; code: string; message: string; msg?: Message }
  | { state: 'ready'; value: T };

export function errorOf(error: unknown): { code: string; message: string; msg?: Message } {
  const e = error as { code?: unknown; message?: unknown; msg?: unknown };
  const msg = e?.msg && typeof e.msg === 'object' && typeof (e.msg as Message).key === 'string' ? { msg: e.msg as Message } : {};
  return { code: typeof e?.code === 'string' ? e.code : 'internal', message: typeof e?.message === 'string' ? e.message : String(error), ...msg };
}

/**
 * Calls one handler when the key (name + args) changes; `reload` calls it again. Results that
 * arrive after the key changed are dropped, so a fast typist never sees a stale answer. A reload
 * of the same key keeps the answer on screen until the new one comes (an import finishing
 * elsewhere refreshes a screen without blanking it); so does a change of `refresh`.
 */
export function useInvoke<K extends HandlerName>(name: K, args: HandlerArgs<K> | null, refresh = 0): [Loadable<HandlerResult<K>>, () => void] {
  const [result, setResult] = useState<Loadable<HandlerResult<K>>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const request = useSameContent({ name, args });
  const answered = useRef<unknown>(null);
  useEffect(() => {
    if (request.args === null) return;
    let live = true;
    if (answered.current !== request) setResult({ state: 'loading' });
    api.invoke(request.name, request.args).then(
      (value) => { if (live) { answered.current = request; setResult({ state: 'ready', value }); } },
      (error: unknown) => { if (live) setResult({ state: 'error', ...errorOf(error) }); },
    );
    return () => { live = false; };
  }, [request, tick, refresh]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return [result, reload];
}
