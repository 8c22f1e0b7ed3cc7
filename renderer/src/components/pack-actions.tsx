import { useState } from 'react';
import type { PrintLayout } from '../../../shared/contract/print';
import { packSubject, type PackRequest } from '../../../shared/print-request';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { SaveDialog } from './export-dialog';
import { existsOutcome, failedOutcome, type Outcome } from './outcome-line';
import { layoutHint, PrintOptions } from './print-actions';

type Props = {
  /** Exactly one: a party's flagged vehicles, the vehicles a rule flagged, or a selection. */
  selection: { party_id: number } | { rule: string } | { vins: string[] };
};

/** What saving a pack came to: where it went and how big, nothing (a native dialog cancelled), or why it failed. */
async function savePackOutcome(request: PackRequest, path: string | undefined, replace: boolean): Promise<Outcome> {
  const done = await api.saveEvidencePack(request, path, replace);
  if (!done.ok) return existsOutcome(done.error, path) ?? failedOutcome(done.error);
  if (!done.value) return null;
  const { path: savedTo, vehicles, pages } = done.value;
  return { kind: 'saved', text: (i) => i.t('pack.saved', { path: savedTo, vehicles: i.num(vehicles), pages: i.num(pages) }) };
}

/**
 * Save an evidence pack: one PDF with a cover, contents, summary table and every vehicle's
 * evidence sheet. It asks where as Export… and Save as PDF do: the desktop app's native save
 * dialog, or in browser mode the same dialog (Save to offered beside the case file, and a file
 * already there replaced only once the analyst says so).
 */
export function PackActions({ selection }: Props) {
  const { t, lang } = useI18n();
  const [layout, setLayout] = useState<PrintLayout>({ paper: 'a4', landscape: false });
  const [asking, setAsking] = useState<PackRequest | null>(null);
  const request: PackRequest = { ...selection, ...layout, lang };
  return (
    <section className="panel print-actions" aria-label={t('pack.title')}>
      <div className="toolbar">
        <button type="button" onClick={() => setAsking(request)}>{t('pack.save')}</button>
        <span className="muted">{t('pack.hint')}</span>
        <PrintOptions layout={layout} onChange={setLayout} />
      </div>
      {asking && (
        <SaveDialog title={t('pack.dialog_title')} hint={layoutHint(t, asking)}
          subject={packSubject(asking)} extension="pdf" action={t('print.save_pdf')}
          run={(path, replace) => savePackOutcome(asking, path, replace)} onClose={() => setAsking(null)} />
      )}
    </section>
  );
}
