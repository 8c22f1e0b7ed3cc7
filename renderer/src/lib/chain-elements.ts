import { makerFromWmiShort } from '../../../shared/maker-from-wmi';
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
    const fromWmi = makerFromWmiShort(h);
    return {
      group: 'nodes',
      position: at(p.column, p.lane),
      classes: 'chain',
      data: {
        id: `h${p.index}`,
        // A maker taken from the VIN's WMI says so beside its role: it is not a recorded fact.
        label: `${h.name}\n${t(`role.${h.role}`)}${h.by_name.length > 0 ? ` · ${t('chain.by_name_short')}` : ''}${fromWmi ? ` · ${i18n.msg(fromWmi)}` : ''}${h.acquired ? `\n${i18n.date(h.acquired)}` : ''}`,
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
  routeAround(nodes, edges);
  return {
    elements: [...nodes, ...edges],
    layout,
    width: Math.max(1, layout.columns) * CHAIN_COLUMN_PX,
    height: Math.max(1, layout.lanes) * CHAIN_LANE_PX,
  };
}

type Box = { x1: number; y1: number; x2: number; y2: number };

/** A node's disc at zoom 1 (graph-style: 28 px, an open node 20 px) with room for the line beside it. */
const NODE_HALF = 14;
const CLEARANCE = 10;
/** Bends tried, nearest first: a control point this far off the straight line, either side. */
const BENDS = Array.from({ length: 14 }, (_, i) => (i + 1) * 40).flatMap((d) => [d, -d]);

type Point = { x: number; y: number };

const textWidth = (line: string, latin: number, cjk: number) => [...line].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? cjk : latin), 0);

/** Where a node's label lies at zoom 1: under the node, centred, at most 190 px wide, about 15 px a line. */
function nodeLabelBox(p: Point, label: string): Box {
  const lines = label.split('\n');
  const half = Math.min(190, Math.max(...lines.map((l) => textWidth(l, 7, 12)))) / 2;
  return { x1: p.x - half, x2: p.x + half, y1: p.y + NODE_HALF, y2: p.y + NODE_HALF + 6 + lines.length * 15 };
}

/** Where a straight link's label lies at zoom 1: over its middle, 26 px up (graph-style: edge.chain), 11 px text. */
function edgeLabelBox(a: Point, b: Point, label: string): Box {
  const lines = label.split('\n');
  const half = Math.max(...lines.map((l) => textWidth(l, 6.5, 11))) / 2 + 2;
  const x = (a.x + b.x) / 2;
  const y = (a.y + b.y) / 2 - 26;
  return { x1: x - half, x2: x + half, y1: y - lines.length * 7, y2: y + lines.length * 7 };
}

const inside = (p: Point, b: Box) => p.x > b.x1 && p.x < b.x2 && p.y > b.y1 && p.y < b.y2;

const crosses = (p: Point, q: Point, a: Point, b: Point) => {
  const side = (u: Point, v: Point, w: Point) => Math.sign((v.x - u.x) * (w.y - u.y) - (v.y - u.y) * (w.x - u.x));
  return side(p, q, a) * side(p, q, b) < 0 && side(a, b, p) * side(a, b, q) < 0;
};

/** Points along the curve Cytoscape draws for an unbundled bezier with one control point at weight 0.5, `bend` px off the line. */
function curvePoints(a: Point, b: Point, bend: number): Point[] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  // Cytoscape's normal to the line from source to target: (-dy, dx).
  const c = { x: (a.x + b.x) / 2 - (dy / len) * bend, y: (a.y + b.y) / 2 + (dx / len) * bend };
  const points = [a];
  for (let i = 1; i < 50; i++) {
    const t = i / 50;
    const u = 1 - t;
    points.push({ x: u * u * a.x + 2 * u * t * c.x + t * t * b.x, y: u * u * a.y + 2 * u * t * c.y + t * t * b.y });
  }
  points.push(b);
  return points;
}

/**
 * An edge whose straight line would cross a holder it does not join (a hand-over drawn back across
 * the chain, over the node between) is bent around it: of the bends whose curve clears every other
 * node, the one over the fewest labels, then across the fewest other edges, then the nearest. The
 * edge carries the bend as `bend` (class `detour`).
 */
function routeAround(nodes: ElementDefinition[], edges: ElementDefinition[]): void {
  const place = new Map(nodes.map((n) => [String(n.data.id), { x: n.position!.x, y: n.position!.y, label: String(n.data.label ?? '') }]));
  const ends = (e: ElementDefinition) => ({ a: place.get(String(e.data.source)), b: place.get(String(e.data.target)) });
  for (const edge of edges) {
    const source = String(edge.data.source);
    const target = String(edge.data.target);
    const { a, b } = ends(edge);
    if (!a || !b) continue;
    const others = [...place].filter(([id]) => id !== source && id !== target).map(([, p]) => p);
    const bodies = others.map((p) => ({ x1: p.x - NODE_HALF - CLEARANCE, x2: p.x + NODE_HALF + CLEARANCE, y1: p.y - NODE_HALF - CLEARANCE, y2: p.y + NODE_HALF + CLEARANCE }));
    const lines = edges.filter((e) => e !== edge).map((e) => ({ e, ...ends(e) })).filter((l): l is { e: ElementDefinition; a: typeof a; b: typeof a } => !!l.a && !!l.b);
    const labels = [
      ...others.map((p) => nodeLabelBox(p, p.label)),
      ...lines.filter((l) => l.e.data.bend === undefined).map((l) => edgeLabelBox(l.a, l.b, String(l.e.data.label ?? ''))),
    ];
    // Edges meeting this one at a node are not counted as crossing it.
    const apart = lines.filter((l) => ![source, target].includes(String(l.e.data.source)) && ![source, target].includes(String(l.e.data.target)));
    const cost = (bend: number) => {
      const points = curvePoints(a, b, bend);
      const over = (boxes: Box[]) => boxes.filter((box) => points.some((q) => inside(q, box))).length;
      let crossings = 0;
      for (const l of apart) for (let i = 1; i < points.length; i++) if (crosses(points[i - 1]!, points[i]!, l.a, l.b)) crossings++;
      return [over(bodies), over(labels), crossings, Math.abs(bend)];
    };
    if (cost(0)[0] === 0) continue;
    const better = (x: number[], y: number[]) => { for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!; return false; };
    let best = BENDS[0]!;
    let bestCost = cost(best);
    for (const bend of BENDS.slice(1)) {
      const c = cost(bend);
      if (better(c, bestCost)) { best = bend; bestCost = c; }
    }
    edge.data.bend = best;
    edge.classes = `${String(edge.classes ?? '')} detour`.trim();
  }
}

/** The records a vehicle's conflicting_sources flag cites, as keys layoutChain reads. */
export const conflictKeys = (conflicts: { record_kind: string; record_id: number }[]): Set<string> =>
  new Set(conflicts.map((c) => recordKey(c.record_kind, c.record_id)));
