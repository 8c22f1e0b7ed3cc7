import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChain } from '../../../electron/backend/graph/chain';
import { withCheckDigit } from '../../../shared/vin';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

let f: Fixture;
beforeEach(() => { f = createFixture(); });
afterEach(() => f.remove());
const VIN = fixtureVin(7);

function zeroMileageStory() {
  f.vehicle(VIN, { manufacturer: 'BYD Auto', production_date: '2024-01-10', model: 'Song Plus' });
  f.sale({ vin: VIN, date: '2024-02-01', seller: 'BYD Auto', buyer: 'Chengdu Dealer', price: 150_000 });
  f.sale({ vin: VIN, date: '2024-02-03', seller: 'Chengdu Dealer', buyer: 'Sichuan Trade Co', price: 152_000 });
  f.registration({ vin: VIN, date: '2024-02-05', owner: 'Sichuan Trade Co', km: 3, plate: '川A12345' });
  f.registration({ vin: VIN, date: '2024-02-20', event: 'deregistration', owner: 'Sichuan Trade Co' });
  f.sale({ vin: VIN, date: '2024-02-20', seller: 'Sichuan Trade Co', buyer: 'Horgos Export Ltd', price: 149_000, type: 'used' });
  f.export({ vin: VIN, date: '2024-02-25', exporter: 'Horgos Export Ltd', consignee: 'OOO Avto Import', country: 'RU', km: 12, value: 20_000, currency: 'USD' });
  f.shipment({ vin: VIN, date: '2024-02-27', consignee: 'OOO Avto Import', mode: 'rail' });
  f.confirmation({ vin: VIN, date: '2024-02-22', countries: ['RU'] });
}

