import { useRef, useState, type ReactNode } from 'react';
import type { FlagRow, ReviewStatus } from '../../../shared/contract/flags';
import type { PreviousVerdict } from '../../../shared/contract/review';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { byAnalyst } from '../lib/session-analyst';
import { errorOf } from '../lib/use-invoke';
import { ConfirmManyDialog, DismissDialog } from './verdict-dialog';

export type VerdictKey = 'c' | 'd' | 'f' | 'o';
export const VERDICT_KEYS: Readonly<Record<VerdictKey, ReviewStatus>> = { c: 'confirmed', d: 'dismissed', f: 'follow_up', o: 'open' };

/** The verdict a key gives, if it is a verdict key (either case, no modifier). */
export function verdictOfKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): ReviewStatus | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  return VERDICT_KEYS[e.key.toLowerCase() as VerdictKey] ?? null;
}

type Notice = { ok: boolean; text: string };
type Undo = { flag: FlagRow; previous: PreviousVerdict }[];
type Asking = { flags: FlagRow[]; status: ReviewStatus };

/**
 * Records verdicts on one flag or several (one reason for all, in one transaction); dismissing
 * first asks for the reason, a verdict on several rows first asks to confirm. The last verdict can
 * be undone (each flag back to the verdict it had). `onSaved` gets each flag with its new status so
 * a grid can update the row in place; `onDone` runs once the verdict is given or the dialog
 * cancelled, so the screen can put the keyboard focus back where the analyst was; `onGiven`
 * once a verdict is saved (a queue then clears its selection).
 */
export function useVerdict(onSaved: (flag: FlagRow) => void, onDone?: () => void, onGiven?: (flags: FlagRow[]) => void): {
  decide(flags: FlagRow | FlagRow[], status: ReviewStatus): void; undo(): void; dialog: ReactNode; notice: ReactNode;
} {
  const { t } = useI18n();
  const [asking, setAsking] = useState<Asking | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const undoable = useRef<Undo | null>(null);
  const [canUndo, setCanUndo] = useState(false);
  const apply = async (changes: { flag: FlagRow; status: ReviewStatus; reason?: string | null }[]): Promise<Undo> => {
    const done = await api.invoke('review:set-many', {
      verdicts: changes.map((c) => ({ flag_key: c.flag.flag_key, status: c.status, ...(c.reason ? { reason: c.reason } : {}) })),
      ...byAnalyst(),
    });
    for (const c of changes) onSaved({ ...c.flag, status: c.status });
    return changes.map((c, i) => ({ flag: c.flag, previous: done[i]!.previous }));
  };
  const save = async (flags: FlagRow[], status: ReviewStatus, reason?: string) => {
    try {
      undoable.current = await apply(flags.map((flag) => ({ flag, status, reason: reason ?? null })));
      setCanUndo(true);
      onGiven?.(flags);
      const name = t(`status.${status}`);
      setNotice({ ok: true, text: flags.length === 1 ? t('verdict.saved', { status: name }) : t('verdict.saved_many', { status: name, count: flags.length }) });
    } catch (e) {
      // One transaction: none of the flags changed.
      setNotice({ ok: false, text: t('verdict.failed', { count: flags.length, message: errorOf(e).message }) });
    }
  };
  const undo = () => {
    const last = undoable.current;
    // Kept in this page's memory only: after a reload (or once undone) there is nothing, and that is said.
    if (!last) {
      setNotice({ ok: true, text: t('verdict.nothing_to_undo') });
      return;
    }
    undoable.current = null;
    setCanUndo(false);
    apply(last.map((u) => ({ flag: u.flag, status: u.previous.status, reason: u.previous.reason })))
      .then(() => setNotice({ ok: true, text: t('verdict.undone', { count: last.length }) }),
        (e: unknown) => setNotice({ ok: false, text: errorOf(e).message }))
      .finally(() => onDone?.());
  };
  const decide = (one: FlagRow | FlagRow[], status: ReviewStatus) => {
    const flags = Array.isArray(one) ? one : [one];
    if (flags.length === 0) return;
    // Dismissing asks for the reason (its dialog names how many flags); several flags ask to confirm.
    if (status === 'dismissed' || flags.length > 1) setAsking({ flags, status });
    else void save(flags, status).then(() => onDone?.());
  };
  const close = () => { setAsking(null); onDone?.(); };
  const dialog = asking && (asking.status === 'dismissed'
    ? <DismissDialog subject={asking.flags.length === 1 ? asking.flags[0]!.vin ?? asking.flags[0]!.flag_key : t('verdict.n_flags', { count: asking.flags.length })}
        onCancel={close} onSave={(reason) => { close(); void save(asking.flags, 'dismissed', reason); }} />
    : <ConfirmManyDialog count={asking.flags.length} status={asking.status}
        onCancel={close} onConfirm={() => { close(); void save(asking.flags, asking.status); }} />);
  const noticeNode = notice && (
    <p className={notice.ok ? 'notice' : 'notice notice-error'} role={notice.ok ? 'status' : 'alert'}>
      {notice.text}
      {notice.ok && canUndo && <> <button type="button" className="link" onClick={undo}>{t('verdict.undo')} <kbd>u</kbd></button></>}
    </p>
  );
  return { decide, undo, dialog, notice: noticeNode };
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
