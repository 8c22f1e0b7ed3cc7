import type { PartyNetwork, PartyNetworkEdge, PartyNetworkNode, PartyRole } from '../../../shared/contract/chain';

/**
 * What the link chart draws from one or more party networks: parties, or groups of parties that
 * share a side of the centre party and a place (makers; sellers by city; consignees by country),
 * so that a side with hundreds of counterparties reads as a dozen boxes with counts.
 */
export type ChartNode = {
  /** `p<party id>` or `g<group key>`. */
  id: string;
  kind: 'party' | 'group';
  name: string;
  role: PartyRole;
  vehicles: number;
  flagged: number;
  value: number | null;
  city: string | null;
  country: string | null;
  /** Party ids behind the node (one for a party). */
  members: number[];
  /**
   * Whom its figures count trades with: the name of the party whose network drew it (the centre,
   * or a party whose counterparties were added), its vehicles distinct over its links with that
   * party; null for a party at the centre of its own network (its vehicles on all its links).
   * A group's figures are its members' added up.
   */
  tradedWith: string | null;
  /** Layer left to right: suppliers < 0, the centre 0, buyers and consignees > 0. */
  rank: number;
};
export type ChartEdge = { id: string; source: string; target: string; vehicles: number; value: number | null; flagged: number; first: string | null; last: string | null };
export type Chart = { nodes: ChartNode[]; edges: ChartEdge[]; hidden: number };

export type ChartFilter = {
  /** Part of a name, city or country, any case. */
  text?: string;
  roles?: PartyRole[];
  city?: string;
  country?: string;
  minFlagged?: number;
};

/** A side with more counterparties than this is grouped. */
export const GROUP_FROM = 12;
/** Groups per side beyond which the smallest are folded into one "other" group. */
export const MAX_GROUPS = 12;

/**
 * Merges networks (the centre's and those expanded from its nodes): a node once, edges once per
 * pair. `figuresFrom` says, for each node, which network's party its figures count trades with.
 */
export function mergeNetworks(networks: PartyNetwork[]): { nodes: Map<number, PartyNetworkNode>; edges: PartyNetworkEdge[]; figuresFrom: Map<number, number | null> } {
  const nodes = new Map<number, PartyNetworkNode>();
  const edges = new Map<string, PartyNetworkEdge>();
  const figuresFrom = new Map<number, number | null>();
  for (const network of networks) {
    for (const node of network.nodes) {
      if (nodes.has(node.id) && node.id !== network.party_id) continue;
      nodes.set(node.id, { ...nodes.get(node.id), ...node });
      figuresFrom.set(node.id, network.party_id);
    }
    for (const edge of network.edges) {
      const key = `${edge.source}>${edge.target}`;
      if (!edges.has(key)) edges.set(key, edge);
    }
  }
  return { nodes, edges: [...edges.values()], figuresFrom };
}

/** Layers from the centre along the flow of vehicles: a supplier one left of its buyer. */
function ranks(center: number, edges: PartyNetworkEdge[]): Map<number, number> {
  const rank = new Map<number, number>([[center, 0]]);
  for (let changed = true, rounds = 0; changed && rounds < 50; rounds++) {
    changed = false;
    for (const e of edges) {
      const s = rank.get(e.source);
      const t = rank.get(e.target);
      if (t !== undefined && s === undefined) { rank.set(e.source, t - 1); changed = true; }
      else if (s !== undefined && t === undefined) { rank.set(e.target, s + 1); changed = true; }
    }
  }
  return rank;
}

export function matches(node: PartyNetworkNode, filter: ChartFilter): boolean {
  const text = filter.text?.trim().toLowerCase();
  if (text && ![node.name, node.city ?? '', node.country ?? ''].some((v) => v.toLowerCase().includes(text))) return false;
  if (filter.roles && filter.roles.length > 0 && !filter.roles.includes(node.role)) return false;
  if (filter.city && node.city !== filter.city) return false;
  if (filter.country && node.country !== filter.country) return false;
  if (filter.minFlagged && (node.flagged ?? 0) < filter.minFlagged) return false;
  return true;
}

/** The place a counterparty is grouped by: makers together, consignees by country, others by city. */
function groupKey(node: PartyNetworkNode, rank: number): string {
  if (node.role === 'maker') return `${rank}|maker|`;
  if (node.role === 'foreign_buyer') return `${rank}|foreign_buyer|${node.country ?? ''}`;
  return `${rank}|${node.role}|${node.city ?? ''}`;
}

/**
 * Builds the chart: filters and hidden parties removed (the centre always stays), the centre's
 * direct counterparties grouped side by side unless their group is expanded, edges summed.
 */
