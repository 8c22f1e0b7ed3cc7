import { describe, expect, it } from 'vitest';
import { layeredPositions } from '../../../renderer/src/lib/network-layout';
import type { PartyNetwork } from '../../../shared/contract/chain';

describe('layered party-network layout', () => {
  it('puts suppliers left, the party in the middle, buyers right, each node once and none on another', () => {
    const nodes: PartyNetwork['nodes'] = [{ id: 1, name: 'party', role: 'trader', vehicles: 0 }];
    const edges: PartyNetwork['edges'] = [];
    for (let i = 2; i <= 2000; i++) {
      const supplier = i <= 400;
      nodes.push({ id: i, name: `n${i}`, role: supplier ? 'dealer' : 'foreign_buyer', vehicles: i % 17 });
      edges.push(supplier ? { source: i, target: 1, vehicles: i % 17, first: null, last: null } : { source: 1, target: i, vehicles: i % 17, first: null, last: null });
    }
    const positions = layeredPositions({ party_id: 1, nodes, edges });
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
    const suppliers = [...positions.entries()].filter(([id]) => id >= 2 && id <= 400).sort((a, b) => a[1].x - b[1].x || a[1].y - b[1].y);
    expect(nodes.find((n) => n.id === suppliers[0]![0])!.vehicles).toBe(16);
  });
});