describe('buildChain', () => {
  it('quotes a price with its cents on the timeline, as its source gives it', () => {
    f.sale({ vin: VIN, date: '2025-03-04', seller: 'Li Si', buyer: 'Wang Wu', price: 148_000.5, type: 'used' });
    expect(buildChain(f.caseFile.db, VIN).timeline[0]!.detail).toContain('CNY 148000.5');
  });

  it('lists each holder once, maker to foreign consignee, with roles, days held and evidence', () => {
    zeroMileageStory();
    const chain = buildChain(f.caseFile.db, VIN);
    expect(chain.vin).toBe(VIN);
    expect(chain.vehicle.model).toBe('Song Plus');
    expect(chain.holders.map((h) => [h.name, h.role])).toEqual([
      ['BYD Auto', 'maker'],
      ['Chengdu Dealer', 'dealer'],
      ['Sichuan Trade Co', 'trader'],
      ['Horgos Export Ltd', 'exporter'],
      ['OOO Avto Import', 'foreign_buyer'],
    ]);
    expect(chain.holders.map((h) => h.acquired)).toEqual(['2024-01-10', '2024-02-01', '2024-02-03', '2024-02-20', '2024-02-25']);
    expect(chain.holders.map((h) => h.days_held)).toEqual([22, 2, 17, 5, null]);
    expect(chain.holders[1]!.price).toBe(150_000);
    expect(chain.holders[0]!.evidence?.record_kind).toBe('vehicles');
    expect(chain.links.map((l) => [l.from, l.to, l.kind, l.date])).toEqual([
      [0, 1, 'sale', '2024-02-01'],
      [1, 2, 'sale', '2024-02-03'],
      [2, 3, 'sale', '2024-02-20'],
      [3, 4, 'export', '2024-02-25'],
    ]);
    expect(chain.links[3]).toMatchObject({ price: 20_000, currency: 'USD', days_held: 5 });
    expect(chain.links[0]!.evidence).toMatchObject({ record_kind: 'sales', file_name: 'sales.csv', row: 2 });
    expect(chain.links[0]!.evidence.document_sha256).toHaveLength(64);
  });

  it('puts every record on the timeline in date order', () => {
    zeroMileageStory();
    const chain = buildChain(f.caseFile.db, VIN);
    expect(chain.timeline.map((t) => `${t.date} ${t.kind}`)).toEqual([
      '2024-01-10 production', '2024-02-01 sale', '2024-02-03 sale', '2024-02-05 registration',
      '2024-02-20 sale', '2024-02-20 deregistration', '2024-02-22 confirmation', '2024-02-25 export', '2024-02-27 shipment',
    ]);
    const registration = chain.timeline.find((t) => t.kind === 'registration')!;
    expect(registration.odometer_km).toBe(3);
    expect(registration.detail).toContain('川A12345');
    expect(chain.timeline.find((t) => t.kind === 'export')!.odometer_km).toBe(12);
    expect(chain.timeline.find((t) => t.kind === 'export')!.detail).toContain('USD 20000');
  });

  it("takes the seller of a vehicle's first sale as its maker when no maker is on record and the seller is named as the maker its WMI decodes to", () => {
    // LGX decodes to BYD (比亚迪); the case has no vehicle master row for these VINs.
    const story = (vin: string, seller: string, type: 'new' | 'used' | null = 'new') => {
      f.sale({ vin, date: '2026-01-01', seller, buyer: '深圳测试贸易有限公司', price: 168_000, type });
      f.sale({ vin, date: '2026-01-05', seller: '深圳测试贸易有限公司', buyer: 'Horgos Export Ltd', price: 170_000, type: 'used' });
      return buildChain(f.caseFile.db, vin).holders.map((h) => [h.name, h.role]);
    };
    expect(story(VIN, '比亚迪汽车工业有限公司')).toEqual([['比亚迪汽车工业有限公司', 'maker'], ['深圳测试贸易有限公司', 'dealer'], ['Horgos Export Ltd', 'trader']]);
    expect(story(fixtureVin(8), 'BYD Auto Industry Co., Ltd.', null)[0]).toEqual(['BYD Auto Industry Co., Ltd.', 'maker']);
    // A used-car invoice is never the maker's; a seller of another name is a trader; another WMI's maker is not BYD.
    expect(story(fixtureVin(9), '比亚迪汽车工业有限公司', 'used')[0]).toEqual(['比亚迪汽车工业有限公司', 'trader']);
    expect(story(fixtureVin(10), '成都蓉欧汽车贸易有限公司')[0]).toEqual(['成都蓉欧汽车贸易有限公司', 'trader']);
    // The maker's own sales company or a dealer of its name sells; it is not the maker.
    expect(story(fixtureVin(11), '比亚迪汽车销售有限公司')[0]).toEqual(['比亚迪汽车销售有限公司', 'trader']);
    expect(story(fixtureVin(13), 'BYD Auto Sales Co')[0]).toEqual(['BYD Auto Sales Co', 'trader']);
    expect(story(withCheckDigit('LFV2A21K0R3000011'), '比亚迪汽车工业有限公司')[0]).toEqual(['比亚迪汽车工业有限公司', 'trader']);
    // A vehicle whose records begin with a registration does not start with its maker.
    const vin = fixtureVin(12);
    f.registration({ vin, date: '2025-12-20', owner: 'Chengdu Dealer' });
    expect(story(vin, '比亚迪汽车工业有限公司').map(([, role]) => role)).not.toContain('maker');
  });

  it('leaves a hand-over no record names both ends of open (a gap), never a link', () => {
    f.party('Zhang San', { person: true });
    f.vehicle(VIN, { manufacturer: 'BYD Auto' });
    f.sale({ vin: VIN, date: '2024-02-01', seller: 'BYD Auto', buyer: 'Dealer' });
    f.registration({ vin: VIN, date: '2024-02-02', owner: 'Zhang San', km: 0 });
    f.export({ vin: VIN, date: '2024-03-01', exporter: 'Exporter Co', consignee: null });
    const chain = buildChain(f.caseFile.db, VIN);
    expect(chain.holders.map((h) => h.role)).toEqual(['maker', 'dealer', 'owner', 'exporter']);
    expect(chain.links.map((l) => [l.from, l.to, l.kind])).toEqual([[0, 1, 'sale']]);
    expect(chain.gaps.map((g) => [g.from, g.to, g.kind, g.evidence.record_kind])).toEqual([[1, 2, 'registration', 'registrations'], [2, 3, 'export', 'exports']]);
    expect(chain.holders.map((h) => h.days_held)).toEqual([null, 1, 28, null]);
  });

  it('refuses a VIN the case file does not know', () => {
    expect(() => buildChain(f.caseFile.db, fixtureVin(99))).toThrow(/No vehicle/);
  });
});
