import type { Message } from '../../../shared/i18n/message';
import { packSourceMessage } from '../../../shared/pack-source';
import { useRef, useState } from 'react';
import type { PackView, RemovedPackView } from '../../../shared/contract/rule-packs';
import { dayCount } from '../../../shared/flag-reasons';
import type { ClauseState, PackClause } from '../../../shared/rule-packs';
import { api } from '../api';
import { EmptyState, ErrorBox } from '../components/messages';
import { PackRemoveDialog } from '../components/pack-remove-dialog';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { href } from '../lib/route';
import { errorOf, useInvoke } from '../lib/use-invoke';

/** `undo`: the pack just removed, which the outcome line offers to restore. */
type Outcome = { ok: true; text: string; undo?: string } | { ok: false; code: string; message: string; msg?: Message } | null;

const STATE_KEYS: Record<ClauseState, MessageKey> = {
  active: 'packs.state.active',
  missing_parameter: 'packs.state.missing_parameter',
  ended: 'packs.state.ended',
  not_yet: 'packs.state.not_yet',
};

/** Saves a pack file the backend made (the browser's download; in the app, Electron's save prompt). */
function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * The Rule packs screen (DOMAIN.md "Rule packs"): every pack of the case with its clauses and
 * their state. An inactive clause is shown with the reason, never hidden; its parameters and
 * dates are edited here (checked by the backend against the pack schema, audited), and packs
 * are imported from and exported to pack files.
 */
export function RulePacks() {
  const { t, lang, dateTime, num } = useI18n();
  const [packs, reload] = useInvoke('packs:list', {});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [removing, setRemoving] = useState<PackView | null>(null);
  const refresh = reload;

  const importFile = async (file: File) => {
    setOutcome(null);
    try {
      const saved = await api.invoke('packs:import', { file_name: file.name, content: await file.text() });
      setOutcome({ ok: true, text: saved.changed ? t('packs.imported', { id: saved.pack_id, revision: saved.revision }) : t('packs.unchanged', { id: saved.pack_id }) });
      refresh();
    } catch (e) {
      setOutcome({ ok: false, ...errorOf(e) });
    }
  };
  const removePack = async (pack: PackView) => {
    const removed = await api.invoke('packs:remove', { pack_id: pack.id });
    setRemoving(null);
    setOutcome({ ok: true, text: t('packs.removed', { id: removed.pack_id, flags: num(removed.flags) }), undo: removed.pack_id });
    refresh();
  };
  const restorePack = async (id: string) => {
    setOutcome(null);
    try {
      const restored = await api.invoke('packs:restore', { pack_id: id });
      setOutcome({ ok: true, text: t('packs.restored', { id: restored.pack_id, revision: restored.revision }) });
      refresh();
    } catch (e) {
      setOutcome({ ok: false, ...errorOf(e) });
    }
  };
  const exportPack = async (id: string) => {
    try {
      const file = await api.invoke('packs:export', { pack_id: id });
      download(file.file_name, file.content);
    } catch (e) {
      setOutcome({ ok: false, ...errorOf(e) });
    }
  };

  return (
    <section className="screen" aria-label={t('packs.title')}>
      <header className="screen-head">
        <h1>{t('packs.title')}</h1>
        <button type="button" className="primary" onClick={() => fileInput.current?.click()}>{t('packs.import')}</button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden aria-label={t('packs.import')}
          onChange={(e) => { const file = e.target.files?.[0]; e.target.value = ''; if (file) void importFile(file); }} />
      </header>
      <p className="hint">{t('packs.intro')}</p>
      {outcome && (outcome.ok
        ? <p className="outcome ok" role="status">{outcome.text}{outcome.undo && <> <button type="button" onClick={() => void restorePack(outcome.undo!)}>{t('packs.undo_remove')}</button></>}</p>
        : <ErrorBox code={outcome.code} message={outcome.message} msg={outcome.msg} />)}
      {packs.state === 'loading' && <p>{t('common.loading')}</p>}
      {packs.state === 'error' && <ErrorBox code={packs.code} message={packs.message} msg={packs.msg} onRetry={reload} />}
      {packs.state === 'ready' && packs.value.packs.length === 0 && <EmptyState>{t('packs.none')}</EmptyState>}
      {packs.state === 'ready' && packs.value.packs.map((pack) => (
        <article key={pack.id} className="pack" aria-label={`${pack.id} ${pack.pack.name[lang]}`}>
          <header className="pack-head">
            <h2>{pack.id} · {pack.pack.name[lang]}</h2>
            <span className="muted">{t('packs.revision', { version: pack.pack.version, revision: pack.revision, origin: t(`packs.origin.${pack.origin}` as MessageKey), saved: dateTime(pack.saved_at) })}</span>
            <code className="muted" title={pack.sha256}>sha256 {pack.sha256.slice(0, 12)}…</code>
            <span className="pack-buttons">
              <button type="button" onClick={() => void exportPack(pack.id)}>{t('packs.export')}</button>
              <button type="button" onClick={() => setRemoving(pack)}>{t('packs.remove')}</button>
            </span>
          </header>
          {pack.pack.clauses.map((clause) => (
            <ClauseRow key={clause.id} pack={pack} clause={clause} state={pack.states[clause.id] ?? 'missing_parameter'} onSaved={(text) => { setOutcome({ ok: true, text }); refresh(); }} />
          ))}
          {pack.pack.clauses.length === 0 && <p className="muted">{t('packs.no_clauses')}</p>}
        </article>
      ))}
      {packs.state === 'ready' && packs.value.removed.length > 0 && (
        <section className="packs-removed" aria-label={t('packs.removed_title')}>
          <h2>{t('packs.removed_title')}</h2>
          <p className="hint">{t('packs.removed_hint')}</p>
          {packs.value.removed.map((pack) => <RemovedPack key={pack.id} pack={pack} onRestore={() => void restorePack(pack.id)} />)}
        </section>
      )}
      {removing && <PackRemoveDialog pack={removing} onRemove={() => removePack(removing)} onCancel={() => setRemoving(null)} />}
    </section>
  );
}

