import { useMemo } from 'react';
import type { EvidenceRef, TimelineEventKind, VehicleChain } from '../../../shared/contract/chain';
import { dayCount } from '../../../shared/flag-reasons';
import { drawTimeline, eventCitation, EVENT_SHAPES, markPath, textWidth, type TimelineMark } from '../../../shared/timeline-drawing';
import { useI18n } from '../i18n/i18n';
import { LINK_COLOURS, ROLE_COLOURS } from './graph-style';

/**
 * The vehicle's records on one time axis (shared/timeline-drawing.ts gives the geometry; the
 * evidence sheet draws the same): lanes per holder, hand-overs across lanes, the odometer line and
 * the zero-mileage window. Each mark is numbered as the table's rows, names its record and document
 * in its tooltip, and opens the source on click or Enter. Lane names stay put while the plot scrolls.
 */
/** `windowDays`: the zero-mileage window of the run whose flags the page shows (its stored parameter). */
export function TimelineChart({ chain, windowDays, onOpen }: { chain: VehicleChain; windowDays: number; onOpen: (evidence: EvidenceRef) => void }) {
  const { t, date, num } = useI18n();
  // Each reading's label sized as it is drawn (11 px, in the screen's language), so none is placed over another.
  const d = useMemo(() => drawTimeline(chain, { windowDays, odometerLabels: { width: (km) => textWidth(t('timeline.km', { km: num(km) }), 11), height: 16 } }), [chain, windowDays, t, num]);
  if (chain.timeline.length === 0) return <p className="muted">{t('timeline.none')}</p>;
  const kinds = [...new Set(chain.timeline.map((e) => e.kind))] as TimelineEventKind[];
  return (
    <div className="timeline-chart" data-testid="timeline-chart" data-event-count={d.marks.length}>
      <p className="legend" aria-label={t('timeline.legend')}>
        {kinds.map((k) => (
          <span key={k}><svg width="16" height="16" aria-hidden="true"><path d={markPath(k, 8, 8, 5)} fill={EVENT_SHAPES[k].colour} /></svg>{t(`event.${k}`)}</span>
        ))}
        {d.window && <span><i className="swatch window" />{t('timeline.window', { period: dayCount(d.window.days, 'reason.one_day') })}</span>}
        {d.odometer && <span><svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke="#0969da" strokeWidth="2" /></svg>{t('timeline.odometer_line')}</span>}
        {chain.gaps.length > 0 && <span><svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke={LINK_COLOURS.gap} strokeWidth="2" strokeDasharray="5 3" /></svg>{t('timeline.open')}</span>}
      </p>
      <div className="timeline-body">
        <div className="timeline-lanes" style={{ height: d.height }}>
          {d.lanes.map((lane, i) => (
            <div key={i} className="timeline-lane-name" style={{ top: lane.y, height: lane.height, borderLeftColor: lane.role ? ROLE_COLOURS[lane.role] : 'transparent' }} title={lane.name}>
              <span>{lane.name}</span>{lane.role && <small>{t(`role.${lane.role}`)}</small>}
            </div>
          ))}
          {d.odometer && <div className="timeline-lane-name" style={{ top: d.odometer.top - 8, height: d.odometer.bottom - d.odometer.top + 16 }}><span>{t('timeline.odometer')}</span><small>0–{num(d.odometer.maxKm)}</small></div>}
        </div>
        <div className="timeline-scroll">
          <svg width={d.width + 24} height={d.height} role="img" aria-label={t('vehicle.timeline')}>
            <g transform="translate(12,0)">
              {d.lanes.map((lane, i) => <rect key={i} x={-12} y={lane.y} width={d.width + 24} height={lane.height} fill={i % 2 ? '#f6f8fa' : '#ffffff'} />)}
              {d.window && (
                <g className="timeline-window">
                  <rect x={d.window.x1} y={0} width={Math.max(1, d.window.x2 - d.window.x1)} height={d.axisY} fill="#fff8c5" fillOpacity={0.75} stroke="#d4a72c" strokeDasharray="4 3" />
                  <title>{t('timeline.window_tip', { period: dayCount(d.window.days, 'reason.one_day'), from: date(d.window.from), to: date(d.window.to) })}</title>
                  {d.window.cut && <text x={d.window.x2 - 4} y={12} fontSize={11} textAnchor="end" fill="#7d4e00">{t('timeline.window_until', { to: date(d.window.to) })}</text>}
                </g>
              )}
              {d.ticks.map((tick) => (
                <g key={tick.label}>
                  <line x1={tick.x} x2={tick.x} y1={0} y2={d.axisY} stroke="#d0d7de" strokeWidth={0.6} />
                  <text x={tick.x} y={d.axisY + 16} fontSize={11} textAnchor="middle" fill="#57606a">{tick.label}</text>
                </g>
              ))}
              <line x1={0} x2={d.width} y1={d.axisY} y2={d.axisY} stroke="#8c959f" />
              {d.connectors.map((c, i) => (
                <line key={i} x1={c.x} x2={c.x} y1={c.y1} y2={c.y2} stroke={c.open ? LINK_COLOURS.gap : '#8c959f'} strokeWidth={1.5} strokeDasharray={c.open ? '5 3' : undefined} />
              ))}
              {d.odometer && (
                <g className="timeline-odometer">
                  <line x1={0} x2={d.width} y1={d.odometer.bottom} y2={d.odometer.bottom} stroke="#d0d7de" />
                  <polyline points={d.odometer.points.map((p) => `${p.x},${p.y}`).join(' ')} fill="none" stroke="#0969da" strokeWidth={2} />
                  {d.odometer.points.map((p) => (
                    <g key={p.event} className="timeline-reading" data-event={p.event}>
                      {p.label.leader && <line x1={p.x} y1={p.y} x2={p.label.x} y2={p.label.y - 4} stroke="#0969da" strokeWidth={0.6} strokeOpacity={0.6} />}
                      <circle cx={p.x} cy={p.y} r={3} fill="#0969da" />
                      <text x={p.label.x} y={p.label.y} fontSize={11} fill="#0969da" textAnchor={p.label.anchor}>{t('timeline.km', { km: num(p.km) })}</text>
                    </g>
                  ))}
                </g>
              )}
              <TimelineMarks chain={chain} marks={d.marks} onOpen={onOpen} />
            </g>
          </svg>
        </div>
      </div>
    </div>
  );
}

