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
};

/** Plain CSS bars: a chart library is not worth its weight for a few bar lists. */
export function BarChart({ title, bars, labelOf, onPick, vertical = false, note, newestInView = false }: Props) {
  const { num } = useI18n();
  const list = useRef<HTMLUListElement>(null);
  useLayoutEffect(() => {
    if (newestInView && list.current) list.current.scrollLeft = list.current.scrollWidth;
  }, [newestInView, bars]);
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure className={`chart ${vertical ? 'chart-vertical' : ''}`} aria-label={title}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? <p className="muted">—</p> : (
        <ul ref={list}>
          {bars.map((bar) => {
            const label = labelOf ? labelOf(bar) : bar.label;
            const share = `${(bar.value / max) * 100}%`;
            return (
              <li key={bar.key}>
                <button type="button" disabled={!onPick} onClick={() => onPick?.(bar)} aria-label={`${title}: ${label} ${bar.value}`} title={`${label}: ${num(bar.value)}`}>
                  <span className="chart-label">{label}</span>
                  <span className="chart-track"><span className="chart-fill" style={vertical ? { height: share } : { width: share }} /></span>
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
