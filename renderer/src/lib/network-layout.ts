export type Point = { x: number; y: number };
export type Layered<K> = { id: K; rank: number; vehicles: number };

/** Rows in a layer: two lines of 12 px labels beside 26 px nodes, with air. */
export const ROW_GAP = 46;
/** Columns of a wrapped layer: room for a label of ~200 px beside each node. */
export const COLUMN_GAP = 260;
/** Between layers: room for a label beside each node and the edges' run between them. */
export const RANK_GAP = 320;
export const PER_COLUMN = 14;

/**
 * A layered left-to-right layout for party networks: suppliers (makers, dealers) on the left,
 * the party in the middle, buyers and consignees on the right (one layer per step of the flow);
 * within a layer the biggest flows come first and long layers wrap into columns that grow away
 * from the centre. Linear after the sort, so 2,000 nodes are instant.
 */
export function layeredPositions<K>(nodes: Layered<K>[]): Map<K, Point> {
  const layers = new Map<number, Layered<K>[]>();
  for (const node of nodes) {
    if (!layers.has(node.rank)) layers.set(node.rank, []);
    layers.get(node.rank)!.push(node);
  }
  const positions = new Map<K, Point>();
  const columnsOf = (rank: number) => Math.ceil((layers.get(rank)?.length ?? 0) / PER_COLUMN);
  // x of each layer's first column, outward from rank 0 on both sides.
  const start = new Map<number, number>([[0, 0]]);
  const ranks = [...layers.keys()].sort((a, b) => a - b);
  const wrapped = (rank: number) => Math.max(0, columnsOf(rank) - 1) * COLUMN_GAP;
  for (let r = 1; r <= Math.max(0, ...ranks); r++) start.set(r, start.get(r - 1)! + wrapped(r - 1) + RANK_GAP);
  for (let r = -1; r >= Math.min(0, ...ranks); r--) start.set(r, start.get(r + 1)! - wrapped(r + 1) - RANK_GAP);
  for (const [rank, layer] of layers) {
    layer.sort((a, b) => b.vehicles - a.vehicles || String(a.id).localeCompare(String(b.id)));
    const rows = Math.min(layer.length, PER_COLUMN);
    const outward = rank < 0 ? -1 : 1;
    layer.forEach((node, i) => {
      const column = Math.floor(i / PER_COLUMN);
      const row = i % PER_COLUMN;
      positions.set(node.id, { x: start.get(rank)! + outward * column * COLUMN_GAP, y: (row - (rows - 1) / 2) * ROW_GAP });
    });
  }
  return positions;
}
