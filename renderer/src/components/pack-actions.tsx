import { useState } from 'react';
import type { PrintLayout } from '../../../shared/contract/print';
import { offeredFileName, pathBeside } from '../../../shared/print-request';
import { invoke } from '../api';
import { useI18n } from '../i18n/i18n';
import { OutcomeLine, ReplaceQuestion, existsOutcome, failedOutcome, useCaseNaming, type Outcome } from './outcome-line';
import { PrintOptions } from './print-actions';
import { errorOf } from '../lib/use-invoke';

type Props = {
  /** Exactly one: a party's flagged vehicles, the vehicles a rule flagged, or a selection. */
  selection: { party_id: number } | { rule: string } | { vins: string[] };
  /** Words for the file name ("party 125", "rule early_export"). */
  subject: string;
};

/**
 * Save an evidence pack: one PDF with a cover, contents, summary table and every vehicle's
 * evidence sheet, written by the backend to the path shown (the app's own computer).
 */
export function PackActions({ selection, subject }: Props) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const naming = useCaseNaming();
  const [layout, setLayout] = useState<PrintLayout>({ paper: 'a4', landscape: false });
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [pathEdit, setPathEdit] = useState<string | null>(null);
  const path = pathEdit ?? pathBeside(naming.path, offeredFileName(naming.title, `evidence pack ${subject}`, 'pdf'));
  const save = async (replace = false) => {
    setOutcome({ kind: 'working' });
    try {
      const done = await invoke('print:evidence-pack', { ...selection, path, ...layout, lang, ...(replace ? { replace } : {}) });
      setOutcome({ kind: 'saved', text: (i) => i.t('pack.saved', { path: done.path, vehicles: i.num(done.vehicles), pages: i.num(done.pages) }) });
    } catch (error) {
      const failure = errorOf(error);
      setOutcome(existsOutcome(failure, path) ?? failedOutcome(failure));
    }
  };
  const exists = outcome?.kind === 'exists' && outcome.path === path ? outcome.path : null;
  return (
    <section className="panel print-actions" aria-label={t('pack.title')}>
      <label className="row">{t('pack.save_to')}
        <input className="grow mono small" style={{ flex: 1, minWidth: 0 }} aria-label={t('pack.save_to')} value={path} onChange={(e) => setPathEdit(e.target.value)} />
      </label>
      <div className="toolbar">
        <button type="button" onClick={() => void save()} disabled={!path.trim() || outcome?.kind === 'working'}>{t('pack.save')}</button>
        <span className="muted">{t('pack.hint')}</span>
        <PrintOptions layout={layout} onChange={setLayout} />
      </div>
      <OutcomeLine outcome={outcome} />
      {exists && <ReplaceQuestion path={exists} onReplace={() => void save(true)} onKeep={() => setOutcome(null)} />}
    </section>
  );
}
