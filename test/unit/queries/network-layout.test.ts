import { describe, expect, it } from 'vitest';
import { layeredPositions } from '../../../renderer/src/lib/network-layout';

describe('layered party-network layout', () => {
  it('puts suppliers left, the party in the middle, buyers right, each node once and none on another', () => {
    const nodes = [{ id: 1, rank: 0, vehicles: 0 }];
    for (let i = 2; i <= 2000; i++) nodes.push({ id: i, rank: i <= 400 ? -1 : 1, vehicles: i % 17 });
    const positions = layeredPositions(nodes);
    expect(positions.size).toBe(2000);
    const center = positions.get(1)!;
    for (let i = 2; i <= 2000; i++) {
      const p = positions.get(i)!;
      if (i <= 400) expect(p.x).toBeLessThan(center.x);
      else expect(p.x).toBeGreaterThan(center.x);
    }
    const distinct = new Set([...positions.values()].map((p) => `${p.x},${p.y}`));
    expect(distinct.size).toBe(2000);
    // The biggest flows come first (top of the first column) in each layer.
    // (the first column is the one next to the centre).
    const suppliers = [...positions.entries()].filter(([id]) => id >= 2 && id <= 400).sort((a, b) => b[1].x - a[1].x || a[1].y - b[1].y);
    expect(nodes.find((n) => n.id === suppliers[0]![0])!.vehicles).toBe(16);
  });
});
