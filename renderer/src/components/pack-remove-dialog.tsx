import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PackFlagCount, PackView } from '../../../shared/contract/rule-packs';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { ErrorBox } from './messages';
import { errorOf } from '../lib/use-invoke';

/**
 * Asks before a rule pack is removed, naming it and what becomes of what it did: the next rule
 * run leaves it out; the flags earlier runs raised from it (counted here) stay as evidence, their
 * sheets saying the pack was removed; it can be restored, or imported again. Cancel has the focus:
 * Enter pressed as the dialog shows removes nothing.
 */
export function PackRemoveDialog({ pack, onRemove, onCancel }: { pack: PackView; onRemove: () => Promise<void>; onCancel: () => void }) {
  const { t, lang, num } = useI18n();
  const [count, setCount] = useState<PackFlagCount | null>(null);
  const [error, setError] = useState<ReturnType<typeof errorOf> | null>(null);
  const [busy, setBusy] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => cancel.current?.focus(), []);
  useEffect(() => {
    let live = true;
    api.invoke('packs:flag-count', { pack_id: pack.id }).then((c) => { if (live) setCount(c); }, (e: unknown) => { if (live) setError(errorOf(e)); });
    return () => { live = false; };
  }, [pack.id]);
  const title = t('packs.remove_title', { id: pack.id, name: pack.pack.name[lang] });
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await onRemove();
    } catch (e) {
      setError(errorOf(e));
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape') onCancel(); }}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title}>
        <h2>{title}</h2>
        <p>{t('packs.remove_next_runs', { clauses: num(pack.pack.clauses.length) })}</p>
        <p data-testid="pack-remove-flags">{count === null ? t('common.loading') : t('packs.remove_flags', { flags: num(count.flags), runs: num(count.runs) })}</p>
        <p className="muted small">{t('packs.remove_undo', { id: pack.id })}</p>
        {error && <ErrorBox code={error.code} message={error.message} msg={error.msg} />}
        <div className="modal-actions">
          <button ref={cancel} type="button" onClick={onCancel}>{t('common.cancel')}</button>
          <button type="button" className="primary danger" disabled={busy} onClick={() => void remove()}>{t('packs.remove_confirm', { id: pack.id })}</button>
        </div>
      </div>
    </div>
  );
}
