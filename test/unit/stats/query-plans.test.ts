import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFlags, flagsForSubject } from '../../../electron/backend/queries/flag-queries';
import { overview, runCharts } from '../../../electron/backend/stats/overview-charts';
import { partyMonths, partyNetwork } from '../../../electron/backend/queries/party-network-queries';
import { partyDetail, partyVehicles } from '../../../electron/backend/queries/party-queries';
import { recordSource } from '../../../electron/backend/queries/record-source';
import { listNotes, listTags } from '../../../electron/backend/queries/review-queries';
import { search } from '../../../electron/backend/queries/search-queries';
import { listDocuments, listParties, listRejected, listRuleRuns, listVehicles } from '../../../electron/backend/queries/table-grids';
import { loadReport } from '../../../electron/backend/export/evidence/report-data';
import { exportTable } from '../../../electron/backend/export/case-tables';
import { ftmEntities } from '../../../electron/backend/export/ftm';
import { partyNetworkGraphml } from '../../../electron/backend/export/graphml';
import { runRules } from '../../../electron/backend/rules/runner';
import { caseStats } from '../../../electron/backend/stats/case-stats';
import { packDestinations } from '../../../electron/backend/stats/pack-destinations';
import { queryPlan, recordQueries, scansInLoops } from '../../support/query-plan';
import { saveFlagOrders } from '../../../electron/backend/casefile/run-flag-orders';
import { runFreshness } from '../../../electron/backend/casefile/run-freshness';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

// The regional-inflation query as it was before issue 15: its CTEs were joined by scanning the
// materialised `zero` list once per registered vehicle (18 s at 20,000 vehicles).
const OLD_REGIONAL = `
WITH first_reg AS (
  SELECT vin, city, month FROM (
    SELECT vin, coalesce(city, '(unknown)') AS city, substr(registration_date, 1, 7) AS month,
           row_number() OVER (PARTITION BY vin ORDER BY registration_date, id) AS n
    FROM registrations WHERE event = 'initial'
  ) WHERE n = 1
),
zero AS (SELECT DISTINCT vin FROM flags WHERE run_id = @run AND rule = 'zero_mileage_export'),
first_sale AS (
  SELECT vin, price FROM (
    SELECT vin, price, row_number() OVER (PARTITION BY vin ORDER BY invoice_date, id) AS n
    FROM sales WHERE vin IN (SELECT vin FROM zero)
  ) WHERE n = 1
)
SELECT r.city, r.month, count(*) AS registered, count(z.vin) AS zero_mileage_exports,
       coalesce(sum(CASE WHEN z.vin IS NOT NULL THEN s.price END), 0) AS double_counted_value
FROM first_reg r LEFT JOIN zero z ON z.vin = r.vin LEFT JOIN first_sale s ON s.vin = r.vin
GROUP BY r.city, r.month`;

let f: Fixture;
let runId: number;
let partyId: number;
let consigneeId: number;
beforeAll(() => {
  // A small case with every kind of record and a rule run. No ANALYZE, as in a real case file: the
  // planner then assumes big tables, so the plans are those it makes at a million vehicles.
  f = createFixture();
  for (let n = 1; n <= 40; n++) {
    const vin = fixtureVin(n);
    f.vehicle(vin, { manufacturer: 'BYD Auto' });
    f.sale({ vin, date: '2024-01-01', seller: 'BYD Auto', buyer: `Trader ${n % 3}`, price: 100_000 + n });
    f.sale({ vin, date: '2024-01-04', seller: `Trader ${n % 3}`, buyer: 'Export Co', price: 101_000 + n });
    f.registration({ vin, date: '2024-01-05', owner: 'Export Co', city: n % 2 ? 'Chengdu' : 'Xi\'an', km: 3 });
    f.export({ vin, date: `2024-0${2 + (n % 5)}-01`, exporter: 'Export Co', consignee: 'OOO Avto', country: n % 2 ? 'RU' : 'KZ', km: 5 });
  }
  runId = runRules(f.caseFile, {}).run.id;
  partyId = (f.caseFile.db.prepare("SELECT id FROM parties WHERE name = 'Export Co'").get() as { id: number }).id;
  consigneeId = (f.caseFile.db.prepare("SELECT id FROM parties WHERE name = 'OOO Avto'").get() as { id: number }).id;
});
afterAll(() => f.remove());

