import { describe, expect, it } from 'vitest';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { nodeTip } from '../../../renderer/src/lib/network-elements';
import { buildChart, GROUP_FROM, MAX_GROUPS } from '../../../renderer/src/lib/network-groups';
import type { PartyNetwork } from '../../../shared/contract/chain';

/** A centre party (1) buying from `sellers` traders spread over cities and shipping to consignees in two countries. */
function network(sellers: number, cities: number): PartyNetwork {
  const nodes: PartyNetwork['nodes'] = [{ id: 1, name: 'Centre Export', role: 'exporter', vehicles: 0 }];
  const edges: PartyNetwork['edges'] = [];
  for (let i = 0; i < sellers; i++) {
    const id = 100 + i;
    nodes.push({ id, name: `Seller ${i}`, role: i % 7 === 0 ? 'maker' : 'dealer', vehicles: 1 + (i % 5), city: `City ${i % cities}`, flagged: i % 2, value: 1000 });
    edges.push({ source: id, target: 1, vehicles: 1 + (i % 5), first: `2024-0${1 + (i % 9)}-01`, last: '2024-12-01', value: 1000, flagged: i % 2 });
  }
  for (let i = 0; i < 4; i++) {
    nodes.push({ id: 900 + i, name: `Consignee ${i}`, role: 'foreign_buyer', vehicles: 3, country: i < 3 ? 'RU' : 'KZ' });
    edges.push({ source: 1, target: 900 + i, vehicles: 3, first: '2024-02-01', last: '2024-03-01' });
  }
  return { party_id: 1, nodes, edges };
}

const none = { expanded: new Set<string>(), hidden: new Set<number>(), filter: {} };

describe('link chart groups', () => {
  it('groups a crowded side by role and city, keeps counts and vehicle totals, and sums the edges', () => {
    const chart = buildChart(1, [network(300, 40)], none);
    const suppliers = chart.nodes.filter((n) => n.rank === -1);
    expect(suppliers.length).toBeLessThanOrEqual(MAX_GROUPS);
    expect(suppliers.reduce((s, n) => s + n.members.length, 0)).toBe(300);
    expect(suppliers.reduce((s, n) => s + n.vehicles, 0)).toBe(network(300, 40).edges.filter((e) => e.target === 1).reduce((s, e) => s + e.vehicles, 0));
    const makers = suppliers.find((n) => n.id === 'g-1|maker|')!;
    expect(makers.members).toHaveLength(43);
    // Consignees are few: drawn one by one.
    expect(chart.nodes.filter((n) => n.rank === 1).every((n) => n.kind === 'party')).toBe(true);
    const edge = chart.edges.find((e) => e.source === makers.id)!;
    expect(edge.vehicles).toBe(makers.vehicles);
    expect(edge.first).toBe('2024-01-01');
  });

  it('opens a group into its parties, hides parties, filters by country and never drops the centre', () => {
    const small = network(GROUP_FROM + 6, 3);
    const grouped = buildChart(1, [small], none);
    const group = grouped.nodes.find((n) => n.kind === 'group' && n.city === 'City 1')!;
    const opened = buildChart(1, [small], { ...none, expanded: new Set([group.id.slice(1)]) });
    expect(opened.nodes.filter((n) => group.members.includes(Number(n.id.slice(1))) && n.kind === 'party')).toHaveLength(group.members.length);
    const hidden = buildChart(1, [small], { ...none, hidden: new Set([900]) });
    expect(hidden.nodes.some((n) => n.id === 'p900')).toBe(false);
    expect(hidden.hidden).toBe(1);
    const kz = buildChart(1, [small], { ...none, filter: { country: 'KZ' } });
    expect(kz.nodes.map((n) => n.id).sort()).toEqual(['p1', 'p903']);
    expect(kz.edges).toEqual([expect.objectContaining({ source: 'p1', target: 'p903', vehicles: 3 })]);
  });

  it('adds an expanded party\'s counterparties one layer further out', () => {
    const centre = network(3, 1);
    const consignee: PartyNetwork = { party_id: 900, nodes: [{ id: 900, name: 'Consignee 0', role: 'foreign_buyer', vehicles: 3 }, { id: 5000, name: 'Onward buyer', role: 'foreign_buyer', vehicles: 2 }],
      edges: [{ source: 900, target: 5000, vehicles: 2, first: null, last: null }] };
    const chart = buildChart(1, [centre, consignee], none);
    expect(chart.nodes.find((n) => n.id === 'p5000')?.rank).toBe(2);
  });
});

describe("what a node's figures count", () => {
  it('says a counterparty counts the vehicles it traded with the party that drew it, each once, in English and Chinese', () => {
    // Swap Motors (7) sold the centre 2 vehicles and bought 1 of them back: one node of 2 vehicles, two arrows.
    const centre: PartyNetwork = { party_id: 1, nodes: [{ id: 1, name: 'Centre Export', role: 'trader', vehicles: 2 }, { id: 7, name: 'Swap Motors', role: 'dealer', vehicles: 2, flagged: 1 }],
      edges: [{ source: 7, target: 1, vehicles: 2, first: null, last: null, flagged: 1 }, { source: 1, target: 7, vehicles: 1, first: null, last: null, flagged: 1 }] };
    const onward: PartyNetwork = { party_id: 7, nodes: [{ id: 7, name: 'Swap Motors', role: 'dealer', vehicles: 5, flagged: 0 }, { id: 8, name: 'Onward', role: 'trader', vehicles: 3 }],
      edges: [{ source: 7, target: 8, vehicles: 3, first: null, last: null }] };
    const chart = buildChart(1, [centre], none);
    const swap = chart.nodes.find((n) => n.id === 'p7')!;
    expect(swap).toMatchObject({ vehicles: 2, flagged: 1, tradedWith: 'Centre Export' });
    expect(chart.nodes.find((n) => n.id === 'p1')!.tradedWith).toBeNull();
    expect(nodeTip(swap, makeI18n('en'))).toBe('2 vehicles traded with Centre Export, each counted once whether bought from it, sold to it or both; 1 of them flagged. Each arrow counts its own direction.');
    expect(nodeTip(swap, makeI18n('zh'))).toBe('与Centre Export交易的车辆 2 辆（无论从其买入、卖给它或两者皆有，每辆只计一次），其中预警车辆 1 辆。每个箭头只计其方向上的车辆。');
    // Its own counterparties added: it is then the centre of its own network, its vehicles on all its links.
    const expanded = buildChart(1, [centre, onward], none);
    expect(expanded.nodes.find((n) => n.id === 'p7')).toMatchObject({ vehicles: 5, tradedWith: null });
    expect(expanded.nodes.find((n) => n.id === 'p8')).toMatchObject({ tradedWith: 'Swap Motors' });
    expect(nodeTip(expanded.nodes.find((n) => n.id === 'p7')!, makeI18n('en'))).toBe('5 vehicles on all its links, each counted once; 0 of them flagged');
  });
});
