import { describe, expect, it } from 'vitest';
import type { ChainHolder, EvidenceRef, PartyRole, TimelineEvent, VehicleChain } from '../../../shared/contract/chain';
import { drawTimeline } from '../../../shared/timeline-drawing';
import { timelineSvg } from '../../../electron/backend/export/evidence/timeline-svg';
import { layoutChain, recordKey } from '../../../renderer/src/lib/chain-layout';

/*
 * What the chain graph and the timeline draw, before any browser: fragments in rows, odd links
 * named, open hand-overs kept open, one timeline mark per record on its holder's lane.
 */
const ev = (record_kind: EvidenceRef['record_kind'], record_id: number): EvidenceRef =>
  ({ record_kind, record_id, document_id: 1, document_sha256: 'a'.repeat(64), file_name: `${record_kind}.csv`, sheet: null, row: record_id + 1, page: null });
const holder = (name: string, role: PartyRole, acquired: string): ChainHolder =>
  ({ party_id: null, name, role, party_code: null, acquired, price: null, days_held: null, evidence: null, by_name: [] });
const event = (date: string, kind: TimelineEvent['kind'], party: string, evidence: EvidenceRef, odometer_km: number | null = null): TimelineEvent =>
  ({ date, kind, party, odometer_km, detail: kind, detail_msg: { key: kind }, evidence, sources: [] });

/**
 * Maker -> dealer -> trader (sales), the trader exports to a foreign buyer; a used-car invoice sells
 * it on at home after the export (sale after export); a later registration names an owner the records
 * never link to anyone (a gap: a second fragment).
 */
function chain(): VehicleChain {
  return {
    vin: 'LFVLGZAH1RA000574',
    vehicle: { maker: 'FAW', model_year: 2024, make: null, model: null, fuel_type: null, production_date: '2024-01-05' },
    holders: [
      holder('FAW', 'maker', '2024-01-05'), holder('Dealer', 'dealer', '2024-02-01'), holder('Trader', 'exporter', '2024-02-10'),
      holder('Buyer LLC', 'foreign_buyer', '2024-03-01'), holder('Second trader', 'trader', '2024-04-01'), holder('王芳', 'owner', '2024-05-01'),
    ],
    links: [
      { from: 0, to: 1, date: '2024-02-01', price: 100, currency: 'CNY', days_held: 27, kind: 'sale', evidence: ev('sales', 1) },
      { from: 1, to: 2, date: '2024-02-10', price: 110, currency: 'CNY', days_held: 9, kind: 'sale', evidence: ev('sales', 2) },
      { from: 2, to: 3, date: '2024-03-01', price: 120, currency: 'USD', days_held: 20, kind: 'export', evidence: ev('exports', 1) },
      { from: 2, to: 4, date: '2024-04-01', price: 90, currency: 'CNY', days_held: 51, kind: 'sale', evidence: ev('sales', 3) },
    ],
    gaps: [{ from: 4, to: 5, date: '2024-05-01', kind: 'registration', evidence: ev('registrations', 2) }],
    timeline: [
      event('2024-01-05', 'production', 'FAW', ev('vehicles', 1)),
      event('2024-02-01', 'sale', 'Dealer', ev('sales', 1)),
      event('2024-02-10', 'sale', 'Trader', ev('sales', 2)),
      event('2024-02-12', 'registration', 'Trader', ev('registrations', 1), 12),
      event('2024-03-01', 'export', 'Trader', ev('exports', 1), 15),
      event('2024-04-01', 'sale', 'Second trader', ev('sales', 3)),
      event('2024-05-01', 'registration', '王芳', ev('registrations', 2), 30),
    ],
  };
}

describe('chain graph layout', () => {
  it('puts a fragment the records leave open in a row of its own and names odd links', () => {
    const c = chain();
    const layout = layoutChain(c, new Set([recordKey('sales', 2)]));
    expect(layout.fragments).toBe(2);
    const owner = layout.holders[5]!;
    expect(owner.fragment).toBe(1);
    // Below every holder of the first fragment, one column right of the holder before the gap.
    expect(owner.lane).toBeGreaterThan(Math.max(...layout.holders.filter((h) => h.fragment === 0).map((h) => h.lane)));
    expect(owner.column).toBe(layout.holders[4]!.column + 1);
    // Two holders the trader handed to sit in one column on two lanes, never on one spot.
    const spots = layout.holders.map((h) => `${h.column}:${h.lane}`);
    expect(new Set(spots).size).toBe(spots.length);
    expect(layout.links.map((l) => l.anomalies)).toEqual([[], ['conflict'], [], ['after_export']]);
    expect(layout.gaps).toHaveLength(1);
    expect(layout.gaps[0]!.open).toBeNull();
  });

  it('draws an open node where no holder before the first record is known', () => {
    const c = chain();
    const only: VehicleChain = { ...c, holders: [holder('王芳', 'owner', '2024-05-01')], links: [],
      gaps: [{ from: null, to: 0, date: '2024-05-01', kind: 'registration', evidence: ev('registrations', 2) }], timeline: c.timeline.slice(6) };
    const layout = layoutChain(only);
    expect(layout.gaps[0]!.open).toEqual({ column: 0, lane: 0 });
    expect(layout.holders[0]).toMatchObject({ column: 1, lane: 0 });
  });
});

describe('timeline drawing', () => {
  it('gives one mark per record on its holder\'s lane, the odometer line and the zero-mileage window', () => {
    const c = chain();
    const d = drawTimeline(c);
    expect(d.marks).toHaveLength(c.timeline.length);
    const laneOf = (i: number) => d.lanes[d.marks[i]!.lane]!.name;
    expect([0, 1, 2, 3, 4, 5, 6].map(laneOf)).toEqual(['FAW', 'Dealer', 'Trader', 'Trader', 'Trader', 'Second trader', '王芳']);
    // It runs past the last record: cut at the plot's end, not stretching the axis.
    expect(d.window).toMatchObject({ from: '2024-02-12', to: '2024-08-10', days: 180, cut: true, x2: d.width });
    expect(d.to < '2024-08-10').toBe(true);
    expect(d.odometer!.points.map((p) => p.km)).toEqual([12, 15, 30]);
    // Hand-overs cross lanes; the open one is dashed.
    expect(d.connectors.filter((x) => x.open)).toHaveLength(1);
    expect(d.connectors).toHaveLength(5);
    // Marks in date order left to right, inside the plot.
    const xs = d.marks.map((m) => m.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...xs)).toBeLessThan(d.width);
  });

  it('stacks marks of one day on one lane instead of drawing them on top of each other', () => {
    const c = chain();
    const same = { ...c, timeline: [...c.timeline, event('2024-02-12', 'transfer', 'Trader', ev('registrations', 3))] };
    const d = drawTimeline(same);
    const a = d.marks[3]!;
    const b = d.marks[7]!;
    expect(a.lane).toBe(b.lane);
    expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(18);
  });

  it('prints the same drawing in the evidence sheet, each mark citing its document and row', () => {
    const svg = timelineSvg(chain());
    expect(svg).toContain('data-events="7"');
    expect(svg.match(/<g class="event"/g)).toHaveLength(7);
    expect(svg).toContain('<title>5. 2024-03-01 · export · 15 km — exports.csv row 2</title>');
    expect(svg).toContain('zero-mileage window (180 days after first registration)');
  });
});
