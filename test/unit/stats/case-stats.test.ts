import { loadFlagOrder, STORED_FLAG_SORTS } from '../../../electron/backend/casefile/run-flag-orders';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRules } from '../../../electron/backend/rules/runner';
import { caseStats } from '../../../electron/backend/stats/case-stats';
import { loadRunSummary, saveRunSummary } from '../../../electron/backend/casefile/run-summaries';
import { setReview } from '../../../electron/backend/queries/review-queries';
import { overview, SUMMARY_WAIT_MS } from '../../../electron/backend/stats/overview-charts';
import { listFlags } from '../../../electron/backend/queries/flag-queries';
import { partyDetail } from '../../../electron/backend/queries/party-queries';

/** A time past the wait for a run's summary: the overview sums the charts itself. */
const overdue = () => Date.now() + SUMMARY_WAIT_MS + 1;
import { computeRunSummary } from '../../../electron/backend/stats/run-summary';
import { partyStats } from '../../../electron/backend/stats/party-stats';
import { statsCommand } from '../../../electron/backend/cli/commands/stats';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

let f: Fixture;
/** Vehicle n: bought new by `trader` on `buy`, registered in `city` on `reg`, exported by the trader on `exp` (or not). */
function story(n: number, o: { trader: string; city: string; buy: string; reg: string; exp: string | null; km?: number; country?: string; price?: number }) {
  const vin = fixtureVin(n);
  f.vehicle(vin, { manufacturer: 'BYD Auto' });
  f.sale({ vin, date: o.buy, seller: 'BYD Auto', buyer: o.trader, price: o.price ?? 100_000 });
  f.registration({ vin, date: o.reg, owner: o.trader, city: o.city });
  if (o.exp) f.export({ vin, date: o.exp, exporter: o.trader, km: o.km ?? 5, country: o.country ?? 'RU' });
}
beforeEach(() => {
  f = createFixture();
  story(1, { trader: 'T1', city: 'Chengdu', buy: '2024-01-01', reg: '2024-01-02', exp: '2024-01-12', price: 120_000 });
  story(2, { trader: 'T1', city: 'Chengdu', buy: '2024-01-01', reg: '2024-01-03', exp: '2024-01-31', country: 'KZ', price: 80_000 });
  story(3, { trader: 'T1', city: 'Chengdu', buy: '2024-01-01', reg: '2024-01-05', exp: '2024-01-06', km: 9000 }); // early, not zero mileage
  story(4, { trader: 'T2', city: 'Chengdu', buy: '2024-01-01', reg: '2024-01-20', exp: null });
  story(5, { trader: 'T2', city: 'Xi\'an', buy: '2024-02-01', reg: '2024-02-02', exp: '2025-02-02' }); // 366 days: not flagged
});
afterEach(() => f.remove());

