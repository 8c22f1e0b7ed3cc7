import type { MonthCount } from '../../../shared/contract/chain';
import { useI18n } from '../i18n/i18n';

type Props = {
  months: string[];
  /** Vehicles per month, drawn as bars under the track. */
  counts: MonthCount[];
  range: [number, number];
  onChange(range: [number, number]): void;
};

/**
 * One range slider for a period: two thumbs on one track (each a native range input, so arrows,
 * Home/End and screen readers work), with a bar of vehicles per month under it.
 */
export function PeriodSlider({ months, counts, range, onChange }: Props) {
  const { t, num } = useI18n();
  const [lo, hi] = range;
  const byMonth = new Map(counts.map((c) => [c.month, c.vehicles]));
  const max = Math.max(1, ...counts.map((c) => c.vehicles));
  const last = Math.max(1, months.length - 1);
  return (
    <div className="period-slider" role="group" aria-label={t('party.period')}>
      <div className="period-label">{t('party.period')}: <strong>{months[lo]}</strong> – <strong>{months[hi]}</strong></div>
      <div className="period-track">
        <div className="period-fill" style={{ left: `${(lo / last) * 100}%`, right: `${100 - (hi / last) * 100}%` }} />
        <input type="range" aria-label={t('party.period_start')} min={0} max={months.length - 1} value={lo}
          onChange={(e) => onChange([Math.min(Number(e.target.value), hi), hi])} />
        <input type="range" aria-label={t('party.period_end')} min={0} max={months.length - 1} value={hi}
          onChange={(e) => onChange([lo, Math.max(Number(e.target.value), lo)])} />
      </div>
      <div className="period-bars" aria-label={t('network.per_month')}>
        {months.map((month, i) => {
          const vehicles = byMonth.get(month) ?? 0;
          return <i key={month} className={i >= lo && i <= hi ? 'in' : ''} style={{ height: `${(vehicles / max) * 100}%` }}
            title={`${month}: ${num(vehicles)}`} />;
        })}
      </div>
    </div>
  );
}
