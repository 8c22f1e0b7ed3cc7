import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseCounts } from '../../../electron/backend/casefile/counts';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { caseSummary } from '../../../electron/backend/handlers/case-handlers';
import { recordQueries } from '../../support/query-plan';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

// Probe 65 defect 10: every screen asks for the case summary (case:current), whose nine count(*)
// walked nine tables at every call (126-503 ms at a million vehicles). The counts are kept per
// connection while nothing is written, and counted again after any write, by it or by another.
let f: Fixture;
let reader: CaseFile;
beforeAll(() => {
  f = createFixture();
  for (let n = 1; n <= 5; n++) {
    const vin = fixtureVin(n);
    f.vehicle(vin);
    f.sale({ vin, date: '2024-01-01', seller: 'BYD Auto', buyer: `Trader ${n}` });
  }
  reader = openCaseFile(f.caseFile.path, { readonly: true });
});
afterAll(() => {
  reader.close();
  f.remove();
});

/** The count(*) statements a call runs. */
function countsRun(db: CaseFile['db'], call: () => unknown): string[] {
  const recorder = recordQueries(db);
  try { call(); } finally { recorder.stop(); }
  return recorder.queries.map((q) => q.sql).filter((sql) => /count\(\*\)/i.test(sql));
}

describe('the case counts (case:current, the overview)', () => {
  it('counts once, then answers from what it counted while nothing is written', () => {
    const first = countsRun(reader.db, () => caseSummary(reader));
    expect(first.length).toBeGreaterThanOrEqual(9);
    expect(countsRun(reader.db, () => caseSummary(reader))).toEqual([]);
    expect(countsRun(reader.db, () => caseCounts(reader.db))).toEqual([]);
    expect(caseCounts(reader.db)).toMatchObject({ vehicles: 5, records: { sales: 5 } });
  });

  it('counts again after another connection commits, and after a write of its own', () => {
    expect(caseCounts(reader.db).vehicles).toBe(5);
    f.vehicle(fixtureVin(6)); // the writer's connection: the reader's data_version moves
    expect(caseCounts(reader.db).vehicles).toBe(6);
    expect(caseCounts(f.caseFile.db).vehicles).toBe(6);
    f.sale({ vin: fixtureVin(6), date: '2024-01-02', seller: 'BYD Auto', buyer: 'Trader 6' });
    expect(caseCounts(f.caseFile.db).records.sales).toBe(6);
    expect(caseCounts(reader.db).records.sales).toBe(6);
  });

  it('hands out a copy: a caller that changes it changes nothing kept', () => {
    const counts = caseCounts(reader.db);
    counts.vehicles = -1;
    counts.records.sales = -1;
    expect(caseCounts(reader.db)).toMatchObject({ vehicles: 6, records: { sales: 6 } });
  });
});
