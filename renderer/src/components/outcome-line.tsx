import { useI18n, type I18n } from '../i18n/i18n';
import { useInvoke } from '../lib/use-invoke';

/**
 * What the last print, save or export said: working, where it went, or why it failed. The text is
 * made when drawn, so it follows a switch of language ("Saved to…" stayed English after one).
 */
export type Said = (i18n: I18n) => string;
export type Outcome = { kind: 'working' } | { kind: 'saved'; text: Said } | { kind: 'failed'; text: Said } | null;

export function OutcomeLine({ outcome }: { outcome: Outcome }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (!outcome) return null;
  if (outcome.kind === 'working') return <p className="muted" role="status" aria-busy="true">{t('print.working')}</p>;
  return <p className={outcome.kind === 'saved' ? 'notice' : 'notice-error'} role={outcome.kind === 'saved' ? 'status' : 'alert'} data-outcome={outcome.kind}>{outcome.text(i18n)}</p>;
}

/** The case title and path, for the file names and folder offered. */
export function useCaseNaming(): { title: string; path: string; ready: boolean } {
  const [current] = useInvoke('case:current', {});
  return current.state === 'ready' && current.value ? { title: current.value.title, path: current.value.path, ready: true } : { title: 'case', path: '', ready: current.state !== 'loading' };
}
