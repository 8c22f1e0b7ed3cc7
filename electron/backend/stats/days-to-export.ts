import type Database from 'better-sqlite3';
import type { Bar } from '../../../shared/contract/overview';
import type { DaysToExportBucket, DaysToExportUnplaced } from '../../../shared/contract/stats';

/**
 * Days from first registration to export, per exported vehicle: its first (initial) registration
 * and its first export declaration on or after it. A vehicle with no initial registration, or
 * exported only before it, has no such span: it is counted apart (`unplaced`), never dropped, so
 * the spans and the two counts add up to the exported vehicles.
 */
export type ExportSpans = { spans: { days: number; vehicles: number }[]; unplaced: DaysToExportUnplaced };

const NO_REGISTRATION = -1;
const BEFORE_REGISTRATION = -2;

export function exportSpans(db: Database.Database): ExportSpans {
  // One pass over the exports grouped by VIN; first registrations by the registrations' VIN index.
  const rows = db.prepare(`
WITH first_reg AS (SELECT vin, min(registration_date) AS d FROM registrations WHERE event = 'initial' GROUP BY vin),
per_vehicle AS (
  SELECT f.d AS registered, min(CASE WHEN e.declaration_date >= f.d THEN e.declaration_date END) AS exported
  FROM exports e LEFT JOIN first_reg f ON f.vin = e.vin GROUP BY e.vin)
SELECT CASE WHEN registered IS NULL THEN ${NO_REGISTRATION} WHEN exported IS NULL THEN ${BEFORE_REGISTRATION}
  ELSE CAST(julianday(exported) - julianday(registered) AS INTEGER) END AS days, count(*) AS vehicles
FROM per_vehicle GROUP BY days`).all() as { days: number; vehicles: number }[];
  const count = (days: number) => rows.find((r) => r.days === days)?.vehicles ?? 0;
  return {
    spans: rows.filter((r) => r.days >= 0),
    unplaced: { no_registration: count(NO_REGISTRATION), exported_before_registration: count(BEFORE_REGISTRATION) },
  };
}

/**
 * The histogram's buckets (days, both ends included; the last open): the one definition the
 * overview's chart, `zeromile stats`, the run summary and the case report share. Weeks first
 * (zero-mileage exports leave within days or weeks), then months up to the 180 days of the rules'
 * zero-mileage window and China's after-sales confirmation, then the year.
 */
const EDGES = [0, 7, 14, 30, 60, 90, 120, 150, 180, 365] as const;
const BUCKETS = EDGES.map((edge, i) => ({ from: i === 0 ? 0 : edge + 1, to: EDGES[i + 1] ?? null }));

type Bucket = { from: number; to: number | null };

/** A bucket's key, "from-to" ("from-" when open): the overview's bar key, and the flag filter a click on it opens. */
const dayKey = (b: Bucket) => `${b.from}-${b.to ?? ''}`;

/** A bucket as it is labelled: "from-to", or "from+" when open. */
const dayLabel = (b: Bucket) => (b.to === null ? `${b.from}+` : `${b.from}-${b.to}`);

/** The sum of `count` over the rows whose days fall in the bucket. */
const sumIn = <T extends { days: number }>(b: Bucket, rows: readonly T[], count: (row: T) => number): number =>
  rows.filter((r) => r.days >= b.from && (b.to === null || r.days <= b.to)).reduce((sum, r) => sum + count(r), 0);

export function daysHistogram(spans: ExportSpans): DaysToExportBucket[] {
  return BUCKETS.map((b) => ({ label: dayLabel(b), from: b.from, to: b.to, vehicles: sumIn(b, spans.spans, (s) => s.vehicles) }));
}

/**
 * The run's zero-mileage export flags in the same buckets, by each flag's own days (from the latest
 * initial registration on or before its declaration: the rule's span, which the queue's days filter
 * reads): what a bar of the histogram opens, so the count it shows is the count of the queue it
 * opens (probe 56 item 3). Keyed as the histogram's bars; a bucket without flags has 0.
 */
export function flaggedDays(db: Database.Database, runId: number): Bar[] {
  const rows = db.prepare("SELECT days, count(*) AS n FROM flags WHERE run_id = ? AND rule = 'zero_mileage_export' AND days IS NOT NULL GROUP BY days")
    .all(runId) as { days: number; n: number }[];
  return BUCKETS.map((b) => ({ key: dayKey(b), label: dayLabel(b), value: sumIn(b, rows, (r) => r.n) }));
}

/** A bucket as the overview's bar. */
export const dayBar = (b: DaysToExportBucket): Bar => ({ key: dayKey(b), label: b.label, value: b.vehicles });

/** Whether bucket keys a run summary stored are today's (older versions had other buckets, and two sets of them). */
export const currentDayKeys = (keys: readonly string[] | undefined): boolean =>
  keys !== undefined && keys.length === BUCKETS.length && keys.every((k, i) => k === dayKey(BUCKETS[i]!));
