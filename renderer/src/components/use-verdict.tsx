import { useState, type ReactNode } from 'react';
import type { FlagRow, ReviewStatus } from '../../../shared/contract/flags';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { errorOf } from '../lib/use-invoke';
import { DismissDialog } from './verdict-dialog';

export type VerdictKey = 'c' | 'd' | 'f' | 'o';
export const VERDICT_KEYS: Readonly<Record<VerdictKey, ReviewStatus>> = { c: 'confirmed', d: 'dismissed', f: 'follow_up', o: 'open' };

/** The verdict a key gives, if it is a verdict key (either case, no modifier). */
export function verdictOfKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): ReviewStatus | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  return VERDICT_KEYS[e.key.toLowerCase() as VerdictKey] ?? null;
}

/**
 * Records verdicts on one flag or several (one reason for all); dismissing first asks for the
 * reason. `onSaved` gets each flag with its new status so a grid can update the row in place;
 * `onDone` runs once the verdict is given or the dialog cancelled, so the screen can put the
 * keyboard focus back where the analyst was.
 */
export function useVerdict(onSaved: (flag: FlagRow) => void, onDone?: () => void): { decide(flags: FlagRow | FlagRow[], status: ReviewStatus): void; dialog: ReactNode; notice: ReactNode } {
  const { t } = useI18n();
  const [asking, setAsking] = useState<FlagRow[] | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (flags: FlagRow[], status: ReviewStatus, reason?: string) => {
    let saved = 0;
    try {
      for (const flag of flags) {
        await api.invoke('review:set', { flag_key: flag.flag_key, status, ...(reason ? { reason } : {}) });
        saved++;
        onSaved({ ...flag, status });
      }
      setNotice({ ok: true, text: flags.length === 1 ? t('verdict.saved', { status: t(`status.${status}`) }) : t('verdict.saved_many', { status: t(`status.${status}`), count: saved }) });
    } catch (e) {
      const message = errorOf(e).message;
      setNotice({ ok: false, text: saved > 0 ? t('verdict.saved_part', { count: saved, total: flags.length, message }) : message });
    }
  };
  const decide = (one: FlagRow | FlagRow[], status: ReviewStatus) => {
    const flags = Array.isArray(one) ? one : [one];
    if (flags.length === 0) return;
    if (status === 'dismissed') setAsking(flags);
    else void save(flags, status).then(() => onDone?.());
  };
  const dialog = asking && (
    <DismissDialog subject={asking.length === 1 ? asking[0]!.vin ?? asking[0]!.flag_key : t('verdict.n_flags', { count: asking.length })}
      onCancel={() => { setAsking(null); onDone?.(); }}
      onSave={(reason) => { setAsking(null); onDone?.(); void save(asking, 'dismissed', reason); }} />
  );
  const noticeNode = notice && <p className={notice.ok ? 'notice' : 'notice notice-error'} role={notice.ok ? 'status' : 'alert'}>{notice.text}</p>;
  return { decide, dialog, notice: noticeNode };
}

/** The verdict buttons; `keys` shows the key of each where the screen's keys act on this flag. */
export function VerdictButtons({ flag, decide, keys = true }: { flag: FlagRow | FlagRow[] | null; decide: (flag: FlagRow | FlagRow[], status: ReviewStatus) => void; keys?: boolean }) {
  const { t } = useI18n();
  const empty = !flag || (Array.isArray(flag) && flag.length === 0);
  const button = (status: ReviewStatus, label: string, key: string) => (
    <button type="button" disabled={empty} aria-label={label} title={keys ? `${label} (${key})` : label} onClick={() => flag && decide(flag, status)}>
      {label}{keys && <> <kbd>{key}</kbd></>}
    </button>
  );
  return (
    <span className="verdict-buttons">
      {button('confirmed', t('verdict.confirm'), 'c')}
      {button('dismissed', t('verdict.dismiss'), 'd')}
      {button('follow_up', t('verdict.follow_up'), 'f')}
      {button('open', t('verdict.reopen'), 'o')}
    </span>
  );
}
