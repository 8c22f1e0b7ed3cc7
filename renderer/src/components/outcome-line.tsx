import { useI18n, type I18n } from '../i18n/i18n';
import { failureText, type Failure } from '../lib/failure-text';
import { useInvoke } from '../lib/use-invoke';

/**
 * What the last print, save or export said: working, where it went, or why it failed. The text is
 * made when drawn, so it follows a switch of language ("Saved to…" stayed English after one).
 */
export type Said = (i18n: I18n) => string;
export type Outcome = { kind: 'working' } | { kind: 'saved'; text: Said } | { kind: 'failed'; text: Said } | { kind: 'exists'; path: string } | null;

/** A print, save or export that failed, saying why in the reader's language (failure-text.ts). */
export const failedOutcome = (error: Failure): Outcome => ({ kind: 'failed', text: (i) => i.t('print.failed', { message: failureText(i, error) }) });

/** A save refused because a file is already at the path ('file_exists'): the caller asks before replacing it (ReplaceQuestion). */
export const existsOutcome = (error: { code: string }, path: string | undefined): Outcome | undefined =>
  (error.code === 'file_exists' && path ? { kind: 'exists', path } : undefined);

export function OutcomeLine({ outcome }: { outcome: Outcome }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (!outcome || outcome.kind === 'exists') return null;
  if (outcome.kind === 'working') return <p className="muted" role="status" aria-busy="true">{t('print.working')}</p>;
  return <p className={outcome.kind === 'saved' ? 'notice' : 'notice-error'} role={outcome.kind === 'saved' ? 'status' : 'alert'} data-outcome={outcome.kind}>{outcome.text(i18n)}</p>;
}

/** The case title and path, for the file names and folder offered. */
export function useCaseNaming(): { title: string; path: string; ready: boolean } {
  const [current] = useInvoke('case:current', {});
  return current.state === 'ready' && current.value ? { title: current.value.title, path: current.value.path, ready: true } : { title: 'case', path: '', ready: current.state !== 'loading' };
}

/**
 * "That file exists: replace it?" under a save's path. Nothing is written over a file the analyst
 * did not agree to lose; Keep it leaves the file and goes back to the path to choose another name.
 */
export function ReplaceQuestion({ path, onReplace, onKeep }: { path: string; onReplace: () => void; onKeep: () => void }) {
  const { t } = useI18n();
  return (
    <div className="notice-error" role="alert" data-outcome="exists">
      <p style={{ margin: 0, overflowWrap: 'anywhere' }}>{t('export.exists', { path })}</p>
      <div className="toolbar">
        <button type="button" onClick={onKeep} autoFocus>{t('export.keep')}</button>
        <button type="button" onClick={onReplace}>{t('export.replace')}</button>
      </div>
    </div>
  );
}
