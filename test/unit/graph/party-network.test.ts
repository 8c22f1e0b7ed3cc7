import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCaseNetwork, buildPartyNetwork } from '../../../electron/backend/graph/party-network';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

let f: Fixture;
beforeEach(() => {
  f = createFixture();
  const buy = (n: number, maker: string, date: string, consignee: string | null, exportDate: string) => {
    const vin = fixtureVin(n);
    f.vehicle(vin, { manufacturer: maker });
    f.sale({ vin, date, seller: maker, buyer: 'Horgos Trade' });
    if (consignee) f.export({ vin, date: exportDate, exporter: 'Horgos Trade', consignee });
  };
  buy(1, 'BYD Auto', '2024-01-05', 'OOO Avto', '2024-01-20');
  buy(2, 'BYD Auto', '2024-02-05', 'OOO Avto', '2024-02-20');
  buy(3, 'Chery', '2024-03-05', 'Kaz Motors', '2024-03-20');
  buy(4, 'Chery', '2024-06-05', null, '');
  f.vehicle(fixtureVin(5), { manufacturer: 'Chery' });
  f.export({ vin: fixtureVin(5), date: '2024-03-01', exporter: 'Small Exporter', consignee: 'Kaz Motors' });
});
afterEach(() => f.remove());

describe('buildPartyNetwork', () => {
  it('weights makers and consignees by vehicles', () => {
    const id = f.party('Horgos Trade');
    const network = buildPartyNetwork(f.caseFile.db, id);
    expect(network.party_id).toBe(id);
    expect(network.nodes.map((n) => [n.name, n.role, n.vehicles])).toEqual([
      ['Horgos Trade', 'exporter', 4], ['BYD Auto', 'maker', 2], ['Chery', 'maker', 2], ['OOO Avto', 'foreign_buyer', 2], ['Kaz Motors', 'foreign_buyer', 1],
    ]);
    const byd = network.edges.find((e) => e.source === f.party('BYD Auto'))!;
    expect(byd).toMatchObject({ target: id, vehicles: 2, first: '2024-01-05', last: '2024-02-05' });
  });

  it('keeps to the period', () => {
    const network = buildPartyNetwork(f.caseFile.db, f.party('Horgos Trade'), { from: '2024-02-01', to: '2024-03-31' });
    expect(network.edges.map((e) => e.vehicles)).toEqual([1, 1, 1, 1]);
    expect(network.nodes[0]!.vehicles).toBe(2);
  });

  it('merges the top exporters into one case-wide network', () => {
    const network = buildCaseNetwork(f.caseFile.db, { limit: 5 });
    expect(network.party_id).toBeNull();
    expect(network.nodes.filter((n) => n.name === 'Kaz Motors')).toHaveLength(1);
    expect(network.edges).toHaveLength(5);
    const one = buildCaseNetwork(f.caseFile.db, { limit: 1 });
    expect(one.nodes.map((n) => n.name)).not.toContain('Small Exporter');
  });
});