export function buildChart(center: number, networks: PartyNetwork[], options: { expanded: Set<string>; hidden: Set<number>; filter: ChartFilter }): Chart {
  const { nodes, edges, figuresFrom } = mergeNetworks(networks);
  const tradedWith = (id: number): string | null => {
    const from = figuresFrom.get(id);
    return from === undefined || from === null || from === id ? null : nodes.get(from)?.name ?? null;
  };
  const rank = ranks(center, edges);
  const shown = new Map<number, PartyNetworkNode>();
  let hidden = 0;
  for (const node of nodes.values()) {
    if (node.id !== center && (options.hidden.has(node.id) || !matches(node, options.filter))) { hidden++; continue; }
    shown.set(node.id, node);
  }
  // Which chart node each shown party is drawn as.
  const drawnAs = new Map<number, string>();
  const groups = new Map<string, PartyNetworkNode[]>();
  const neighbours = new Map<number, PartyNetworkNode[]>();
  for (const e of edges) {
    const other = e.source === center ? e.target : e.target === center ? e.source : null;
    const node = other === null ? undefined : shown.get(other);
    if (!node) continue;
    const r = rank.get(node.id) ?? 1;
    if (!neighbours.has(r)) neighbours.set(r, []);
    if (!neighbours.get(r)!.includes(node)) neighbours.get(r)!.push(node);
  }
  for (const [r, side] of neighbours) {
    if (side.length <= GROUP_FROM) continue;
    const bySize = new Map<string, PartyNetworkNode[]>();
    for (const node of side) {
      const key = groupKey(node, r);
      if (!bySize.has(key)) bySize.set(key, []);
      bySize.get(key)!.push(node);
    }
    const ordered = [...bySize].sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]));
    ordered.forEach(([key, members], i) => {
      const groupId = i < MAX_GROUPS - 1 || ordered.length <= MAX_GROUPS ? key : `${r}|other|`;
      if (!groups.has(groupId)) groups.set(groupId, []);
      groups.get(groupId)!.push(...members);
    });
  }
  const chartNodes: ChartNode[] = [];
  for (const [key, members] of groups) {
    if (members.length === 1 || options.expanded.has(key)) continue;
    const [r, role, place] = key.split('|') as [string, PartyRole | 'other', string];
    const first = members[0]!;
    const id = `g${key}`;
    for (const m of members) drawnAs.set(m.id, id);
    chartNodes.push({
      id, kind: 'group', name: place || (role === 'other' ? '' : ''), role: role === 'other' ? first.role : role,
      vehicles: total(members), flagged: members.reduce((s, m) => s + (m.flagged ?? 0), 0),
      value: members.reduce<number | null>((s, m) => (m.value == null ? s : (s ?? 0) + m.value), null),
      city: role === 'foreign_buyer' || role === 'other' ? null : place || null, country: role === 'foreign_buyer' ? place || null : null,
      members: members.map((m) => m.id), rank: Number(r), tradedWith: nodes.get(center)?.name ?? null,
    });
  }
  for (const node of shown.values()) {
    if (drawnAs.has(node.id)) continue;
    drawnAs.set(node.id, `p${node.id}`);
    chartNodes.push({ id: `p${node.id}`, kind: 'party', name: node.name, role: node.role, vehicles: node.vehicles, flagged: node.flagged ?? 0,
      value: node.value ?? null, city: node.city ?? null, country: node.country ?? null, members: [node.id], rank: rank.get(node.id) ?? 1, tradedWith: tradedWith(node.id) });
  }
  const chartEdges = new Map<string, ChartEdge>();
  for (const e of edges) {
    const source = drawnAs.get(e.source);
    const target = drawnAs.get(e.target);
    if (!source || !target || source === target) continue;
    const id = `${source}>${target}`;
    const known = chartEdges.get(id);
    if (!known) {
      chartEdges.set(id, { id, source, target, vehicles: e.vehicles, value: e.value ?? null, flagged: e.flagged ?? 0, first: e.first, last: e.last });
      continue;
    }
    known.vehicles += e.vehicles;
    known.flagged += e.flagged ?? 0;
    if (e.value != null) known.value = (known.value ?? 0) + e.value;
    if (e.first && (!known.first || e.first < known.first)) known.first = e.first;
    if (e.last && (!known.last || e.last > known.last)) known.last = e.last;
  }
  return { nodes: chartNodes, edges: [...chartEdges.values()], hidden };
}

function total(nodes: PartyNetworkNode[]): number {
  return nodes.reduce((s, n) => s + n.vehicles, 0);
}
