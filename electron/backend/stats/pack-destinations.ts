import type Database from 'better-sqlite3';
import type { PackDestinationRow } from '../../../shared/contract/overview';
import { PACK_RULES } from '../../../shared/rule-packs';

/**
 * Per destination country and month of declaration, the exports a rule pack clause flagged in one
 * run, by pack and clause: the destination figures seen through the importing (and exporting)
 * countries' law. Read from the run's flags of the pack rules (index flags_run_rule narrows them; `run_id > 0` lets SQLite use that partial index),
 * whose facts carry the declaration date, pack and clause.
 */
export function packDestinations(db: Database.Database, runId: number): PackDestinationRow[] {
  return db.prepare(`
SELECT destination AS country, substr(json_extract(facts, '$.declaration_date'), 1, 7) AS month,
       json_extract(facts, '$.pack') AS pack, json_extract(facts, '$.clause') AS clause, rule, count(*) AS exports
FROM flags INDEXED BY flags_run_rule
WHERE run_id = ? AND run_id > 0 AND rule IN (${PACK_RULES.map(() => '?').join(', ')}) AND json_extract(facts, '$.pack') IS NOT NULL
GROUP BY country, month, pack, clause, rule
ORDER BY month DESC, country, pack, clause`).all(runId, ...PACK_RULES) as PackDestinationRow[];
}
