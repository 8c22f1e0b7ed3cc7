import type Database from 'better-sqlite3';
import type { StatsOverview } from '../../../shared/contract/stats';
import { daysHistogram, exportSpans, type ExportSpans } from './days-to-export';

/** The dashboard's counts: flags of the run by rule, severity and status, and the days-to-export histogram. */
export function overview(db: Database.Database, runId: number | null): StatsOverview {
  return { ...runOverview(db, runId), flags_by_status: flagsByStatus(db, runId) };
}

/** The counts that stay as the run left them (a run summary keeps these): all but the statuses, which verdicts change. */
export function runOverview(db: Database.Database, runId: number | null, spans: ExportSpans = exportSpans(db)): Omit<StatsOverview, 'flags_by_status'> {
  const run = { run: runId ?? -1 };
  const counts = db.prepare(`SELECT (SELECT count(*) FROM vehicles) AS vehicles, (SELECT count(DISTINCT vin) FROM exports) AS exported`).get() as { vehicles: number; exported: number };
  const byRule = db.prepare('SELECT rule, severity, count(*) AS flags FROM flags WHERE run_id = @run GROUP BY rule, severity ORDER BY rule, severity').all(run) as StatsOverview['flags_by_rule'];
  return {
    vehicles: counts.vehicles,
    exported_vehicles: counts.exported,
    flags_total: byRule.reduce((sum, r) => sum + r.flags, 0),
    flags_by_rule: byRule,
    days_to_export: daysHistogram(spans),
    days_to_export_unplaced: spans.unplaced,
  };
}

/** A run's flags by review status: verdicts change them, so they are counted on every request. */
export function flagsByStatus(db: Database.Database, runId: number | null): StatsOverview['flags_by_status'] {
  return db.prepare('SELECT status, count(*) AS flags FROM flags WHERE run_id = ? GROUP BY status ORDER BY status').all(runId ?? -1) as StatsOverview['flags_by_status'];
}
