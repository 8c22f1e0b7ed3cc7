import type { ElementDefinition } from 'cytoscape';
import { useMemo, useState } from 'react';
import type { PartyNetwork } from '../../../shared/contract/chain';
import { CyGraph } from '../components/cy-graph';
import { ROLE_COLOURS } from '../components/graph-style';
import { ErrorBox, Loading } from '../components/messages';
import { NotesTags } from '../components/notes-tags';
import { useI18n, type I18n } from '../i18n/i18n';
import { DAGRE_MAX_NODES, layeredPositions } from '../lib/network-layout';
import { navigate } from '../lib/route';
import { useInvoke } from '../lib/use-invoke';
import { Legend } from './vehicle-view';

/** Makers -> party -> buyers/consignees; edge width grows with the vehicles that passed along it. */
export function networkElements(network: PartyNetwork, i18n: I18n): ElementDefinition[] {
  // Width grows with the log of the vehicles, so one big flow does not flatten the rest.
  const width = (vehicles: number) => Math.min(14, 1.5 + 2 * Math.log2(1 + vehicles));
  const positions = network.nodes.length > DAGRE_MAX_NODES ? layeredPositions(network) : null;
  return [
    ...network.nodes.map((n) => ({
      group: 'nodes' as const,
      data: { id: `p${n.id}`, label: `${n.name}\n${i18n.t(`role.${n.role}`)} · ${i18n.num(n.vehicles)}`, colour: ROLE_COLOURS[n.role] },
      ...(positions ? { position: positions.get(n.id) ?? { x: 0, y: 0 } } : {}),
    })),
    ...network.edges.map((e, i) => ({
      group: 'edges' as const,
      data: { id: `e${i}`, source: `p${e.source}`, target: `p${e.target}`, width: width(e.vehicles), label: i18n.num(e.vehicles) },
    })),
  ];
}

/** Months between two ISO days, for the period slider (index 0 = first month). */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  const endY = Number(last.slice(0, 4));
  const endM = Number(last.slice(5, 7));
  while ((y < endY || (y === endY && m <= endM)) && out.length < 600) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

const DAGRE = { name: 'dagre', rankDir: 'LR', nodeSep: 20, rankSep: 180 } as const;
const PRESET = { name: 'preset', fit: true, padding: 20 } as const;

export function PartyView({ id }: { id: number }) {
  const i18n = useI18n();
  const { t, num, date } = i18n;
  const [detail, reload] = useInvoke('party:get', { id });
  const [vehicles] = useInvoke('party:vehicles', { id, limit: 500 });
  const months = useMemo(() => (detail.state === 'ready' && detail.value.period.first && detail.value.period.last
    ? monthsBetween(detail.value.period.first, detail.value.period.last) : []), [detail]);
  const [range, setRange] = useState<[number, number] | null>(null);
  const [lo, hi] = range ?? [0, Math.max(0, months.length - 1)];
  const from = months[lo] ? `${months[lo]}-01` : undefined;
  const to = months[hi] ? `${months[hi]}-31` : undefined;
  const [network] = useInvoke('party:network', { id, ...(from ? { from } : {}), ...(to ? { to } : {}) });
  const elements = useMemo(() => (network.state === 'ready' ? networkElements(network.value, i18n) : []), [network, i18n]);

  if (detail.state === 'loading') return <section className="screen"><Loading /></section>;
  if (detail.state === 'error') {
    return <section className="screen">{detail.code === 'not_found' ? <p className="empty-state" role="status">{t('party.not_found')}</p> : <ErrorBox code={detail.code} message={detail.message} onRetry={reload} />}</section>;
  }
  const p = detail.value;
  const f = p.figures;
  return (
    <section className="screen" aria-label={`${t('party.title')} ${p.name}`}>
      <header className="screen-head"><h1>{p.name}</h1>{p.is_person && <span className="chip">{t('party.person')}</span>}</header>
      <div className="columns">
        <section className="panel">
          <dl className="facts">
            <dt>{t('party.code')}</dt>
            <dd>{p.party_code ? <><span className="mono">{p.party_code}</span> · <span className={p.id_valid ? 'ok' : 'bad'}>{p.id_valid ? t('party.code_valid') : t('party.code_invalid')}</span></> : t('party.code_none')}</dd>
            {p.aliases.length > 0 && (<><dt>{t('party.aliases')}</dt><dd>{p.aliases.join(' · ')}</dd></>)}
            {p.country && (<><dt>{t('col.country')}</dt><dd>{p.country}</dd></>)}
            <dt>{t('party.period')}</dt><dd>{t('party.period_value', { from: date(p.period.first), to: date(p.period.last) })}</dd>
          </dl>
        </section>
        <section className="panel grow" aria-label={t('party.figures')}>
          <h2>{t('party.figures')}</h2>
          <div className="figures">
            {([['party.bought', f.bought], ['party.bought_new', f.bought_new], ['party.sold', f.sold], ['party.exported', f.exported],
              ['party.median_days', f.median_days_held], ['party.flag_count', f.flags]] as const).map(([key, value]) => (
              <div className="figure" key={key}><span className="figure-value">{num(value, 1)}</span><span className="figure-label">{t(key)}</span></div>
            ))}
          </div>
        </section>
      </div>
      <section className="panel" aria-label={t('party.network')}>
        <h2>{t('party.network')}</h2>
        {months.length > 1 && (
          <div className="row period">
            <span>{t('party.period')}: {months[lo]} – {months[hi]}</span>
            <input type="range" aria-label={t('party.period_start')} min={0} max={months.length - 1} value={lo}
              onChange={(e) => setRange([Math.min(Number(e.target.value), hi), hi])} />
            <input type="range" aria-label={t('party.period_end')} min={0} max={months.length - 1} value={hi}
              onChange={(e) => setRange([lo, Math.max(Number(e.target.value), lo)])} />
          </div>
        )}
        <Legend />
        {network.state === 'error' ? <ErrorBox code={network.code} message={network.message} /> : (
          <CyGraph label={t('party.network')} elements={elements} layout={elements[0]?.position ? PRESET : DAGRE} height={380} testId="party-network"
            onNodeTap={(nodeId) => { const next = Number(nodeId.slice(1)); if (next !== id) navigate({ screen: 'party', id: next }); }} />
        )}
      </section>
      <section className="panel" aria-label={t('party.vehicles')}>
        <h2>{t('party.vehicles')}</h2>
        {vehicles.state === 'ready' && (
          <table className="table" aria-label={t('party.vehicles')}>
            <thead><tr><th>{t('col.vin')}</th><th>{t('party.bought_on')}</th><th>{t('party.exported_on')}</th><th>{t('col.destination')}</th><th className="num">{t('col.days')}</th></tr></thead>
            <tbody>
              {vehicles.value.map((v) => (
                <tr key={v.vin}>
                  <td><a className="mono" href={`#/vehicle/${encodeURIComponent(v.vin)}`}>{v.vin}</a></td>
                  <td>{date(v.bought)}</td><td>{date(v.exported)}</td><td>{v.destination ?? ''}</td><td className="num">{num(v.days)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <NotesTags subjectType="party" subjectId={String(p.id)} />
    </section>
  );
}