/** A removed pack: when, its clauses marked removed, and Restore. */
function RemovedPack({ pack, onRestore }: { pack: RemovedPackView; onRestore: () => void }) {
  const { t, lang, dateTime, rule } = useI18n();
  return (
    <article className="pack removed" aria-label={`${pack.id} ${pack.pack.name[lang]}`}>
      <header className="pack-head">
        <h2>{pack.id} · {pack.pack.name[lang]}</h2>
        <span className="badge state-removed">{t('packs.state.removed')}</span>
        <span className="muted">{t('packs.removed_at', { when: dateTime(pack.removed_at), revision: pack.revision })}</span>
        <span className="pack-buttons"><button type="button" onClick={onRestore}>{t('packs.restore')}</button></span>
      </header>
      {pack.pack.clauses.map((clause) => (
        <div key={clause.id} className="pack-clause state-removed" data-testid={`removed-clause-${clause.id}`}>
          <strong>{clause.title[lang]}</strong> <code>{clause.id}</code> · {rule(clause.rule)} <span className="badge state-removed">{t('packs.state.removed')}</span>
        </div>
      ))}
    </article>
  );
}

function paramText(clause: PackClause, t: ReturnType<typeof useI18n>['t']): string {
  switch (clause.rule) {
    case 'destination_brand_restriction': return clause.params.brands.length ? clause.params.brands.join(', ') : t('packs.param.unset');
    case 'destination_min_use': return [
      clause.params.min_days === null ? null : t('packs.param.min_days', { period: dayCount(clause.params.min_days, 'reason.one_day') }),
      clause.params.min_km === null ? null : t('packs.param.min_km', { km: clause.params.min_km }),
    ].filter(Boolean).join(', ') || t('packs.param.unset');
    case 'missing_after_sales_confirmation': return clause.params.max_days === null ? t('packs.param.unset') : t('packs.param.max_days', { period: dayCount(clause.params.max_days, 'reason.one_day') });
    default: {
      const never: never = clause;
      return String(never);
    }
  }
}

