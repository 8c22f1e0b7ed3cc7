import type { CaseCounts } from './case';
import type { HandlerSpec } from './handler';
import type { DaysToExportUnplaced } from './stats';

export type Bar = { key: string; label: string; value: number };

export type Overview = {
  counts: CaseCounts;
  run_id: number | null;
  flags_by_rule: Bar[];
  flags_by_severity: Bar[];
  /** Zero-mileage exports per declaration month (YYYY-MM). */
  exports_by_month: Bar[];
  /** Zero-mileage exports per destination (ISO alpha-2 key). */
  exports_by_destination: Bar[];
  /** Exported vehicles by days from first registration to export, in buckets; key is "min-max". */
  days_histogram: Bar[];
  /**
   * The run's zero-mileage export flags whose days fall in each bucket (same keys): what a bar opens
   * in the flag queue (rule and days), so the bar says how many flags its click shows.
   */
  days_flagged: Bar[];
  /** Exported vehicles with no such span (no registration, or exported before it), shown beside the histogram. */
  days_unplaced: DaysToExportUnplaced;
  /** Per registration city: vehicles first registered, and how many of them were zero-mileage exports. */
  inflation_by_city: { city: string; registered: number; zero_mileage: number }[];
  /** Exporters with the most zero-mileage exports. */
  top_intermediaries: Bar[];
  /**
   * The run has just finished and its summary thread is still summing the charts: only the flags
   * by rule and severity (from the run's own counts) are given, the other charts are empty. Ask
   * again in a few seconds.
   */
  charts_pending?: boolean;
  /**
   * The run's summary thread failed (the write lock not given in time, a full disk, the thread
   * dying): only the flags by rule and severity are given, as when pending, and this is why (the
   * backend's words, in English). `overview:summarize` tries again.
   */
  charts_failed?: string;
};

/** Exports a rule pack clause flagged, per destination and month of declaration (latest run). */
export type PackDestinationRow = { country: string; month: string; pack: string; clause: string; rule: string; exports: number };

export type OverviewHandlers = {
  'overview:get': HandlerSpec<Record<string, never>, Overview>;
  /** The latest run's exports flagged by rule pack clauses, by destination, month, pack and clause; empty before any run. */
  'overview:pack-destinations': HandlerSpec<Record<string, never>, PackDestinationRow[]>;
  /**
   * Sums the latest run's statistics and queue orders again on a background thread if they were
   * never stored (its thread failed): `started` false when there was nothing to sum.
   */
  'overview:summarize': HandlerSpec<Record<string, never>, { started: boolean }>;
};
