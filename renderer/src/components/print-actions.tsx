import { useState, type ReactNode } from 'react';
import type { PaperSize, PrintLayout } from '../../../shared/contract/print';
import { offeredFileName, type PrintRequest } from '../../../shared/print-request';
import { api } from '../api';
import { useI18n, type I18n } from '../i18n/i18n';
import { errorOf } from '../lib/use-invoke';
import type { Failure } from '../lib/failure-text';
import { SaveDialog } from './export-dialog';
import { OutcomeLine, existsOutcome, failedOutcome, useCaseNaming, type Outcome } from './outcome-line';

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

/** A page's layout in words ("Page: A4, portrait"): the print options' summary. */
function layoutWords(t: I18n['t'], layout: PrintLayout): string {
  return t('print.options', { paper: t(layout.paper === 'a4' ? 'print.a4' : 'print.letter'), orientation: t(layout.landscape ? 'print.landscape' : 'print.portrait') });
}

/** What a save dialog says of the page it saves (a PDF, an evidence pack): its layout, and that personal ID numbers print whole when so asked. */
export function layoutHint(t: I18n['t'], layout: PrintLayout): string {
  const words = layoutWords(t, layout);
  return layout.unmask_ids ? `${words} · ${t('print.unmask')}` : words;
}

/**
 * The print options folded under their summary: paper, orientation and whether personal ID numbers
 * print whole (masked unless the analyst ticks it, for this print alone), then anything more.
 */
export function PrintOptions({ layout, onChange, children }: { layout: PrintLayout; onChange: (layout: PrintLayout) => void; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <details className="print-options">
      <summary>{layoutWords(t, layout)}</summary>
      <div className="toolbar">
        <LayoutChoice layout={layout} onChange={onChange} />
      </div>
      {children}
    </details>
  );
}

/** What a save as PDF came to: where it went, nothing (a native dialog cancelled), a report stopped, or why it failed. */
async function savePdfOutcome(request: PrintRequest, path: string | undefined, replace = false): Promise<Outcome> {
  const done = await api.savePdf(request, path, replace);
  if (!done.ok) return existsOutcome(done.error, path) ?? failure(done.error);
  if (!done.value) return null;
  const saved = done.value.path;
  return { kind: 'saved', text: (i) => i.t('print.saved', { path: saved }) };
}

// A report stopped by its Cancel button says so, not that it failed.
const failure = (error: Failure): Outcome => (error.code === 'cancelled'
  ? { kind: 'saved', text: (i) => i.t('print.report_cancelled') } : failedOutcome(error));

/**
 * Save as PDF in browser mode, which has no save dialog of its own: the export's dialog asks
 * where (offered beside the case file), names the page's layout, and saves on its button. The
 * desktop app never shows it: its native save dialog asks (savePdfNow).
 */
export function PdfDialog({ request, onClose }: { request: PrintRequest; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <SaveDialog title={request.what === 'evidence' ? t('print.pdf_title_evidence', { vin: request.vin }) : t('print.pdf_title_report')}
      hint={layoutHint(t, request)}
      subject={request.what === 'evidence' ? `evidence ${request.vin}` : 'report'} extension="pdf" action={t('print.save_pdf')}
      run={(path, replace) => savePdfOutcome(request, path, replace)} onClose={onClose}
      {...(request.what === 'report' ? { stop: { label: t('print.cancel_report'), onStop: () => void api.invokeResult('print:cancel', {}) } } : {})} />
  );
}

/** The desktop app's Save as PDF: its native save dialog asks where, then the page is printed there. */
export function savePdfNow(request: PrintRequest): Promise<Outcome> {
  return savePdfOutcome(request, undefined);
}

/**
 * Print / Save as PDF for one page (a vehicle's evidence sheet, or the case report when vin is
 * absent), with paper and orientation; on the vehicle view also the chain graph as SVG or PNG.
 * Save as PDF asks where: the desktop app's save dialog, or in browser mode the export's dialog.
 */
export function PrintActions({ vin }: { vin?: string }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const naming = useCaseNaming();
  const [layout, setLayout] = useState<PrintLayout>({ paper: 'a4', landscape: false });
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [asking, setAsking] = useState<PrintRequest | null>(null);
  // Printed in the screen's language.
  const request: PrintRequest = vin ? { what: 'evidence', vin, ...layout, lang } : { what: 'report', ...layout, lang };

  async function run(work: () => Promise<Outcome>) {
    setOutcome({ kind: 'working' });
    try {
      setOutcome(await work());
    } catch (error) {
      setOutcome(failedOutcome(errorOf(error)));
    }
  }
  const print = () => run(async () => {
    const done = await api.printPage(request);
    return done.ok ? null : failure(done.error);
  });
  const pdf = () => (api.hasSaveDialog ? void run(() => savePdfNow(request)) : setAsking(request));
  const graph = (format: 'svg' | 'png') => run(async () => {
    if (!vin) return null;
    const done = await api.saveGraph({ vin, format, lang, ...(layout.unmask_ids ? { unmask_ids: true } : {}) }, offeredFileName(naming.title, `chain ${vin}`, format));
    if (!done.ok) return failure(done.error);
    if (!done.value) return null;
    const { path } = done.value;
    return { kind: 'saved', text: (i) => i.t(api.hasSaveDialog ? 'print.saved' : 'print.downloaded', { path }) };
  });

  // One row of buttons; paper, orientation and ID masking wait behind a disclosure that names the
  // current choice, so the controls do not push the vehicle's chain below the fold.
  return (
    <section className="print-actions" aria-label={t('print.actions')}>
      <div className="toolbar">
        <button type="button" onClick={() => void print()}>{t(vin ? 'print.evidence' : 'print.report')}</button>
        <button type="button" onClick={pdf}>{t(vin ? 'print.evidence_pdf' : 'print.report_pdf')}</button>
        {!vin && outcome?.kind === 'working' && (
          <button type="button" onClick={() => void api.invokeResult('print:cancel', {})}>{t('print.cancel_report')}</button>
        )}
        {vin && <button type="button" onClick={() => void graph('svg')}>{t('print.graph_svg')}</button>}
        {vin && <button type="button" onClick={() => void graph('png')}>{t('print.graph_png')}</button>}
        <PrintOptions layout={layout} onChange={setLayout} />
      </div>
      <OutcomeLine outcome={outcome} />
      {asking && <PdfDialog request={asking} onClose={() => setAsking(null)} />}
    </section>
  );
}
