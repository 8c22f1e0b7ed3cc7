import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { busiestIntermediaries } from '../../../electron/backend/stats/intermediaries';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

let f: Fixture;
beforeEach(() => { f = createFixture(); });
afterEach(() => f.remove());

/** The join the INTERSECT replaced (a sale to the party and a sale by it of the same VIN), as the reference. */
const byJoin = (limit: number) => f.caseFile.db.prepare(`SELECT s.buyer_party_id FROM sales s JOIN sales t ON t.seller_party_id = s.buyer_party_id AND t.vin = s.vin
  GROUP BY s.buyer_party_id ORDER BY count(DISTINCT s.vin) DESC, s.buyer_party_id LIMIT ?`).pluck().all(limit);

describe('busiest intermediaries', () => {
  it('are the parties the join of sales to their resales gives, on seeded chains of sales (self-sales, resales, sales between others)', () => {
    let state = 11;
    const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
    const traders = ['BYD Auto', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6'];
    for (let n = 1; n <= 150; n++) {
      const vin = fixtureVin(n);
      f.vehicle(vin);
      let seller = 'BYD Auto';
      for (let k = 0; k < 1 + Math.floor(next() * 4); k++) {
        const buyer = traders[Math.floor(next() * traders.length)]!;
        f.sale({ vin, date: `2024-0${1 + k}-01`, seller, buyer, price: 1000 });
        seller = next() < 0.8 ? buyer : traders[Math.floor(next() * traders.length)]!;
      }
    }
    for (const limit of [1, 3, 6, 100]) expect(busiestIntermediaries(f.caseFile.db, limit)).toEqual(byJoin(limit));
    expect(busiestIntermediaries(f.caseFile.db, 100).length).toBeGreaterThan(3);
  });
});
