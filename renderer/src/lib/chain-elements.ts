import type { ElementDefinition } from 'cytoscape';
import type { VehicleChain } from '../../../shared/contract/chain';
import { citation } from '../../../shared/citation';
import { ROLE_COLOURS } from '../components/graph-style';
import type { I18n } from '../i18n/format';
import { layoutChain, recordKey, type ChainLayout } from './chain-layout';

const CURRENCY_SIGN: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', RUB: '₽' };

/*
 * Room per holder at zoom 1: a node's label is at most 190 px wide (text-max-width) under the
 * node, a link's label about 100 px above the line half-way between two columns; a lane holds a
 * node's label (name on up to two lines, role, date) and the labels of the links into the lane below.
 */
export const CHAIN_COLUMN_PX = 310;
export const CHAIN_LANE_PX = 160;

export type ChainDrawing = { elements: ElementDefinition[]; layout: ChainLayout; width: number; height: number };

/**
 * One node per holder at the place layoutChain gave it, one edge per link (coloured when odd: a sale
 * after the export, a record whose sources disagree), one dashed edge per open hand-over (from an
 * open node where no holder before it is known). Positions are preset: the graph never re-lays out.
 */
export function chainDrawing(chain: VehicleChain, i18n: I18n, conflicts: ReadonlySet<string> = new Set()): ChainDrawing {
  const { t } = i18n;
  const layout = layoutChain(chain, conflicts);
  const at = (column: number, lane: number) => ({ x: column * CHAIN_COLUMN_PX, y: lane * CHAIN_LANE_PX });
  const columnOf = (index: number) => layout.holders[index]!.column;
  const nodes: ElementDefinition[] = layout.holders.map((p) => {
    const h = chain.holders[p.index]!;
    return {
      group: 'nodes',
      position: at(p.column, p.lane),
      classes: 'chain',
      data: {
        id: `h${p.index}`,
        label: `${h.name}\n${t(`role.${h.role}`)}${h.by_name.length > 0 ? ` · ${t('chain.by_name_short')}` : ''}${h.acquired ? `\n${i18n.date(h.acquired)}` : ''}`,
        colour: ROLE_COLOURS[h.role],
        party: h.party_id ?? '',
        fragment: p.fragment,
      },
    };
  });
  const money = (price: number | null, currency: string | null) =>
    (price === null ? null : `${CURRENCY_SIGN[currency ?? 'CNY'] ?? `${currency} `}${i18n.num(price)}`);
  const edges: ElementDefinition[] = layout.links.map(({ index, link, anomalies }) => ({
    group: 'edges',
    classes: ['chain', ...anomalies.map((a) => a.replace('_', '-')), columnOf(link.from) === columnOf(link.to) ? 'vertical' : ''].join(' ').trim(),
    data: {
      id: `l${index}`,
      source: `h${link.from}`,
      target: `h${link.to}`,
      width: 2,
      anomalies: anomalies.join(' '),
      label: [
        ...anomalies.map((a) => t(`chain.anomaly.${a}`)),
        i18n.date(link.date),
        money(link.price, link.currency),
        link.days_held !== null ? t('vehicle.days_held', { days: link.days_held }) : null,
      ].filter(Boolean).join('\n'),
      tip: `${t(`chain.link.${link.kind}`)}: ${i18n.msg(citation(link.evidence))}`,
    },
  }));
  for (const { index, gap, open } of layout.gaps) {
    if (open) {
      nodes.push({ group: 'nodes', position: at(open.column, open.lane), classes: 'chain open', data: { id: `o${index}`, label: t('chain.open_node'), colour: '#ffffff' } });
    }
    edges.push({
      group: 'edges',
      classes: gap.from !== null && columnOf(gap.from) === columnOf(gap.to) ? 'chain gap vertical' : 'chain gap',
      data: {
        id: `g${index}`,
        source: gap.from === null ? `o${index}` : `h${gap.from}`,
        target: `h${gap.to}`,
        width: 2,
        anomalies: 'gap',
        label: `${t('chain.anomaly.gap')}\n${i18n.date(gap.date)}`,
        tip: `${t('chain.gap_tip', { kind: t(`chain.link.${gap.kind}`) })}: ${i18n.msg(citation(gap.evidence))}`,
      },
    });
  }
  return {
    elements: [...nodes, ...edges],
    layout,
    width: Math.max(1, layout.columns) * CHAIN_COLUMN_PX,
    height: Math.max(1, layout.lanes) * CHAIN_LANE_PX,
  };
}

/** The records a vehicle's conflicting_sources flag cites, as keys layoutChain reads. */
export const conflictKeys = (conflicts: { record_kind: string; record_id: number }[]): Set<string> =>
  new Set(conflicts.map((c) => recordKey(c.record_kind, c.record_id)));
