import { useLayoutEffect, useRef } from 'react';
import type { Bar } from '../../../shared/contract/overview';
import { useI18n } from '../i18n/i18n';

type Props = {
  title: string;
  bars: Bar[];
  /** Shown instead of the key (rule titles, country names). */
  labelOf?: (bar: Bar) => string;
  onPick?: (bar: Bar) => void;
  vertical?: boolean;
  /** A line under the bars: what they leave out. */
  note?: string;
  /** Bars in time order that overflow sideways open scrolled to the newest (the right end). */
  newestInView?: boolean;
  /**
   * The part of each bar that its click opens, drawn over it in red (the bar itself grey) and
   * written "part / whole": a chart whose bars count more than its click can show (the days
   * histogram counts exported vehicles, a click opens their zero-mileage flags). A bar whose part
   * is 0 opens nothing.
   */
  part?: (bar: Bar) => number;
  /** What the red part and the grey bar count, said under the title when `part` is given. */
  partLegend?: { part: string; whole: string };
};

/** Plain CSS bars: a chart library is not worth its weight for a few bar lists. */
export function BarChart({ title, bars, labelOf, onPick, vertical = false, note, newestInView = false, part, partLegend }: Props) {
  const { num } = useI18n();
  const list = useRef<HTMLUListElement>(null);
  useLayoutEffect(() => {
    if (newestInView && list.current) list.current.scrollLeft = list.current.scrollWidth;
  }, [newestInView, bars]);
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure className={`chart ${vertical ? 'chart-vertical' : ''}`} aria-label={title}>
      <figcaption>{title}</figcaption>
      {partLegend && (
        <p className="legend small">
          <span><i className="chart-fill-over" />{partLegend.part}</span>
          <span><i className="chart-fill-muted" />{partLegend.whole}</span>
        </p>
      )}
      {bars.length === 0 ? <p className="muted">—</p> : (
        <ul ref={list}>
          {bars.map((bar) => {
            const label = labelOf ? labelOf(bar) : bar.label;
            const size = (value: number) => (vertical ? { height: `${(value / max) * 100}%` } : { width: `${(value / max) * 100}%` });
            const opened = part?.(bar);
            if (opened !== undefined) {
              return (
                <li key={bar.key}>
                  <button type="button" className="bar-part" disabled={!onPick || opened === 0} onClick={() => onPick?.(bar)}
                    aria-label={`${title}: ${label} ${opened} / ${bar.value}`} title={`${label}: ${partLegend ? `${partLegend.part} ${num(opened)}, ${partLegend.whole} ${num(bar.value)}` : `${num(opened)} / ${num(bar.value)}`}`}>
                    <span className="chart-label">{label}</span>
                    <span className="chart-track">
                      <span className="chart-fill chart-fill-muted" style={size(bar.value)} />
                      <span className="chart-fill chart-fill-over" style={size(Math.min(opened, bar.value))} />
                    </span>
                    <span className="chart-value">{num(opened)} / {num(bar.value)}</span>
                  </button>
                </li>
              );
            }
            return (
              <li key={bar.key}>
                <button type="button" disabled={!onPick} onClick={() => onPick?.(bar)} aria-label={`${title}: ${label} ${bar.value}`} title={`${label}: ${num(bar.value)}`}>
                  <span className="chart-label">{label}</span>
                  <span className="chart-track"><span className="chart-fill" style={size(bar.value)} /></span>
                  <span className="chart-value">{num(bar.value)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {note ? <p className="muted small chart-note">{note}</p> : null}
    </figure>
  );
}
