import { StaleRunNotice } from '../components/stale-run-notice';
import { countryName } from '../../../shared/vocabulary';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { BarChart } from '../components/bar-chart';
import { ExportDialog } from '../components/export-dialog';
import { PackDestinations } from '../components/pack-destinations';
import { PrintActions } from '../components/print-actions';
import { ChartsFailed } from '../components/charts-failed';
import { ErrorBox, Loading } from '../components/messages';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../lib/route';
import { useInvoke } from '../lib/use-invoke';

const flags = (query: Record<string, string>) => navigate({ screen: 'flags', query });

/** How often the overview asks again while a run's charts are being summed. */
const CHARTS_POLL_MS = 1500;

/** Zero-mileage exports as a share of first registrations, one decimal. */
function share(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—';
}

export function OverviewView({ refreshKey }: { refreshKey: number }) {
  const { t, num, rule, lang } = useI18n();
  const [overview, reload] = useInvoke('overview:get', {}, refreshKey);
  const [exporting, setExporting] = useState(false);
  // Right after a run its summary thread sums the charts: ask again until they are there.
  const pending = overview.state === 'ready' && overview.value.charts_pending === true;
  // A run committed by another process (`zeromile analyze` exits without summing) while this one
  // has the case open would otherwise stay "pending" for SUMMARY_WAIT_MS with no thread at it: the
  // writer is asked once per run to sum it (it starts nothing when a thread of its own is at it).
  const asked = useRef<number | null>(null);
  const pendingRun = pending ? overview.value.run_id : null;
  useEffect(() => {
    if (pendingRun === null || asked.current === pendingRun) return;
    asked.current = pendingRun;
    // A failure to start is the thread's to report: the overview then shows it failed and why.
    api.invoke('overview:summarize', {}).catch(() => undefined);
  }, [pendingRun]);
  useEffect(() => {
    if (!pending) return undefined;
    const timer = setTimeout(reload, CHARTS_POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, overview, reload]);
  if (overview.state === 'loading') return <section className="screen"><Loading /></section>;
  if (overview.state === 'error') return <section className="screen"><ErrorBox code={overview.code} message={overview.message} msg={overview.msg} onRetry={reload} /></section>;
  const o = overview.value;
  const records = Object.values(o.counts.records).reduce((s, n) => s + n, 0);
  const totalFlags = o.flags_by_rule.reduce((s, b) => s + b.value, 0);
  const figures: [string, number, (() => void) | null][] = [
    [t('overview.documents'), o.counts.documents, () => navigate({ screen: 'documents' })],
    [t('overview.records'), records, null],
    [t('overview.vehicles'), o.counts.vehicles, () => navigate({ screen: 'vehicles' })],
    [t('overview.parties'), o.counts.parties, () => navigate({ screen: 'parties' })],
    [t('overview.rejected'), o.counts.rejected, () => navigate({ screen: 'rejected' })],
    [t('overview.flags'), totalFlags, () => flags({})],
  ];
  return (
    <section className="screen" aria-label={t('nav.overview')}>
      <header className="screen-head">
        <h1>{t('overview.counts')}</h1>
        <button type="button" onClick={() => setExporting(true)}>{t('export.open')}</button>
      </header>
      <div className="figures">
        {figures.map(([label, value, go]) => (go ? (
          <button type="button" className="figure" key={label} onClick={go} aria-label={`${label}: ${value}`}>
            <span className="figure-value">{num(value)}</span><span className="figure-label">{label}</span>
          </button>
        ) : (
          <div className="figure" key={label} aria-label={`${label}: ${value}`}>
            <span className="figure-value">{num(value)}</span><span className="figure-label">{label}</span>
          </div>
        )))}
      </div>
      <StaleRunNotice />
      {records === 0 && <p className="empty-state" role="status">{t('empty.no_records')}</p>}
      {records > 0 && o.run_id === null && <p className="empty-state" role="status">{t('empty.no_flags')}</p>}
      {o.run_id !== null && (
        <>
          <p className="muted">{t('overview.bar_hint')}</p>
          {o.charts_pending && <p className="muted charts-pending" role="status"><progress aria-label={t('overview.charts_pending')} /> {t('overview.charts_pending')}</p>}
          {o.charts_failed !== undefined && <ChartsFailed reason={o.charts_failed} onRetried={reload} />}
          <div className="charts">
            <BarChart title={t('overview.by_rule')} bars={o.flags_by_rule} labelOf={(b) => rule(b.key)} onPick={(b) => flags({ rule: b.key })} />
            <BarChart title={t('overview.by_severity')} bars={o.flags_by_severity} labelOf={(b) => t(`severity.${b.key as 'high'}`)} onPick={(b) => flags({ severity: b.key })} />
            {!o.charts_pending && o.charts_failed === undefined && (<>
            <BarChart title={t('overview.by_month')} bars={o.exports_by_month} labelOf={(b) => b.key.slice(2).replace('-', '/')} vertical newestInView onPick={(b) => flags({ rule: 'zero_mileage_export', export_month: b.key })} />
            <BarChart title={t('overview.by_destination')} bars={o.exports_by_destination} labelOf={(b) => countryName(b.key, lang)}
              onPick={(b) => flags({ rule: 'zero_mileage_export', destination: b.key })} />
            {/* Grey: exported vehicles by days; red: the run's zero-mileage export flags with those days, which a click opens (the queue's count is the red one). */}
            <BarChart title={t('overview.days')} bars={o.days_histogram} vertical
              part={(b) => o.days_flagged.find((f) => f.key === b.key)?.value ?? 0}
              partLegend={{ part: t('overview.days_flagged'), whole: t('overview.days_exported') }}
              note={t('overview.days_unplaced', { none: num(o.days_unplaced.no_registration), before: num(o.days_unplaced.exported_before_registration) })}
              onPick={(b) => {
                const [min, max] = b.key.split('-');
                flags({ rule: 'zero_mileage_export', days_min: min ?? '0', ...(max ? { days_max: max } : {}) });
              }} />
            <BarChart title={t('overview.intermediaries')} bars={o.top_intermediaries}
              onPick={(b) => flags({ rule: 'zero_mileage_export', exporter: b.key })} />
            <figure className="chart" aria-label={t('overview.inflation')}>
              <figcaption>{t('overview.inflation')}</figcaption>
              {/* What each bar and number is: zero-mileage exports (red) out of first registrations (grey). */}
              <p className="legend small">
                <span><i className="chart-fill-over" />{t('overview.inflation_zero')}</span>
                <span><i className="chart-fill-muted" />{t('overview.inflation_registered')}</span>
                <span className="muted">{t('overview.inflation_ratio')}</span>
              </p>
              <ul>
                {o.inflation_by_city.map((c) => {
                  const max = Math.max(1, ...o.inflation_by_city.map((x) => x.registered));
                  return (
                    <li key={c.city}>
                      <button type="button" className="inflation" onClick={() => flags({ rule: 'zero_mileage_export', city: c.city })}
                        aria-label={`${t('overview.inflation')}: ${c.city} ${c.zero_mileage} / ${c.registered} (${share(c.zero_mileage, c.registered)})`}>
                        <span className="chart-label">{c.city}</span>
                        <span className="chart-track">
                          <span className="chart-fill chart-fill-muted" style={{ width: `${(c.registered / max) * 100}%` }} title={`${num(c.registered)} ${t('overview.registered')}`} />
                          <span className="chart-fill chart-fill-over" style={{ width: `${(c.zero_mileage / max) * 100}%` }} title={`${num(c.zero_mileage)} ${t('overview.zero_mileage')}`} />
                        </span>
                        <span className="chart-value">{num(c.zero_mileage)} / {num(c.registered)} ({share(c.zero_mileage, c.registered)})</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </figure>
            </>)}
          </div>
          <PackDestinations refreshKey={refreshKey} />
        </>
      )}
      {records > 0 && <PrintActions />}
      {exporting && <ExportDialog onClose={() => setExporting(false)} />}
    </section>
  );
}