function ClauseRow({ pack, clause, state, onSaved }: { pack: PackView; clause: PackClause; state: ClauseState; onSaved: (text: string) => void }) {
  const { t, msg, lang, rule } = useI18n();
  const [editing, setEditing] = useState(false);
  return (
    <div className={`pack-clause state-${state}`} data-testid={`clause-${clause.id}`}>
      <div className="pack-clause-main">
        <strong>{clause.title[lang]}</strong>
        <span className={`badge state-${state}`}>{t(STATE_KEYS[state])}</span>
        <dl>
          <dt>{t('packs.clause')}</dt><dd><code>{clause.id}</code></dd>
          <dt>{t('packs.rule')}</dt><dd>{rule(clause.rule)}</dd>
          <dt>{t('packs.period')}</dt><dd>{clause.effective_from ?? t('packs.always')} – {clause.effective_to ?? t('packs.open')}</dd>
          <dt>{t('packs.params')}</dt><dd>{paramText(clause, t)}</dd>
          <dt>{t('packs.source')}</dt><dd className="wrap">{msg(packSourceMessage(clause.source), clause.source)}</dd>
        </dl>
        {!editing && (
          <div className="actions">
            <button type="button" onClick={() => setEditing(true)}>{t('packs.edit')}</button>
            <a href={href({ screen: 'flags', query: { pack: pack.id, clause: clause.id } })}>{t('packs.flags_of_clause')}</a>
          </div>
        )}
      </div>
      {editing && <ClauseForm pack={pack} clause={clause} onDone={(text) => { setEditing(false); if (text) onSaved(text); }} />}
    </div>
  );
}

function ClauseForm({ pack, clause, onDone }: { pack: PackView; clause: PackClause; onDone: (text: string | null) => void }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(clause.effective_from ?? '');
  const [to, setTo] = useState(clause.effective_to ?? '');
  const [brands, setBrands] = useState(clause.rule === 'destination_brand_restriction' ? clause.params.brands.join('\n') : '');
  const [days, setDays] = useState(clause.rule === 'destination_min_use' ? String(clause.params.min_days ?? '') : clause.rule === 'missing_after_sales_confirmation' ? String(clause.params.max_days ?? '') : '');
  const [km, setKm] = useState(clause.rule === 'destination_min_use' ? String(clause.params.min_km ?? '') : '');
  const [error, setError] = useState<{ code: string; message: string; msg?: Message } | null>(null);
  const number = (text: string): number | null => (text.trim() === '' ? null : Number(text));
  const params = (): Record<string, unknown> => {
    switch (clause.rule) {
      case 'destination_brand_restriction': return { brands: brands.split(/\n|,/).map((b) => b.trim()).filter(Boolean) };
      case 'destination_min_use': return { min_days: number(days), min_km: number(km) };
      case 'missing_after_sales_confirmation': return { max_days: number(days) };
      default: {
        const never: never = clause;
        return never;
      }
    }
  };
  const save = async () => {
    setError(null);
    try {
      const saved = await api.invoke('packs:save-clause', { pack_id: pack.id, clause_id: clause.id, params: params(), effective_from: from || null, effective_to: to || null });
      onDone(saved.changed ? t('packs.saved', { id: saved.pack_id, revision: saved.revision }) : null);
    } catch (e) {
      setError(errorOf(e));
    }
  };
  return (
    <form className="pack-form" aria-label={t('packs.edit')} onSubmit={(e) => { e.preventDefault(); void save(); }}
      onKeyDown={(e) => { if (e.key === 'Escape') onDone(null); }}>
      {clause.rule === 'destination_brand_restriction' && (
        <label>{t('packs.param.brands')}<textarea rows={4} value={brands} onChange={(e) => setBrands(e.target.value)} autoFocus /></label>
      )}
      {clause.rule !== 'destination_brand_restriction' && (
        <label>{clause.rule === 'destination_min_use' ? t('packs.param.min_days_label') : t('packs.param.max_days_label')}
          <input type="number" min={0} value={days} onChange={(e) => setDays(e.target.value)} autoFocus /></label>
      )}
      {clause.rule === 'destination_min_use' && (
        <label>{t('packs.param.min_km_label')}<input type="number" min={0} value={km} onChange={(e) => setKm(e.target.value)} /></label>
      )}
      <label>{t('packs.from')}<input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
      <label>{t('packs.to')}<input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
      <p className="hint">{t('packs.edit_hint')}</p>
      {error && <ErrorBox code={error.code} message={error.message} msg={error.msg} />}
      <div className="actions">
        <button type="submit" className="primary">{t('common.save')}</button>
        <button type="button" onClick={() => onDone(null)}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
