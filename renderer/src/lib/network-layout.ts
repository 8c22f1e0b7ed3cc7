import type { PartyNetwork } from '../../../shared/contract/chain';

export type Point = { x: number; y: number };

/** Beyond this many nodes dagre's crossing minimisation gets slow (seconds at 2,000 nodes around one hub). */
export const DAGRE_MAX_NODES = 150;

const ROW_GAP = 56;
const COLUMN_GAP = 220;
const RANK_GAP = 420;
const PER_COLUMN = 30;

/**
 * A layered left-to-right layout for big party networks: suppliers (makers, dealers) on the left,
 * the party in the middle, buyers and consignees on the right; within a layer the biggest flows
 * come first and long layers wrap into columns. Linear after the sort, so 2,000 nodes are instant.
 */
export function layeredPositions(network: PartyNetwork): Map<number, Point> {
  const center = network.party_id;
  const rank = new Map<number, number>();
  for (const edge of network.edges) {
    if (edge.target === center && !rank.has(edge.source)) rank.set(edge.source, 0);
    if (edge.source === center && !rank.has(edge.target)) rank.set(edge.target, 2);
  }
  const layers: PartyNetwork['nodes'][] = [[], [], []];
  for (const node of network.nodes) layers[node.id === center ? 1 : (rank.get(node.id) ?? 2)]!.push(node);
  const positions = new Map<number, Point>();
  let x = 0;
  for (const layer of layers) {
    if (layer.length === 0) continue;
    layer.sort((a, b) => b.vehicles - a.vehicles || a.id - b.id);
    const columns = Math.ceil(layer.length / PER_COLUMN);
    const rows = Math.min(layer.length, PER_COLUMN);
    layer.forEach((node, i) => {
      const column = Math.floor(i / PER_COLUMN);
      const row = i % PER_COLUMN;
      positions.set(node.id, { x: x + column * COLUMN_GAP, y: (row - (rows - 1) / 2) * ROW_GAP });
    });
    x += (columns - 1) * COLUMN_GAP + RANK_GAP;
  }
  return positions;
}
