import { countryName } from '../../../shared/vocabulary';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../lib/route';
import { useInvoke } from '../lib/use-invoke';

/**
 * Beside the destination figures: per destination and month, the exports a rule pack clause
 * flagged in the latest run. A row opens the flag queue filtered to that clause, destination and month.
 */
export function PackDestinations({ refreshKey }: { refreshKey: number }) {
  const { t, num, rule, lang } = useI18n();
  const [rows] = useInvoke('overview:pack-destinations', {}, refreshKey);
  if (rows.state !== 'ready') return null;
  return (
    <figure className="chart chart-wide" aria-label={t('overview.pack_destinations')}>
      <figcaption>{t('overview.pack_destinations')}</figcaption>
      {rows.value.length === 0 ? <p className="muted">{t('overview.pack_destinations_none')}</p> : (
        <table className="compact">
          <thead><tr><th>{t('col.destination')}</th><th>{t('overview.month')}</th><th>{t('packs.clause')}</th><th>{t('col.rule')}</th><th className="num">{t('overview.exports')}</th></tr></thead>
          <tbody>
            {rows.value.map((r) => (
              <tr key={`${r.country}-${r.month}-${r.pack}-${r.clause}-${r.rule}`} className="clickable"
                onClick={() => navigate({ screen: 'flags', query: { pack: r.pack, clause: r.clause, destination: r.country, export_month: r.month } })}>
                <td>{countryName(r.country, lang)} ({r.country})</td>
                <td>{r.month}</td>
                <td><code>{r.pack} · {r.clause}</code></td>
                <td>{rule(r.rule)}</td>
                <td className="num">{num(r.exports)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
