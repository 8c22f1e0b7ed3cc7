import type Database from 'better-sqlite3';
import { runWindowDays } from '../../../shared/rules';

/**
 * The run every screen, statistic, export and print shows: the latest finished one (or the
 * latest at all while none has finished). A verdict attaches to a flag's key, so it follows the
 * flag from run to run. A run commits in one transaction with its status 'done', so an unfinished
 * run is only seen in a case written by an older version.
 */
export function latestRunId(db: Database.Database): number | null {
  const row = db.prepare(
    "SELECT id FROM rule_runs ORDER BY (status = 'done' OR finished IS NOT NULL) DESC, id DESC LIMIT 1",
  ).get() as { id: number } | undefined;
  return row?.id ?? null;
}

/** The zero-mileage window of the run (the latest by default) the screens show: its stored parameter, not today's default. */
export function latestRunWindowDays(db: Database.Database, runId: number | null = latestRunId(db)): number {
  const row = runId === null ? undefined : db.prepare('SELECT params FROM rule_runs WHERE id = ?').get(runId) as { params: string } | undefined;
  return runWindowDays(row?.params);
}
