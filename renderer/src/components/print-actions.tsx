import { useState, type ReactNode } from 'react';
import type { PaperSize, PrintLayout } from '../../../shared/contract/print';
import { offeredFileName, pathBeside, type PrintRequest } from '../../../shared/print-request';
import { api } from '../api';
import { useI18n, type I18n } from '../i18n/i18n';
import { errorOf, useInvoke } from '../lib/use-invoke';
import { failureText, type Failure } from '../lib/failure-text';

/**
 * What the last print or save said: working, where it went, or why it failed. The text is made
 * when drawn, so it follows a switch of language ("Saved to…" stayed English after one).
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

function LayoutChoice({ layout, onChange }: { layout: PrintLayout; onChange: (layout: PrintLayout) => void }) {
  const { t } = useI18n();
  return (
    <>
      <label>{t('print.paper')}{' '}
        <select aria-label={t('print.paper')} value={layout.paper} onChange={(e) => onChange({ ...layout, paper: e.target.value as PaperSize })}>
          <option value="a4">{t('print.a4')}</option>
          <option value="letter">{t('print.letter')}</option>
        </select>
      </label>
      <label>{t('print.orientation')}{' '}
        <select aria-label={t('print.orientation')} value={layout.landscape ? 'landscape' : 'portrait'} onChange={(e) => onChange({ ...layout, landscape: e.target.value === 'landscape' })}>
          <option value="portrait">{t('print.portrait')}</option>
          <option value="landscape">{t('print.landscape')}</option>
        </select>
      </label>
      <label><input type="checkbox" checked={layout.unmask_ids ?? false} onChange={(e) => onChange({ ...layout, unmask_ids: e.target.checked })} /> {t('print.unmask')}</label>
    </>
  );
}

/**
 * The print options folded under their summary: paper, orientation and whether personal ID numbers
 * print whole (masked unless the analyst ticks it, for this print alone), then anything more.
 */
export function PrintOptions({ layout, onChange, children }: { layout: PrintLayout; onChange: (layout: PrintLayout) => void; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <details className="print-options">
      <summary>{t('print.options', { paper: t(layout.paper === 'a4' ? 'print.a4' : 'print.letter'), orientation: t(layout.landscape ? 'print.landscape' : 'print.portrait') })}</summary>
      <div className="toolbar">
        <LayoutChoice layout={layout} onChange={onChange} />
      </div>
      {children}
    </details>
  );
}

/**
 * Print / Save as PDF for one page (a vehicle's evidence sheet, or the case report when vin is
 * absent), with paper and orientation; on the vehicle view also the chain graph as SVG or PNG.
 */
export function PrintActions({ vin }: { vin?: string }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const naming = useCaseNaming();
  const [layout, setLayout] = useState<PrintLayout>({ paper: 'a4', landscape: false });
  const [outcome, setOutcome] = useState<Outcome>(null);
  const subject = vin ? `evidence ${vin}` : 'report';
  const offered = pathBeside(naming.path, offeredFileName(naming.title, subject, 'pdf'));
  const [pathEdit, setPathEdit] = useState<string | null>(null);
  const pdfPath = pathEdit ?? offered;
  // Printed in the screen's language.
  const request: PrintRequest = vin ? { what: 'evidence', vin, ...layout, lang } : { what: 'report', ...layout, lang };

  async function run(work: () => Promise<Outcome>) {
    setOutcome({ kind: 'working' });
    try {
      setOutcome(await work());
    } catch (error) {
      setOutcome({ kind: 'failed', text: (i) => i.t('print.failed', { message: failureText(i, errorOf(error)) }) });
    }
  }
  // A report stopped by its Cancel button says so, not that it failed.
  const failure = (error: Failure): Outcome => (error.code === 'cancelled'
    ? { kind: 'saved', text: (i) => i.t('print.report_cancelled') } : { kind: 'failed', text: (i) => i.t('print.failed', { message: failureText(i, error) }) });
  const print = () => run(async () => {
    const done = await api.printPage(request);
    return done.ok ? null : failure(done.error);
  });
  const pdf = () => run(async () => {
    const done = await api.savePdf(request, pdfPath);
    if (!done.ok) return failure(done.error);
    if (!done.value) return null;
    const { path } = done.value;
    return { kind: 'saved', text: (i) => i.t('print.saved', { path }) };
  });
  const graph = (format: 'svg' | 'png') => run(async () => {
    if (!vin) return null;
    const done = await api.saveGraph({ vin, format, lang, ...(layout.unmask_ids ? { unmask_ids: true } : {}) }, offeredFileName(naming.title, `chain ${vin}`, format));
    if (!done.ok) return failure(done.error);
    if (!done.value) return null;
    const { path } = done.value;
    return { kind: 'saved', text: (i) => i.t(api.hasSaveDialog ? 'print.saved' : 'print.downloaded', { path }) };
  });

  // One row of buttons; paper, orientation, ID masking and the PDF's path wait behind a disclosure
  // that names the current choice, so the controls do not push the vehicle's chain below the fold.
  return (
    <section className="print-actions" aria-label={t('print.actions')}>
      <div className="toolbar">
        <button type="button" onClick={() => void print()}>{t(vin ? 'print.evidence' : 'print.report')}</button>
        <button type="button" onClick={() => void pdf()} disabled={!api.hasSaveDialog && !pdfPath.trim()}>{t(vin ? 'print.evidence_pdf' : 'print.report_pdf')}</button>
        {!vin && outcome?.kind === 'working' && (
          <button type="button" onClick={() => void api.invokeResult('print:cancel', {})}>{t('print.cancel_report')}</button>
        )}
        {vin && <button type="button" onClick={() => void graph('svg')}>{t('print.graph_svg')}</button>}
        {vin && <button type="button" onClick={() => void graph('png')}>{t('print.graph_png')}</button>}
        <PrintOptions layout={layout} onChange={setLayout}>
          {!api.hasSaveDialog && (
            <label className="row">{t('print.save_to')}
              <input className="grow mono small" style={{ flex: 1, minWidth: 0 }} aria-label={t('print.save_to')} value={pdfPath} onChange={(e) => setPathEdit(e.target.value)} />
            </label>
          )}
        </PrintOptions>
      </div>
      <OutcomeLine outcome={outcome} />
    </section>
  );
}
