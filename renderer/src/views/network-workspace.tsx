import { useEffect, useMemo, useRef, useState } from 'react';
import type { PartyNetwork, PartyRole } from '../../../shared/contract/chain';
import { invoke } from '../api';
import { CyGraph } from '../components/cy-graph';
import { ErrorBox } from '../components/messages';
import { NetworkPanel } from '../components/network-panel';
import { PeriodSlider } from '../components/period-slider';
import { useI18n } from '../i18n/i18n';
import { buildChart, mergeNetworks, type ChartFilter } from '../lib/network-groups';
import { chartElements, layoutOptions, type ChartLayout } from '../lib/network-elements';
import type { Point } from '../lib/network-layout';
import { monthsBetween, sliderPeriod } from '../lib/months';
import { useInvoke } from '../lib/use-invoke';
import { Legend } from '../components/chain-graph';

const ROLES: PartyRole[] = ['maker', 'dealer', 'trader', 'exporter', 'foreign_buyer', 'owner'];
const LAYOUTS: ChartLayout[] = ['layered', 'concentric', 'force'];

/**
 * The link chart of one party, as an analyst builds it by hand in i2 or Linkurious: its
 * counterparties grouped by side and place (a click opens a group), search and filters, hide and
 * pin, three layouts, a property panel, one period slider over the vehicles per month, and a
 * double-click that adds a party's own counterparties.
 */
