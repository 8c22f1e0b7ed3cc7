import { useState, type ReactNode } from 'react';
import type { FlagRow, ReviewStatus } from '../../../shared/contract/flags';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { errorOf } from '../lib/use-invoke';
import { DismissDialog } from './verdict-dialog';

export type VerdictKey = 'c' | 'd' | 'f' | 'o';
export const VERDICT_KEYS: Readonly<Record<VerdictKey, ReviewStatus>> = { c: 'confirmed', d: 'dismissed', f: 'follow_up', o: 'open' };

/**
 * Records verdicts; dismissing first asks for the reason. `onSaved` gets the flag with its new
 * status so a grid can update the row in place.
 */
export function useVerdict(onSaved: (flag: FlagRow) => void): { decide(flag: FlagRow, status: ReviewStatus): void; dialog: ReactNode; notice: ReactNode } {
  const { t } = useI18n();
  const [asking, setAsking] = useState<FlagRow | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const save = (flag: FlagRow, status: ReviewStatus, reason?: string) => {
    api.invoke('review:set', { flag_key: flag.flag_key, status, ...(reason ? { reason } : {}) }).then(
      () => {
        setNotice({ ok: true, text: t('verdict.saved', { status: t(`status.${status}`) }) });
        onSaved({ ...flag, status });
      },
      (e: unknown) => setNotice({ ok: false, text: errorOf(e).message }),
    );
  };
  const decide = (flag: FlagRow, status: ReviewStatus) => {
    if (status === 'dismissed') setAsking(flag);
    else save(flag, status);
  };
  const dialog = asking && (
    <DismissDialog subject={asking.vin ?? asking.flag_key}
      onCancel={() => setAsking(null)}
      onSave={(reason) => { save(asking, 'dismissed', reason); setAsking(null); }} />
  );
  const noticeNode = notice && <p className={notice.ok ? 'notice' : 'notice notice-error'} role={notice.ok ? 'status' : 'alert'}>{notice.text}</p>;
  return { decide, dialog, notice: noticeNode };
}

export function VerdictButtons({ flag, decide }: { flag: FlagRow | null; decide: (flag: FlagRow, status: ReviewStatus) => void }) {
  const { t } = useI18n();
  const button = (status: ReviewStatus, label: string, key: string) => (
    <button type="button" disabled={!flag} aria-label={label} title={`${label} (${key})`} onClick={() => flag && decide(flag, status)}>
      {label} <kbd>{key}</kbd>
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