describe('caseStats', () => {
  it('has no flag figures before the first run', () => {
    const stats = caseStats(f.caseFile.db);
    expect(stats.run_id).toBeNull();
    expect(stats.overview.flags_total).toBe(0);
    expect(stats.regional.every((r) => r.zero_mileage_exports === 0)).toBe(true);
  });

  it('measures regional inflation, parties, destinations and the overview from the latest run', () => {
    const { run } = runRules(f.caseFile, {});
    const stats = caseStats(f.caseFile.db);
    expect(stats.run_id).toBe(run.id);
    expect(stats.regional).toEqual([
      { city: 'Chengdu', month: '2024-01', registered: 4, zero_mileage_exports: 2, double_counted_value: 200_000, share: 0.5 },
      { city: 'Xi\'an', month: '2024-02', registered: 1, zero_mileage_exports: 0, double_counted_value: 0, share: 0 },
    ]);
    const t1 = stats.parties.find((p) => p.name === 'T1')!;
    expect(t1).toMatchObject({ bought: 3, exported: 3, median_days_to_export: 11 }); // spans 11, 30, 5
    const t2 = stats.parties.find((p) => p.name === 'T2')!;
    expect(t2).toMatchObject({ bought: 2, exported: 1, median_days_to_export: 367 });
    expect(stats.parties[0]!.name).toBe('T1');
    expect(stats.destinations).toEqual([
      { country: 'KZ', month: '2024-01', exports: 1, zero_mileage_exports: 1 },
      { country: 'RU', month: '2024-01', exports: 2, zero_mileage_exports: 1 },
      { country: 'RU', month: '2025-02', exports: 1, zero_mileage_exports: 0 },
    ]);
    const o = stats.overview;
    expect(o.vehicles).toBe(5);
    expect(o.exported_vehicles).toBe(4);
    expect(o.flags_by_rule).toContainEqual({ rule: 'zero_mileage_export', severity: 'high', flags: 2 });
    expect(o.flags_by_rule).toContainEqual({ rule: 'early_export', severity: 'medium', flags: 1 });
    expect(o.days_to_export.map((b) => b.vehicles)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 1]); // 1, 10, 28 and 366 days;
  });

  it("counts the vehicles a foreign buyer received as its page does, ranks it after the exporters and before the buyers, and sums again a summary stored before", async () => {
    // Vehicles 6-9 exported by T3 to Al Noor (vehicle 9 on two declarations): 4 vehicles received. T1's and T2's exports go to
    // the fixture's consignee, OOO Avto Import (vehicles 1, 2, 3 and 5: also 4, ranked first of the two by its id); vehicle 10 is bought by a private buyer only.
    for (let n = 6; n <= 9; n++) f.export({ vin: fixtureVin(n), date: '2024-03-01', exporter: 'T3', consignee: 'Al Noor LLC', country: 'AE' });
    f.export({ vin: fixtureVin(9), date: '2024-03-09', exporter: 'T3', consignee: 'Al Noor LLC', country: 'AE' });
    f.sale({ vin: fixtureVin(10), date: '2024-01-01', seller: 'BYD Auto', buyer: '王伟' });
    const { db } = f.caseFile;
    const alNoor = f.party('Al Noor LLC');
    const { run } = runRules(f.caseFile, {});
    const check = async () => {
      const parties = caseStats(db).parties;
      expect(parties.map((p) => [p.name, p.bought, p.exported, p.received])).toEqual([
        ['T3', 0, 4, 0], ['T1', 3, 3, 0], ['T2', 2, 1, 0], ['OOO Avto Import', 0, 0, 4], ['Al Noor LLC', 0, 0, 4], ['王伟', 1, 0, 0],
      ]);
      const alNoorRow = parties.find((p) => p.party_id === alNoor)!;
      expect(alNoorRow.median_days_to_export).toBeNull();
      expect(alNoorRow.received).toBe(partyDetail(db, alNoor).figures.vehicles_received);
      let out = '';
      expect(await statsCommand.run([f.caseFile.path], { out: (t) => { out += `${t}\n`; }, err: () => undefined })).toBe(0);
      expect(out).toContain('parties (vehicles bought, exported, received as consignee, median days to export):\n  T3 (no ID number): 0, 4, 0, -\n');
      expect(out).toContain('\n  T2 (no ID number): 2, 1, 0, 367\n  OOO Avto Import (no ID number): 0, 0, 4, -\n  Al Noor LLC (no ID number): 0, 0, 4, -\n');
    };
    await check();
    // The run's summary as stored before consignees were counted: its parties without `received`, ranked without them.
    const old = computeRunSummary(db, run.id);
    expect(old.stats.parties.findIndex((p) => p.party_id === alNoor)).toBe(4);
    old.stats.parties = old.stats.parties.filter((p) => p.received === 0).map(({ received: _received, ...p }) => p as typeof p & { received: number });
    saveRunSummary(db, run.id, old, 1);
    await check();
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    story(6, { trader: 'T1', city: 'Chengdu', buy: '2024-01-01', reg: '2024-01-05', exp: '2024-01-21' });
    runRules(f.caseFile, {});
    expect(caseStats(f.caseFile.db).parties.find((p) => p.name === 'T1')!.median_days_to_export).toBe(15.5); // 5, 11, 20, 30
  });

  it('sums the party figures with a small sort memory on a big page cache, and gives the cache back for the sums after them', () => {
    const { db } = f.caseFile;
    const before = partyStats(db);
    // The summary thread's cache: SQLite would sort as much in memory (partyStats sorts within 16 MB).
    db.pragma('cache_size = -262144');
    expect(partyStats(db)).toEqual(before);
    expect(db.pragma('cache_size', { simple: true })).toBe(-262144);
  });
});