export function NetworkWorkspace({ partyId }: { partyId: number }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const [range, setRange] = useState<[number, number] | null>(null);
  const [allMonths, setAllMonths] = useState<PartyNetwork['months']>(undefined);
  const months = useMemo(() => (allMonths && allMonths.length > 0 ? monthsBetween(`${allMonths[0]!.month}-01`, `${allMonths[allMonths.length - 1]!.month}-01`) : []), [allMonths]);
  const [lo, hi] = range ?? [0, Math.max(0, months.length - 1)];
  const period = sliderPeriod(months, range);
  const [network] = useInvoke('party:network', { id: partyId, ...period });
  const [added, setAdded] = useState<number[]>([]);
  const [addedNetworks, setAddedNetworks] = useState<PartyNetwork[]>([]);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [hidden, setHidden] = useState<Set<number>>(new Set());
  const [filter, setFilter] = useState<ChartFilter>({});
  const [search, setSearch] = useState('');
  // The node the search's Enter handed to the chart's keyboard ring (`at`: each Enter counts, even on the same node).
  const [found, setFound] = useState<{ id: string; at: number } | null>(null);
  const [layout, setLayout] = useState<ChartLayout>('layered');
  const [pinned, setPinned] = useState<Map<string, Point>>(new Map());
  const [selected, setSelected] = useState<string | null>(null);
  const moved = useRef(new Map<string, Point>());

  useEffect(() => {
    if (network.state === 'ready' && network.value.months && !allMonths) setAllMonths(network.value.months);
  }, [network, allMonths]);
  const periodKey = JSON.stringify(period);
  useEffect(() => {
    let live = true;
    const p = JSON.parse(periodKey) as { from?: string; to?: string };
    Promise.all(added.map((id) => invoke('party:network', { id, ...p }))).then(
      (networks) => { if (live) setAddedNetworks(networks); },
      () => { if (live) setAddedNetworks([]); },
    );
    return () => { live = false; };
  }, [added, periodKey]);

  const networks = useMemo(() => (network.state === 'ready' ? [network.value, ...addedNetworks] : []), [network, addedNetworks]);
  const chart = useMemo(() => buildChart(partyId, networks, { expanded, hidden, filter }), [partyId, networks, expanded, hidden, filter]);
  // Choices for the filters: the places and roles present in what was loaded.
  const choices = useMemo(() => {
    const { nodes } = mergeNetworks(networks);
    const sorted = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].sort();
    return { cities: sorted([...nodes.values()].map((n) => n.city)), countries: sorted([...nodes.values()].map((n) => n.country)) };
  }, [networks]);
  const matches = useMemo(() => {
    const text = search.trim().toLowerCase();
    if (!text) return new Set<string>();
    return new Set(chart.nodes.filter((n) => [n.name, n.city ?? '', n.country ?? ''].some((v) => v.toLowerCase().includes(text))).map((n) => n.id));
  }, [chart, search]);
  const elements = useMemo(() => chartElements(chart, i18n, { layout, pinned, matches }), [chart, i18n, layout, pinned, matches]);
  const selectedNode = chart.nodes.find((n) => n.id === selected) ?? null;

  const expandParty = (id: number) => { if (id !== partyId && !added.includes(id)) setAdded([...added, id]); };
  const expandGroup = (id: string) => { setExpanded(new Set([...expanded, id.slice(1)])); setSelected(null); };
  const onTap = (id: string, position: Point) => {
    moved.current.set(id, position);
    const node = chart.nodes.find((n) => n.id === id);
    if (node?.kind === 'group') expandGroup(id);
    else setSelected(id);
  };
  const togglePin = (id: string) => {
    const next = new Map(pinned);
    if (next.has(id)) next.delete(id);
    else next.set(id, moved.current.get(id) ?? { x: 0, y: 0 });
    setPinned(next);
  };
  const reset = () => { setExpanded(new Set()); setHidden(new Set()); setFilter({}); setSearch(''); setAdded([]); setPinned(new Map()); setSelected(null); };

  return (
    <section className="panel" aria-label={t('party.network')}>
      <h2>{t('party.network')}</h2>
      <div className="network-tools" role="toolbar" aria-label={t('network.tools')}>
        <input type="search" placeholder={t('network.search')} aria-label={t('network.search')} value={search} onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            // Enter: the chart takes the keyboard on the first node found, and opens it as a click does.
            if (e.key !== 'Enter') return;
            const found = chart.nodes.find((n) => matches.has(n.id));
            if (!found) return;
            e.preventDefault();
            setFound({ id: found.id, at: Date.now() });
            if (found.kind !== 'group') setSelected(found.id);
          }} />
        <select aria-label={t('network.filter_role')} value={filter.roles?.[0] ?? ''} onChange={(e) => setFilter({ ...filter, roles: e.target.value ? [e.target.value as PartyRole] : [] })}>
          <option value="">{t('network.any_role')}</option>
          {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
        </select>
        <select aria-label={t('network.filter_city')} value={filter.city ?? ''} onChange={(e) => setFilter({ ...filter, city: e.target.value || undefined })}>
          <option value="">{t('network.any_city')}</option>
          {choices.cities.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
        <select aria-label={t('network.filter_country')} value={filter.country ?? ''} onChange={(e) => setFilter({ ...filter, country: e.target.value || undefined })}>
          <option value="">{t('network.any_country')}</option>
          {choices.countries.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
        <label>{t('network.min_flagged')}
          <input type="number" min={0} style={{ width: 64 }} aria-label={t('network.min_flagged')} value={filter.minFlagged ?? 0}
            onChange={(e) => setFilter({ ...filter, minFlagged: Number(e.target.value) || undefined })} /></label>
        <select aria-label={t('network.layout')} value={layout} onChange={(e) => setLayout(e.target.value as ChartLayout)}>
          {LAYOUTS.map((l) => <option key={l} value={l}>{t(`network.layout_${l}`)}</option>)}
        </select>
        {chart.hidden > 0 && <span className="muted" role="status">{t('network.hidden_count', { count: num(chart.hidden) })}</span>}
        {hidden.size > 0 && <button type="button" onClick={() => setHidden(new Set())}>{t('network.show_hidden')}</button>}
        {expanded.size > 0 && <button type="button" onClick={() => setExpanded(new Set())}>{t('network.collapse_groups')}</button>}
        <button type="button" onClick={reset}>{t('network.reset')}</button>
      </div>
      {months.length > 1 && <PeriodSlider months={months} counts={allMonths ?? []} range={[lo, hi]} onChange={setRange} />}
      <Legend />
      <p className="muted network-hint" id={`network-keys-${partyId}`}>{t('network.hint')} {t('network.keys')}</p>
      {network.state === 'error' ? <ErrorBox code={network.code} message={network.message} msg={network.msg} /> : (
        <div className="workspace">
          <CyGraph label={t('party.network')} elements={elements} layout={layoutOptions(layout, `p${partyId}`)} height="max(480px, calc(100vh - 300px))"
            readableZoom={1} focus={`p${partyId}`} testId="party-network" keyboard={{ keyboardNode: found, describedBy: `network-keys-${partyId}` }}
            onNodeTap={onTap}
            onNodeDoubleTap={(id) => { if (id.startsWith('p')) expandParty(Number(id.slice(1))); }}
            onNodeMoved={(id, position) => {
              moved.current.set(id, position);
              if (pinned.has(id)) setPinned(new Map(pinned).set(id, position));
            }} />
          {selectedNode && (
              <NetworkPanel key={selectedNode.id} node={selectedNode} pinned={pinned.has(selectedNode.id)}
                onExpand={() => (selectedNode.kind === 'group' ? expandGroup(selectedNode.id) : expandParty(selectedNode.members[0]!))}
                onHide={() => { setHidden(new Set([...hidden, ...selectedNode.members])); setSelected(null); }}
                onPin={() => togglePin(selectedNode.id)} onClose={() => setSelected(null)} />
          )}
        </div>
      )}
    </section>
  );
}