/** Every statement that `call` runs, with the full scans its plan makes inside a loop. */
function plansOf(call: () => unknown): { sql: string; scans: string[] }[] {
  const recorder = recordQueries(f.caseFile.db);
  try { call(); } finally { recorder.stop(); }
  return recorder.queries.map((q) => ({ sql: q.sql.trim().replace(/\s+/g, ' ').slice(0, 160), scans: scansInLoops(q.plan ?? queryPlan(f.caseFile.db, q.sql, q.args)) }));
}

describe('query plans of every query in queries/ and stats/ (issue 15 item 1)', () => {
  it('finds the nested full scan of today\'s regional query', () => {
    expect(scansInLoops(queryPlan(f.caseFile.db, OLD_REGIONAL, [{ run: runId }]))).toEqual(['SCAN z LEFT-JOIN']);
  });

  const grid = { start: 0, end: 100, count: true };
  const vin = fixtureVin(7);
  const calls: [string, () => unknown][] = [
    ['case statistics (overview, regional, parties, destinations)', () => caseStats(f.caseFile.db)],
    ['pack destinations', () => packDestinations(f.caseFile.db, runId)],
    ['overview', () => overview(f.caseFile.db)],
    ['overview charts summed (the run summary thread, or a run without a summary)', () => runCharts(f.caseFile.db, runId)],
    ['flag queue, each sort', () => {
      for (const col of [null, 'days', 'rule', 'severity', 'vin', 'exporter', 'destination', 'km']) {
        for (const dir of ['asc', 'desc'] as const) listFlags(f.caseFile.db, { ...grid, sort: col ? { col, dir } : null });
      }
      listFlags(f.caseFile.db, { ...grid, filter: { rule: 'zero_mileage_export', status: 'open', export_month: '2024-03' } });
    }],
    ['flag queue from the run\'s stored orders: filters narrowed by their segments, the status sort, deep blocks', () => {
      saveFlagOrders(f.caseFile.db, runId);
      for (const filter of [{ status: 'open' as const }, { status: 'confirmed' as const }, { rule: 'zero_mileage_export' as const, severity: 'high' as const }, { destination: 'RU', days_min: 3 }]) {
        for (const col of ['vin', 'status', 'id']) {
          for (const start of [0, 6000]) listFlags(f.caseFile.db, { start, end: start + 100, count: true, sort: { col, dir: 'asc' }, filter });
        }
      }
      listFlags(f.caseFile.db, { start: 6000, end: 6100, sort: { col: 'status', dir: 'desc' } });
    }],
    ['what changed after the latest run, of the case and of a vehicle', () => { runFreshness(f.caseFile.db); runFreshness(f.caseFile.db, vin); }],
    ['flags of a vehicle and a party', () => { flagsForSubject(f.caseFile.db, { vin }); flagsForSubject(f.caseFile.db, { party_id: partyId }); }],
    ['party view and network', () => { partyDetail(f.caseFile.db, partyId); partyVehicles(f.caseFile.db, partyId); partyNetwork(f.caseFile.db, partyId); partyMonths(f.caseFile.db, partyId); }],
    ["a consignee's view: its received vehicles", () => { partyDetail(f.caseFile.db, consigneeId); partyVehicles(f.caseFile.db, consigneeId); partyNetwork(f.caseFile.db, consigneeId); }],
    ['record source', () => recordSource(f.caseFile.db, 'exports', 1)],
    ['notes and tags', () => { listNotes(f.caseFile.db, 'vehicle', vin); listTags(f.caseFile.db, 'vehicle', vin); }],
    ['search', () => { search(f.caseFile.db, vin.slice(0, 8)); search(f.caseFile.db, 'Export'); }],
    ['case report (issue 17 item 3: superlinear at 100 sales a vehicle)', () => loadReport(f.caseFile.db)],
    ['exports carrying party links, with their marks of links matched by name only: FtM, GraphML, the parties table', () => {
      const options = { flaggedOnly: false, unmaskIds: false };
      for (const entity of ftmEntities(f.caseFile.db, options)) void entity;
      for (const line of partyNetworkGraphml(f.caseFile.db, options)) void line;
      for (const row of exportTable(f.caseFile.db, 'parties', options).rows) void row;
    }],
    ['the records table of the exports, with each row\'s values read differently (value_marks, one probe a record)', () => {
      for (const row of exportTable(f.caseFile.db, 'records', { flaggedOnly: false, unmaskIds: false }).rows) void row;
    }],
    ['grids', () => {
      listVehicles(f.caseFile.db, { ...grid, filter: { maker: 'BYD' } });
      listParties(f.caseFile.db, { ...grid, filter: { name: 'Trader' } });
      listDocuments(f.caseFile.db, grid);
      listRejected(f.caseFile.db, grid);
      listRuleRuns(f.caseFile.db, grid);
    }],
  ];
  it("the party view's figures, vehicles and network read the party's records through indexes alone: no case table scanned", () => {
    const recorder = recordQueries(f.caseFile.db);
    try {
      partyDetail(f.caseFile.db, partyId);
      partyVehicles(f.caseFile.db, partyId);
      partyNetwork(f.caseFile.db, partyId);
    } finally {
      recorder.stop();
    }
    const scans = recorder.queries.flatMap((q) => (q.plan ?? queryPlan(f.caseFile.db, q.sql, q.args))
      .filter((row) => /^SCAN (sales|exports|registrations|shipments|flags|vehicles|parties|party_aliases)\b/.test(row.detail))
      .map((row) => `${row.detail} in ${q.sql.trim().replace(/\s+/g, ' ').slice(0, 100)}`));
    expect(recorder.queries.length).toBeGreaterThan(10);
    expect(scans).toEqual([]);
  });

  it("a consignee's vehicle list reads its declarations from exports_consignee alone, in VIN order up to the limit, and each vehicle's first one by (consignee, VIN)", () => {
    // At the demo-shaped million vehicles the busiest consignee is named on 41,000 declarations: fetched by rowid, their VINs alone took 0.16-0.35 s.
    const recorder = recordQueries(f.caseFile.db);
    let listed: unknown[] = [];
    try {
      listed = partyVehicles(f.caseFile.db, consigneeId, 7);
    } finally {
      recorder.stop();
    }
    expect(listed).toHaveLength(7);
    const plan = recorder.queries.flatMap((q) => (q.plan ?? queryPlan(f.caseFile.db, q.sql, q.args)).map((row) => row.detail));
    expect(plan).toContain('SEARCH exports USING COVERING INDEX exports_consignee (consignee_party_id=?)');
    expect(plan).toContain('SEARCH x USING COVERING INDEX exports_consignee (consignee_party_id=? AND vin=?)');
    // Its VINs come in index order: no sort of all the party's declarations before the limit.
    const consigneeBranch = recorder.queries[0]!.plan ?? queryPlan(f.caseFile.db, recorder.queries[0]!.sql, recorder.queries[0]!.args);
    const search = consigneeBranch.find((row) => row.detail === 'SEARCH exports USING COVERING INDEX exports_consignee (consignee_party_id=?)')!;
    expect(consigneeBranch.filter((row) => row.parent === search.parent).map((row) => row.detail)).toEqual([search.detail]);
  });

  it("the flag queue's and the vehicle's mark of a removed pack reads rule_packs alone, once a block, searching each pack's latest revision by key", () => {
    const recorder = recordQueries(f.caseFile.db);
    try {
      listFlags(f.caseFile.db, { ...grid, sort: { col: 'vin', dir: 'asc' } });
      flagsForSubject(f.caseFile.db, { vin });
    } finally {
      recorder.stop();
    }
    const packs = recorder.queries.filter((q) => /\brule_packs\b/.test(q.sql));
    // One statement a call, never one a flag; its plan touches no case table, so it costs the same at a million vehicles.
    expect(packs).toHaveLength(2);
    for (const q of packs) {
      const plan = (q.plan ?? queryPlan(f.caseFile.db, q.sql, q.args)).map((row) => row.detail);
      expect(plan.filter((d) => /^(SCAN|SEARCH) /.test(d) && !/^(SCAN p|SEARCH q USING PRIMARY KEY \(pack_id=\?\))$/.test(d))).toEqual([]);
      expect(plan).toContain('SEARCH q USING PRIMARY KEY (pack_id=?)');
    }
  });

  it("the queue by the overview's export month goes from the month's exports to their flags: the run's flags are never walked", () => {
    // helper-65's probe (defect 6): `vin IN (the month's exports)` walked every flag of the run in flags_run (615,230 for 7,921 at a million vehicles).
    const db = f.caseFile.db;
    const filters = [{ export_month: '2024-03' }, { rule: 'zero_mileage_export' as const, export_month: '2024-03' }, { severity: 'high' as const, export_month: '2024-04' }];
    const recorder = recordQueries(db);
    try {
      for (const filter of filters) {
        for (const sort of [null, { col: 'days', dir: 'asc' as const }, { col: 'vin', dir: 'desc' as const }]) {
          for (const start of [0, 6000]) listFlags(db, { start, end: start + 100, count: true, sort, filter });
        }
      }
    } finally {
      recorder.stop();
    }
    const monthly = recorder.queries.filter((q) => /\bexports\b/.test(q.sql));
    expect(monthly.length).toBeGreaterThan(filters.length);
    for (const q of monthly) {
      const plan = (q.plan ?? queryPlan(db, q.sql, q.args)).map((row) => row.detail);
      const flagReads = plan.filter((d) => /^(SCAN|SEARCH) (flags|mf)\b/.test(d) && !/INTEGER PRIMARY KEY/.test(d));
      expect(flagReads.every((d) => /flags_run \(run_id=\? AND id=\?/.test(d) || /flags_vin \(vin=\? AND run_id=\?\)/.test(d)), flagReads.join(' | ')).toBe(true);
      expect(plan).toContain('SEARCH me USING COVERING INDEX exports_date (declaration_date>? AND declaration_date<?)');
    }
  });

  it('a whole VIN typed or pasted into the search is found through the VIN index alone: no vehicle or party scanned', () => {
    // helper-65's probe: a whole VIN went on to a substring scan of every vehicle and every party name (0.2-1.3 s at a million vehicles).
    const recorder = recordQueries(f.caseFile.db);
    let hits: ReturnType<typeof search>;
    try { hits = [...search(f.caseFile.db, vin), ...search(f.caseFile.db, vin.toLowerCase())]; } finally { recorder.stop(); }
    expect(hits.filter((h) => h.kind === 'vehicle').map((h) => h.vin)).toEqual([vin, vin]);
    const scans = recorder.queries.flatMap((q) => (q.plan ?? queryPlan(f.caseFile.db, q.sql, q.args))
      .filter((row) => /^SCAN (vehicles|parties)\b/.test(row.detail)).map((row) => `${row.detail} in ${q.sql.trim().replace(/\s+/g, ' ').slice(0, 100)}`));
    expect(scans).toEqual([]);
  });

  it.each(calls)('%s: no full scan inside a join loop', (_name, call) => {
    const plans = plansOf(call);
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.filter((p) => p.scans.length > 0)).toEqual([]);
  });
});
