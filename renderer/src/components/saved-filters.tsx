import { useState } from 'react';
import type { GridSort } from '../../../shared/contract/grids';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { queueKey, rememberQueue } from '../lib/queue-memory';
import { navigate } from '../lib/route';
import { byAnalyst } from '../lib/session-analyst';
import { errorOf, useInvoke } from '../lib/use-invoke';

/**
 * The queue's named filters, kept in the case file: choose one to open the queue with its filter
 * and sort; save the filter on screen under a name; delete one. Deleting, and saving under a name
 * another filter already has (which replaces it), ask first: neither can be undone.
 */
export function SavedFilters({ query, sort }: { query: Record<string, string>; sort: () => GridSort | null }) {
  const { t } = useI18n();
  const [filters, reload] = useInvoke('filters:list', {});
  const [naming, setNaming] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ what: 'delete' | 'replace'; name: string } | null>(null);
  const list = filters.state === 'ready' ? filters.value : [];
  const current = list.find((f) => queueKey(f.query) === queueKey(query));
  const open = (name: string) => {
    const chosen = list.find((f) => f.name === name);
    if (!chosen) return;
    // The saved sort goes with it: the queue opens sorted as it was saved.
    rememberQueue(chosen.query, { sort: chosen.sort, row: 0, top: 0 });
    navigate({ screen: 'flags', query: chosen.query });
  };
  const save = (name: string) => {
    setAsking(null);
    api.invoke('filters:save', { name, query, sort: sort(), ...byAnalyst() })
      .then(() => { setNaming(null); setProblem(null); reload(); }, (e: unknown) => setProblem(errorOf(e).message));
  };
  // A name in use by a filter that differs (another query or sort) would be replaced: ask first.
  const trySave = (name: string) => {
    const taken = list.find((f) => f.name === name);
    const same = taken && queueKey(taken.query) === queueKey(query) && JSON.stringify(taken.sort ?? null) === JSON.stringify(sort() ?? null);
    if (taken && !same) setAsking({ what: 'replace', name });
    else save(name);
  };
  const remove = (name: string) => {
    setAsking(null);
    api.invoke('filters:delete', { name, ...byAnalyst() }).then(() => { setProblem(null); reload(); }, (e: unknown) => setProblem(errorOf(e).message));
  };
  return (
    <span className="saved-filters">
      <label>{t('filters.saved')}
        <select aria-label={t('filters.saved')} value={current?.name ?? ''} onChange={(e) => open(e.target.value)}>
          <option value="">{list.length === 0 ? t('filters.none') : '—'}</option>
          {list.map((f) => <option key={f.name} value={f.name} title={f.analyst ? t('filters.saved_by', { analyst: f.analyst }) : undefined}>{f.name}</option>)}
        </select>
      </label>
      {naming === null ? (
        <button type="button" onClick={() => setNaming(current?.name ?? '')}>{t('filters.save')}</button>
      ) : (
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (naming.trim()) trySave(naming.trim()); }}>
          <input aria-label={t('filters.name')} placeholder={t('filters.name')} value={naming} maxLength={100} autoFocus size={16}
            onChange={(e) => { setNaming(e.target.value); setAsking(null); }} onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setNaming(null); } }} />
          <button type="submit" disabled={!naming.trim()}>{t('common.save')}</button>
          <button type="button" onClick={() => setNaming(null)}>{t('common.cancel')}</button>
        </form>
      )}
      {current && naming === null && !asking && <button type="button" onClick={() => setAsking({ what: 'delete', name: current.name })} aria-label={t('filters.delete', { name: current.name })}>{t('filters.delete', { name: current.name })}</button>}
      {asking && (
        <span className="inline-form" role="alertdialog" aria-label={t(asking.what === 'delete' ? 'filters.delete_confirm' : 'filters.replace_confirm', { name: asking.name })}
          onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setAsking(null); } }}>
          <span>{t(asking.what === 'delete' ? 'filters.delete_confirm' : 'filters.replace_confirm', { name: asking.name })}</span>
          <button type="button" autoFocus onClick={() => setAsking(null)}>{t('common.cancel')}</button>
          <button type="button" onClick={() => (asking.what === 'delete' ? remove(asking.name) : save(asking.name))}>
            {t(asking.what === 'delete' ? 'filters.delete_yes' : 'filters.replace_yes')}
          </button>
        </span>
      )}
      {problem && <span className="field-error" role="alert">{problem}</span>}
    </span>
  );
}
