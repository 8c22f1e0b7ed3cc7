import type { ElementDefinition, LayoutOptions } from 'cytoscape';
import { ROLE_COLOURS } from '../components/graph-style';
import type { I18n } from '../i18n/format';
import type { Chart, ChartNode } from './network-groups';
import { layeredPositions, type Point } from './network-layout';

export type ChartLayout = 'layered' | 'concentric' | 'force';

/** Width grows with the log of the vehicles, so one big flow does not flatten the rest. */
export const edgeWidth = (vehicles: number) => Math.min(10, 1 + 1.2 * Math.log2(1 + vehicles));

export function nodeLabel(node: ChartNode, i18n: I18n): string {
  const { t, num } = i18n;
  const figures = t('network.node_figures', { vehicles: num(node.vehicles), flagged: num(node.flagged) });
  // The role is the node's colour (see the legend): two short lines keep rows close.
  if (node.kind === 'party') return `${node.name}\n${figures}`;
  const place = node.country ?? node.city ?? t('network.group_other');
  const title = node.role === 'maker' && !node.city ? t('network.group_makers', { count: num(node.members.length) })
    : t('network.group_title', { place, role: t(`role.${node.role}`), count: num(node.members.length) });
  return `${title}\n${figures}`;
}

/**
 * A node's tooltip: what its figures count. A counterparty's vehicles are those it traded with the
 * party that drew it, each once whichever way it went (its arrows count one direction each); the
 * party at a network's centre counts its vehicles on all its links; a group adds up its members.
 */
export function nodeTip(node: ChartNode, i18n: I18n): string {
  const { t, num } = i18n;
  const figures = { vehicles: num(node.vehicles), flagged: num(node.flagged) };
  if (node.kind === 'group') return t('network.group_tip', { ...figures, party: node.tradedWith ?? '', count: num(node.members.length) });
  return node.tradedWith === null ? t('network.centre_tip', figures) : t('network.node_tip', { ...figures, party: node.tradedWith });
}

/** One line for an edge's tooltip: vehicles, value and dates. */
export function edgeTip(edge: Chart['edges'][number], i18n: I18n): string {
  return i18n.t('network.edge_tip', {
    vehicles: i18n.num(edge.vehicles), flagged: i18n.num(edge.flagged),
    value: edge.value === null ? i18n.t('common.none') : i18n.num(edge.value), first: i18n.date(edge.first), last: i18n.date(edge.last),
  });
}

/**
 * Cytoscape elements for the chart. In the layered layout every node gets its position (pinned
 * ones keep theirs); labels sit beside the nodes, away from the centre.
 */
export function chartElements(chart: Chart, i18n: I18n, options: { layout: ChartLayout; pinned: Map<string, Point>; matches: Set<string> }): ElementDefinition[] {
  const positions = options.layout === 'layered' ? layeredPositions(chart.nodes) : new Map<string, Point>();
  return [
    ...chart.nodes.map((n) => {
      const pinned = options.pinned.get(n.id);
      const position = pinned ?? positions.get(n.id);
      const classes = [n.kind === 'group' ? 'group' : '', n.rank === 0 ? 'centre' : n.rank < 0 ? 'label-left' : 'label-right',
        n.flagged > 0 ? 'flagged' : '', pinned ? 'pinned' : '', options.matches.has(n.id) ? 'match' : ''].filter(Boolean).join(' ');
      return {
        group: 'nodes' as const,
        data: { id: n.id, label: nodeLabel(n, i18n), tip: nodeTip(n, i18n), colour: ROLE_COLOURS[n.role], rank: n.rank, kind: n.kind, country: n.country, city: n.city, members: n.members.length },
        classes,
        ...(position ? { position: { ...position } } : {}),
        ...(pinned ? { locked: true } : {}),
      };
    }),
    ...chart.edges.map((e) => ({
      group: 'edges' as const,
      classes: 'link-chart',
      data: { id: e.id, source: e.source, target: e.target, width: edgeWidth(e.vehicles), tip: edgeTip(e, i18n) },
    })),
  ];
}

export function layoutOptions(layout: ChartLayout, centre: string): LayoutOptions {
  switch (layout) {
    case 'layered': return { name: 'preset' };
    case 'concentric': return {
      name: 'concentric', minNodeSpacing: 40, avoidOverlap: true,
      // The centre party in the middle, its direct counterparties on the next ring, and so on.
      concentric: (node: { data(key: string): unknown }) => 100 - Math.abs(Number(node.data('rank'))), levelWidth: () => 1, centre,
    } as LayoutOptions;
    case 'force': return { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 400_000, idealEdgeLength: () => 160, numIter: 600 } as LayoutOptions;
    default: {
      const never: never = layout;
      throw new Error(`unknown layout ${String(never)}`);
    }
  }
}
