import { useMemo, useState } from 'react';
import type { EvidenceRef } from '../../../shared/contract/chain';
import { PARTY_TIMELINES_PAGE } from '../../../shared/contract/party';
import { dayCount } from '../../../shared/flag-reasons';
import { drawTimeline, sharedRange, type TimelineDrawing } from '../../../shared/timeline-drawing';
import { useI18n } from '../i18n/i18n';
import { useInvoke } from '../lib/use-invoke';
import { ErrorBox, Loading } from './messages';
import { SourceDialog } from './source-dialog';
import { TimelineMarks } from './timeline-chart';

/** Room under each vehicle's row; rows share one time axis. */
const ROW_GAP = 4;

/**
 * A party's flagged vehicles on one time axis, a page at a time (a big exporter has thousands):
 * a row per vehicle with its records as marks and its zero-mileage window shaded. Marks open their
 * source as on the vehicle's own timeline; the VIN opens the vehicle.
 */
export function PartyTimelines({ partyId }: { partyId: number }) {
  const { t, num, date } = useI18n();
  const [offset, setOffset] = useState(0);
  const [page, reload] = useInvoke('party:timelines', { id: partyId, offset, limit: PARTY_TIMELINES_PAGE });
  const [source, setSource] = useState<EvidenceRef | null>(null);
  const rows = useMemo(() => {
    if (page.state !== 'ready') return null;
    const range = sharedRange(page.value.vehicles);
    if (!range) return [];
    let y = 0;
    return page.value.vehicles.map((chain) => {
      const d: TimelineDrawing = drawTimeline(chain, { range, compact: true, minWidth: 900, maxWidth: 2400, perDay: 2, windowDays: page.value.window_days });
      const row = { chain, d, y };
      y += d.axisY + ROW_GAP;
      return row;
    });
  }, [page]);
  const total = page.state === 'ready' ? page.value.total : 0;
  const last = rows && rows.length > 0 ? rows[rows.length - 1]! : null;
  const height = last ? last.y + last.d.axisY + 24 : 0;
  const axis = rows?.[0]?.d;
  return (
    <section className="panel" aria-label={t('party.timelines')}>
      <h2>{t('party.timelines')}</h2>
      <div className="row">
        <span className="muted" role="status">{page.state !== 'ready' ? '' : total === 0 ? t('party.timelines_none')
          : t('party.timelines_page', { from: num(offset + 1), to: num(Math.min(total, offset + PARTY_TIMELINES_PAGE)), total: num(total) })}</span>
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PARTY_TIMELINES_PAGE))}>{t('party.timelines_previous')}</button>
        <button type="button" disabled={offset + PARTY_TIMELINES_PAGE >= total} onClick={() => setOffset(offset + PARTY_TIMELINES_PAGE)}>{t('party.timelines_next')}</button>
      </div>
      {page.state === 'loading' && <Loading />}
      {page.state === 'error' && <ErrorBox code={page.code} message={page.message} msg={page.msg} onRetry={reload} />}
      {rows && axis && (
        <div className="timeline-body" data-testid="party-timelines" data-vehicles={rows.length}>
          <div className="timeline-lanes" style={{ height }}>
            {rows.map((r) => (
              <div key={r.chain.vin} className="timeline-lane-name" style={{ top: r.y, height: r.d.axisY }}>
                <a className="mono" href={`#/vehicle/${encodeURIComponent(r.chain.vin)}`}>{r.chain.vin}</a>
              </div>
            ))}
          </div>
          <div className="timeline-scroll">
            <svg width={axis.width + 24} height={height} role="img" aria-label={t('party.timelines')}>
              <g transform="translate(12,0)">
                {axis.ticks.map((tick) => (
                  <g key={tick.label}>
                    <line x1={tick.x} x2={tick.x} y1={0} y2={height - 24} stroke="#d0d7de" strokeWidth={0.6} />
                    <text x={tick.x} y={height - 8} fontSize={11} textAnchor="middle" fill="#57606a">{tick.label}</text>
                  </g>
                ))}
                {rows.map((r, i) => (
                  <g key={r.chain.vin} transform={`translate(0,${r.y})`} data-vin={r.chain.vin}>
                    <rect x={-12} y={0} width={axis.width + 24} height={r.d.axisY} fill={i % 2 ? '#f6f8fa' : '#ffffff'} fillOpacity={0.6} />
                    {r.d.window && (
                      <rect className="timeline-window" x={r.d.window.x1} y={0} width={Math.max(1, r.d.window.x2 - r.d.window.x1)} height={r.d.axisY} fill="#fff8c5" fillOpacity={0.8} stroke="#d4a72c" strokeDasharray="4 3">
                        <title>{t('timeline.window_tip', { period: dayCount(r.d.window.days, 'reason.one_day'), from: date(r.d.window.from), to: date(r.d.window.to) })}</title>
                      </rect>
                    )}
                    <TimelineMarks chain={r.chain} marks={r.d.marks} onOpen={setSource} numbered={false} />
                  </g>
                ))}
              </g>
            </svg>
          </div>
        </div>
      )}
      {source && <SourceDialog kind={source.record_kind} id={source.record_id} onClose={() => setSource(null)} />}
    </section>
  );
}
