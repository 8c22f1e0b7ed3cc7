import type { ChainGap, ChainLink, VehicleChain } from '../../../shared/contract/chain';
import type { RecordKind } from '../../../shared/record-kinds';

/**
 * Where each holder of a chain goes, and what is odd about each link, before anything is drawn.
 *
 * A fragment is a run of holders joined by links (records naming both ends). A vehicle whose records
 * leave a hand-over open (a registration naming only the new owner, an accepted used-car invoice
 * from a seller never seen before) has several fragments: each gets its own row, so no fragment is
 * drawn over another's labels. Columns follow the order of hand-overs (a holder sits one column right
 * of the holder it came from, by a link or an open hand-over), so the rows line up in time. Two
 * holders of one fragment in the same column (a vehicle on two declarations to two consignees) take
 * lanes one under the other.
 */
export type LinkAnomaly = 'after_export' | 'conflict';

export type PlacedHolder = { index: number; column: number; lane: number; fragment: number };
export type PlacedLink = { index: number; link: ChainLink; anomalies: LinkAnomaly[] };
/** An open hand-over; `from` is null where no holder before it is known (drawn from an open node). */
export type PlacedGap = { index: number; gap: ChainGap; open: { column: number; lane: number } | null };

export type ChainLayout = {
  holders: PlacedHolder[];
  links: PlacedLink[];
  gaps: PlacedGap[];
  fragments: number;
  lanes: number;
  columns: number;
};

type Hop = { from: number | null; to: number; date: string; gap: number | null };

function findRoot(parent: number[], i: number): number {
  let r = i;
  while (parent[r] !== r) r = parent[r]!;
  return r;
}

/** Records whose sources disagree, as `kind:id` keys. */
export const recordKey = (kind: RecordKind | string, id: number) => `${kind}:${id}`;

export function layoutChain(chain: VehicleChain, conflicts: ReadonlySet<string> = new Set()): ChainLayout {
  const n = chain.holders.length;
  // Hand-overs in date order; a link before an open hand-over of the same day (as the chain was built).
  const hops: Hop[] = [
    ...chain.links.map((l) => ({ from: l.from, to: l.to, date: l.date, gap: null })),
    ...chain.gaps.map((g, i) => ({ from: g.from, to: g.to, date: g.date, gap: i })),
  ].sort((a, b) => a.date.localeCompare(b.date) || (a.gap === null ? 0 : 1) - (b.gap === null ? 0 : 1));

  const column = new Map<number, number>();
  const openColumn = new Map<number, number>();
  if (n > 0 && chain.holders[0]!.role === 'maker') column.set(0, 0);
  let last: number | null = column.has(0) ? 0 : null;
  const next = () => (last === null ? 0 : column.get(last)! + 1);
  for (const hop of hops) {
    if (hop.from !== null && !column.has(hop.from)) column.set(hop.from, next());
    if (!column.has(hop.to)) column.set(hop.to, hop.from !== null ? column.get(hop.from)! + 1 : next() + (last === null ? 1 : 0));
    if (hop.from === null && hop.gap !== null) openColumn.set(hop.gap, column.get(hop.to)! - 1);
    last = hop.to;
  }
  for (let i = 0; i < n; i++) if (!column.has(i)) column.set(i, 0);
  const shift = Math.min(0, ...column.values(), ...openColumn.values());

  // Fragments: holders joined by links (open hand-overs do not join).
  const parent = Array.from({ length: n }, (_, i) => i);
  for (const l of chain.links) parent[findRoot(parent, l.from)] = findRoot(parent, l.to);
  const fragmentOfRoot = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = findRoot(parent, i);
    if (!fragmentOfRoot.has(root)) fragmentOfRoot.set(root, fragmentOfRoot.size);
  }
  const fragmentOf = (i: number) => fragmentOfRoot.get(findRoot(parent, i))!;

  // Lanes inside each fragment: the second holder (or open node) in a column goes under the first.
  const taken = new Map<string, number>();
  const laneIn = (fragment: number, col: number) => {
    const key = `${fragment}:${col}`;
    const lane = taken.get(key) ?? 0;
    taken.set(key, lane + 1);
    return lane;
  };
  const holders = chain.holders.map((_, i) => {
    const fragment = fragmentOf(i);
    const col = column.get(i)! - shift;
    return { index: i, column: col, lane: laneIn(fragment, col), fragment };
  });
  const gaps = chain.gaps.map((gap, i) => {
    const col = openColumn.get(i);
    return { index: i, gap, open: col === undefined ? null : { column: col - shift, lane: laneIn(fragmentOf(gap.to), col - shift) } };
  });

  // Rows: each fragment as tall as its most crowded column, one after another.
  const fragments = fragmentOfRoot.size;
  const height = Array.from({ length: fragments }, () => 1);
  for (const [key, count] of taken) {
    const f = Number(key.split(':')[0]);
    height[f] = Math.max(height[f]!, count);
  }
  const top: number[] = [];
  let lanes = 0;
  for (let f = 0; f < fragments; f++) { top.push(lanes); lanes += height[f]!; }
  for (const h of holders) h.lane += top[h.fragment]!;
  for (const g of gaps) if (g.open) g.open.lane += top[fragmentOf(g.gap.to)]!;

  const exported = chain.timeline.filter((e) => e.kind === 'export').map((e) => e.date).sort()[0] ?? null;
  const links = chain.links.map((link, index) => {
    const anomalies: LinkAnomaly[] = [];
    // A sale invoiced after the vehicle was declared for export: sold at home once it had left.
    if (link.kind === 'sale' && exported !== null && link.date > exported) anomalies.push('after_export');
    if (conflicts.has(recordKey(link.evidence.record_kind, link.evidence.record_id))) anomalies.push('conflict');
    return { index, link, anomalies };
  });
  const columns = Math.max(0, ...holders.map((h) => h.column + 1), ...gaps.map((g) => (g.open ? g.open.column + 1 : 0)));
  return { holders, links, gaps, fragments, lanes: Math.max(lanes, n > 0 ? 1 : 0), columns };
}
