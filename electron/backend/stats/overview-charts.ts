import type Database from 'better-sqlite3';
import type { Bar, Overview } from '../../../shared/contract/overview';
import { RULES, type RuleId } from '../../../shared/rules';
import { caseCounts } from '../casefile/counts';
import { loadRunSummary } from '../casefile/run-summaries';
import { latestRunId } from '../casefile/latest-run';
import type { SummaryStatus } from '../casefile/summary-status';
import { currentDayKeys, dayBar, daysHistogram, exportSpans, flaggedDays, type ExportSpans } from './days-to-export';

const bars = (rows: { key: string | null; value: number }[]): Bar[] =>
  rows.map((r) => ({ key: r.key ?? '', label: r.key ?? '', value: r.value }));

/** Months `YYYY-MM` from the first bar's to the last's, with 0 for the months without one: a time axis without gaps. */
export function everyMonth(monthBars: Bar[]): Bar[] {
  const valid = monthBars.filter((b) => /^\d{4}-\d{2}$/.test(b.key));
  if (valid.length === 0) return monthBars;
  const byKey = new Map(valid.map((b) => [b.key, b.value]));
  const monthNo = (key: string) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
  const first = monthNo(valid[0]!.key);
  // A century at most: a mistyped year in one declaration must not make a chart of a million bars.
  const last = Math.min(monthNo(valid[valid.length - 1]!.key), first + 1199);
  const out: Bar[] = [];
  for (let n = first; n <= last; n++) {
    const key = `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    out.push({ key, label: key, value: byKey.get(key) ?? 0 });
  }
  return out;
}

/**
 * The overview: the case's counts, counted now, and the latest run's charts, from the run's
 * summary when its thread has written one (stats/run-summary.ts). Until then the charts are
 * pending while a thread of this process sums them (`status`, from the summary board) or for
 * SUMMARY_WAIT_MS after the run when none is known here (a run of another process); if that
 * thread failed, the overview says why; else they are summed here.
 */
export function overview(db: Database.Database, now = Date.now(), status: (runId: number) => SummaryStatus | null = () => null): Overview {
  const counts = caseCounts(db);
  const runId = latestRunId(db);
  if (runId === null) {
    return {
      counts, run_id: null, flags_by_rule: [], flags_by_severity: [], exports_by_month: [], exports_by_destination: [],
      days_histogram: [], days_flagged: [], days_unplaced: { no_registration: 0, exported_before_registration: 0 }, inflation_by_city: [], top_intermediaries: [],
    };
  }
  const charts = loadRunSummary(db, runId)?.charts;
  if (!charts) {
    const thread = status(runId);
    // A thread of this process at it (or failed) is known: no deadline then.
    const pending = pendingCharts(db, runId, thread === null ? now : null);
    if (pending && thread?.state === 'failed') {
      const { charts_pending: _pending, ...rest } = pending;
      return { counts, run_id: runId, ...rest, charts_failed: thread.message };
    }
    return { counts, run_id: runId, ...(pending ?? runCharts(db, runId)) };
  }
  // Summaries of older versions counted flags in the histogram and left out the vehicles it cannot
  // place, or had buckets of their own (other than `zeromile stats`'s): summed again with today's.
  const current = charts.days_unplaced && currentDayKeys(charts.days_histogram?.map((b) => b.key));
  // Summaries before the flagged counts of the days bars: those counted once per connection and run.
  const flagged = current && currentDayKeys(charts.days_flagged?.map((b) => b.key)) ? {} : { days_flagged: completedFlagged(db, runId) };
  return { counts, run_id: runId, ...charts, ...(current ? {} : completedDays(db, runId)), ...flagged };
}

/**
 * The days charts an older summary lacks, summed once per connection and run (4.2 s at a million
 * vehicles: the overview of a case summarised by an older version took that on every visit until
 * the next run). Like the rest of a summary, they stand for the run, not for later imports.
 */
const completedDays = oncePerConnectionAndRun((db): Pick<Overview, 'days_histogram' | 'days_unplaced'> => daysCharts(exportSpans(db)));
/** The flagged counts of the days bars an older summary lacks (flaggedDays), likewise. */
const completedFlagged = oncePerConnectionAndRun(flaggedDays);

/** `compute` for a connection and a run, made on the first call and kept for the connection's life. */
function oncePerConnectionAndRun<T>(compute: (db: Database.Database, runId: number) => T): (db: Database.Database, runId: number) => T {
  const made = new WeakMap<Database.Database, Map<number, T>>();
  return (db, runId) => {
    let perRun = made.get(db);
    if (!perRun) made.set(db, (perRun = new Map()));
    if (!perRun.has(runId)) perRun.set(runId, compute(db, runId));
    return perRun.get(runId)!;
  };
}

/** The histogram of exported vehicles by days from first registration to export, and those it cannot place. */
function daysCharts(spans: ExportSpans): Pick<Overview, 'days_histogram' | 'days_unplaced'> {
  return { days_histogram: daysHistogram(spans).map(dayBar), days_unplaced: spans.unplaced };
}

/**
 * How long after a run the overview waits for its summary thread rather than summing the charts
 * itself: the thread takes seconds to minutes at a million vehicles; a summary still missing after
 * this (the thread failed, or the app was closed first) is summed on request, as for older runs.
 */
export const SUMMARY_WAIT_MS = 10 * 60_000;

/**
 * The charts of a run whose summary thread is still at work: flags by rule and severity from the
 * counts the run stored, the rest left for the summary (summing them here, on the case's reader,
 * took seconds at 100,000 vehicles and held up every other screen). Null when the summary is overdue
 * (`now` null: never, a thread of this process is at it) or the run stored no counts (older versions).
 */
function pendingCharts(db: Database.Database, runId: number, now: number | null): Omit<Overview, 'counts' | 'run_id'> & { charts_pending: true } | null {
  const run = db.prepare("SELECT finished, counts FROM rule_runs WHERE id = ? AND status = 'done'").get(runId) as { finished: string | null; counts: string | null } | undefined;
  const finished = run?.finished ? Date.parse(run.finished) : NaN;
  if (!run?.counts || (now !== null && !(now - finished < SUMMARY_WAIT_MS))) return null;
  const counts = Object.entries(JSON.parse(run.counts) as Record<string, number>).filter(([, n]) => n > 0);
  const bySeverity = new Map<string, number>();
  for (const [rule, n] of counts) {
    const severity = RULES[rule as RuleId]?.severity ?? 'medium';
    bySeverity.set(severity, (bySeverity.get(severity) ?? 0) + n);
  }
  const sorted = (entries: [string, number][]) => bars(entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key, value]) => ({ key, value })));
  return {
    flags_by_rule: sorted(counts), flags_by_severity: sorted([...bySeverity]),
    exports_by_month: [], exports_by_destination: [], days_histogram: [], days_flagged: [], days_unplaced: { no_registration: 0, exported_before_registration: 0 },
    inflation_by_city: [], top_intermediaries: [], charts_pending: true,
  };
}

/** The overview's charts of one run: sums over its flags and the records they cite. */
export function runCharts(db: Database.Database, runId: number, spans: ExportSpans = exportSpans(db)): Omit<Overview, 'counts' | 'run_id'> {
  const zm = "f.run_id = ? AND f.rule = 'zero_mileage_export'";
  const flagsByRule = bars(db.prepare('SELECT rule AS key, count(*) AS value FROM flags WHERE run_id = ? GROUP BY rule ORDER BY value DESC').all(runId) as never);
  const flagsBySeverity = bars(db.prepare('SELECT severity AS key, count(*) AS value FROM flags WHERE run_id = ? GROUP BY severity ORDER BY value DESC').all(runId) as never);
  const byMonth = everyMonth(bars(db.prepare(`SELECT substr(e.declaration_date, 1, 7) AS key, count(DISTINCT f.vin) AS value
    FROM flags f JOIN exports e ON e.vin = f.vin WHERE ${zm} GROUP BY key ORDER BY key`).all(runId) as never));
  const byDestination = bars(db.prepare(`SELECT f.destination AS key, count(*) AS value FROM flags f WHERE ${zm}
    GROUP BY f.destination ORDER BY value DESC LIMIT 15`).all(runId) as never);
  const inflation = inflationByCity(db, runId);
  const top = bars(db.prepare(`SELECT f.exporter AS key, count(*) AS value FROM flags f WHERE ${zm} AND f.exporter IS NOT NULL
    GROUP BY f.exporter ORDER BY value DESC LIMIT 10`).all(runId) as never);
  return {
    flags_by_rule: flagsByRule,
    flags_by_severity: flagsBySeverity,
    exports_by_month: byMonth,
    exports_by_destination: byDestination,
    ...daysCharts(spans),
    days_flagged: flaggedDays(db, runId),
    inflation_by_city: inflation,
    top_intermediaries: top,
  };
}

/**
 * First registrations per city and how many of their vehicles the run flagged as zero-mileage
 * exports, the 15 cities with most. Two passes joined here, not one LEFT JOIN of registrations to
 * flags: on a case without ANALYZE the planner searched the run's flags by run alone once per
 * registration (17 minutes at 100,000 vehicles).
 */
function inflationByCity(db: Database.Database, runId: number): Overview['inflation_by_city'] {
  const registered = db.prepare(`SELECT city, count(DISTINCT vin) AS n FROM registrations
    WHERE event = 'initial' AND city IS NOT NULL GROUP BY city`).all() as { city: string; n: number }[];
  // From the run's flags outwards (CROSS JOIN keeps them the outer loop), each vehicle's registrations by its VIN.
  const flagged = new Map((db.prepare(`SELECT r.city AS city, count(DISTINCT f.vin) AS n
    FROM flags f CROSS JOIN registrations r ON r.vin = f.vin
    WHERE f.run_id = ? AND f.rule = 'zero_mileage_export' AND r.event = 'initial' AND r.city IS NOT NULL
    GROUP BY r.city`).all(runId) as { city: string; n: number }[]).map((row) => [row.city, row.n]));
  return registered.map((row) => ({ city: row.city, registered: row.n, zero_mileage: flagged.get(row.city) ?? 0 }))
    .sort((a, b) => b.zero_mileage - a.zero_mileage || b.registered - a.registered || (a.city < b.city ? -1 : a.city > b.city ? 1 : 0))
    .slice(0, 15);
}