/**
 * An event's mark: numbered as the vehicle's table rows, its tooltip naming the record's document
 * and row, a click or Enter opening that source.
 */
export function TimelineMarks({ chain, marks, onOpen, numbered = true }: { chain: VehicleChain; marks: TimelineMark[]; onOpen: (evidence: EvidenceRef) => void; numbered?: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  return marks.map((m) => {
    const e = chain.timeline[m.event]!;
    const tip = `${m.event + 1}. ${t(`event.${e.kind}`)} · ${eventCitation({ ...e, detail: i18n.msg(e.detail_msg, e.detail) }, (m) => i18n.msg(m))}`;
    return (
      <g key={m.event} className="timeline-mark" data-event={m.event} data-kind={e.kind} role="button" tabIndex={0} aria-label={tip}
        onClick={() => onOpen(e.evidence)} onKeyDown={(k) => { if (k.key === 'Enter' || k.key === ' ') { k.preventDefault(); onOpen(e.evidence); } }}>
        <title>{tip}</title>
        <path d={markPath(e.kind, m.x, m.y)} fill={EVENT_SHAPES[e.kind].colour} stroke="#ffffff" strokeWidth={1} />
        {numbered && <text x={m.x} y={m.y - 9} fontSize={11} textAnchor="middle" fill="#424a53">{m.event + 1}</text>}
      </g>
    );
  });
}