describe('days from first registration to export', () => {
  it('counts the exported vehicles it cannot place apart, in the stats, the overview and zeromile stats, so every exported vehicle is counted once', async () => {
    // 6: exported with no registration on record; 7: exported before its first registration;
    // 8: exported before and again after it (placed by the export after it).
    f.vehicle(fixtureVin(6));
    f.export({ vin: fixtureVin(6), date: '2024-03-01', exporter: 'T1' });
    story(7, { trader: 'T2', city: 'Chengdu', buy: '2024-01-01', reg: '2024-03-10', exp: '2024-03-01' });
    story(8, { trader: 'T2', city: 'Chengdu', buy: '2024-01-01', reg: '2024-03-10', exp: '2024-03-01' });
    f.export({ vin: fixtureVin(8), date: '2024-03-15', exporter: 'T2', no: 'EX-8-2' });
    const result = runRules(f.caseFile, {});
    await result.summary;
    const db = f.caseFile.db;
    for (const fromSummary of [true, false]) {
      if (!fromSummary) db.prepare('DELETE FROM run_summaries').run();
      const o = caseStats(db).overview;
      expect(o.exported_vehicles).toBe(7);
      expect(o.days_to_export_unplaced).toEqual({ no_registration: 1, exported_before_registration: 1 });
      expect(o.days_to_export.map((b) => b.vehicles)).toEqual([2, 1, 1, 0, 0, 0, 0, 0, 0, 1]); // 1, 5 (vehicle 8), 10, 28, 366 days
      // Without its summary, a run past the summary's wait is summed on request (a just-finished one waits for it).
      const charts = overview(db, fromSummary ? undefined : overdue());
      expect(charts.days_unplaced).toEqual({ no_registration: 1, exported_before_registration: 1 });
      expect(charts.days_histogram.reduce((sum, b) => sum + b.value, 0) + 2).toBe(o.exported_vehicles);
    }
    // A summary of an older version (no unplaced counts, a histogram of flags) is completed on request.
    const old = computeRunSummary(db, result.run.id);
    delete (old.stats.overview as Partial<typeof old.stats.overview>).days_to_export_unplaced;
    delete (old.charts as Partial<typeof old.charts>).days_unplaced;
    saveRunSummary(db, result.run.id, old, 1);
    expect(caseStats(db).overview.days_to_export_unplaced).toEqual({ no_registration: 1, exported_before_registration: 1 });
    expect(overview(db).days_unplaced).toEqual({ no_registration: 1, exported_before_registration: 1 });

    let out = '';
    expect(await statsCommand.run([f.caseFile.path], { out: (t) => { out += `${t}\n`; }, err: () => undefined })).toBe(0);
    expect(out).toContain('vehicles 8, exported 7; days from first registration to export:');
    expect(out).toContain('  not in the buckets: no registration: 1, exported before registration: 1\n');
  });
  it('gives the overview and zeromile stats one set of day ranges, from a summary, summed on request, and over an older summary', async () => {
    // A stranger's probe: the overview counted 0-30, 31-60, … 151-180 and `zeromile stats` 0-7, 8-14, … 91-180.
    const plus = (days: number) => new Date(Date.UTC(2024, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
    [0, 7, 8, 120, 121, 180, 181, 365].forEach((days, i) => story(10 + i, { trader: 'T3', city: 'Chengdu', buy: '2024-01-01', reg: '2024-01-01', exp: plus(days) }));
    const result = runRules(f.caseFile, {});
    await result.summary;
    const db = f.caseFile.db;
    // With the five stories' 1, 10, 28 and 366 days.
    const expected = [['0-7', 3], ['8-14', 2], ['15-30', 1], ['31-60', 0], ['61-90', 0], ['91-120', 1], ['121-150', 1], ['151-180', 1], ['181-365', 2], ['366+', 1]];
    const printed = async () => {
      let out = '';
      await statsCommand.run([f.caseFile.path], { out: (t) => { out += `${t}\n`; }, err: () => undefined });
      return out.split('\n').filter((line) => /^ {2}\d+[-+]/.test(line)).map((line) => line.trim().split(/\s+/)).map(([label, n]) => [label, Number(n)]);
    };
    const both = async (now?: number) => {
      const chart = overview(db, now).days_histogram;
      expect(chart.map((b) => [b.label, b.value])).toEqual(expected);
      expect(chart.at(-1)!.key).toBe('366-'); // the flag filter a click opens: 366 days or more
      expect(caseStats(db).overview.days_to_export.map((b) => [b.label, b.vehicles])).toEqual(expected);
      expect(await printed()).toEqual(expected);
    };
    await both();
    // An older version's summary, with its two sets of buckets: summed again with today's.
    const old = loadRunSummary(db, result.run.id)!;
    old.charts.days_histogram = ['0-30', '31-60', '61-90', '91-120', '121-150', '151-180', '181-365', '366-'].map((key) => ({ key, label: key, value: 1 }));
    old.stats.overview.days_to_export = [[0, 7], [8, 14], [15, 30], [31, 60], [61, 90], [91, 180], [181, 365], [366, null] as const]
      .map(([from, to]) => ({ label: to === null ? 'over 365' : `${from}-${to}`, from: from!, to, vehicles: 1 }));
    saveRunSummary(db, result.run.id, old, 1);
    await both();
    db.prepare('DELETE FROM run_summaries').run();
    await both(overdue());
  });
});

describe('the days bars open what they count (probe 56 item 3)', () => {
  it('each bar names the zero-mileage flags of its days, and the queue its click opens has that many: from a summary, summed on request and over an older summary', async () => {
    const plus = (days: number) => new Date(Date.UTC(2024, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
    [0, 3, 7, 8, 120, 181, 400].forEach((days, i) => story(10 + i, { trader: 'T3', city: 'Chengdu', buy: '2024-01-01', reg: '2024-01-01', exp: plus(days) }));
    // Sold twice within days: a rapid_resale flag whose days (between the two sales) fall in the 0-7 bar too.
    f.sale({ vin: fixtureVin(10), date: '2024-01-02', seller: 'T3', buyer: 'T4', price: 99_000 });
    const result = runRules(f.caseFile, {});
    await result.summary;
    const db = f.caseFile.db;
    const opened = (key: string, rule?: 'zero_mileage_export') => {
      const [min, max] = key.split('-');
      return listFlags(db, { start: 0, end: 1, count: true, filter: { ...(rule ? { rule } : {}), days_min: Number(min), ...(max ? { days_max: Number(max) } : {}) } }).count;
    };
    const check = (now?: number) => {
      const o = overview(db, now);
      expect(o.days_flagged.map((b) => b.key)).toEqual(o.days_histogram.map((b) => b.key));
      for (const bar of o.days_flagged) expect([bar.key, opened(bar.key, 'zero_mileage_export')]).toEqual([bar.key, bar.value]);
      // Zero-mileage: 0, 3, 7 / 8 and story 1's 10 / story 2's 28 / 120 days; 181 and 400 days are past the window.
      expect(o.days_flagged.map((b) => [b.label, b.value])).toEqual([['0-7', 3], ['8-14', 2], ['15-30', 1], ['31-60', 0], ['61-90', 0], ['91-120', 1], ['121-150', 0], ['151-180', 0], ['181-365', 0], ['366+', 0]]);
      return o;
    };
    const o = check();
    // What the bar opened before: every rule's days, rapid resale's days between two sales among them.
    expect(opened('0-7')).toBeGreaterThan(o.days_flagged[0]!.value);
    const old = loadRunSummary(db, result.run.id)!;
    delete (old.charts as Partial<typeof old.charts>).days_flagged;
    saveRunSummary(db, result.run.id, old, 1);
    check();
    db.prepare('DELETE FROM run_summaries').run();
    check(overdue());
  });
});

describe('run summaries (issue 15: per-run aggregates)', () => {
  it('stores the statistics a run\'s summary thread sums, equal to summing them on request, with live flag statuses', async () => {
    const result = runRules(f.caseFile, {});
    const outcome = await result.summary;
    expect(outcome).toMatchObject({ ok: true });
    const db = f.caseFile.db;
    const stored = loadRunSummary(db, result.run.id);
    expect(stored).not.toBeNull();
    const fromSummary = caseStats(db);
    const fromOverview = overview(db);
    // The same figures summed on request, as for a run without a summary (an older case).
    db.prepare('DELETE FROM run_summaries').run();
    expect(loadRunSummary(db, result.run.id)).toBeNull();
    expect(fromSummary).toEqual(caseStats(db));
    expect(fromOverview).toEqual(overview(db, overdue()));
    // Right after a run, before its summary is stored, the overview gives the run's own counts and waits for the rest.
    const pending = overview(db);
    expect(pending).toMatchObject({ charts_pending: true, flags_by_rule: fromOverview.flags_by_rule, exports_by_month: [] });
    expect(pending.flags_by_severity).toEqual(fromOverview.flags_by_severity);
    expect(stored).toEqual(computeRunSummary(db, result.run.id));
    // Then the thread stored the queue's sort orders (issue 15 item 4): each equal to sorting on request.
    const flagIds = (sql: string) => db.prepare(sql).pluck().all(result.run.id) as number[];
    expect(flagIds('SELECT id FROM flags WHERE run_id = ?').length).toBeGreaterThan(1);
    for (const sort of STORED_FLAG_SORTS) {
      expect([sort, Array.from(loadFlagOrder(db, result.run.id, sort) ?? [])]).toEqual([sort, flagIds(`SELECT id FROM flags WHERE run_id = ? ORDER BY ${sort === 'id' ? 'id' : `${sort}, id`}`)]);
    }

    // Put the summary back: a verdict after the run shows in the status counts, which are never stored.
    saveRunSummary(db, result.run.id, stored!, 1);
    const flag = db.prepare('SELECT flag_key FROM flags WHERE run_id = ? ORDER BY id LIMIT 1').get(result.run.id) as { flag_key: string };
    setReview(db, { flag_key: flag.flag_key, status: 'confirmed', reason: 'checked the invoice' });
    expect(caseStats(db).overview.flags_by_status).toContainEqual({ status: 'confirmed', flags: 1 });
  });
});
