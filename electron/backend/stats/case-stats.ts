import type Database from 'better-sqlite3';
import type { CaseStats } from '../../../shared/contract/stats';
import { ZeroMileError } from '../../../shared/errors';
import { overview } from './overview';
import { partyStats } from './party-stats';
import { destinations, regionalInflation } from './regional';

/** The latest finished rule run, or null when the rules have not been run yet. */
export function latestRunId(db: Database.Database): number | null {
  const row = db.prepare("SELECT id FROM rule_runs WHERE status = 'done' ORDER BY id DESC LIMIT 1").get() as { id: number } | undefined;
  return row?.id ?? null;
}

export function caseStats(db: Database.Database, options: { runId?: number; partyLimit?: number } = {}): CaseStats {
  let runId = latestRunId(db);
  if (options.runId !== undefined) {
    const exists = db.prepare('SELECT 1 FROM rule_runs WHERE id = ?').get(options.runId);
    if (!exists) throw new ZeroMileError('not_found', `No rule run ${options.runId} in this case file.`);
    runId = options.runId;
  }
  return {
    run_id: runId,
    overview: overview(db, runId),
    regional: regionalInflation(db, runId),
    parties: partyStats(db, options.partyLimit ?? 100),
    destinations: destinations(db, runId),
  };
}
