import type Database from 'better-sqlite3';
import type { RuleId, RuleParams } from '../../../shared/rules';

/**
 * What every rule file exports. A rule fills the temporary tables `rule_hits` (one row per
 * flag: vehicle or party) and `rule_evidence` (the records behind each flag) with set-based SQL;
 * the runner turns them into `flags` and `flag_evidence` rows of the run.
 */
export type RuleContext = {
  db: Database.Database;
  params: RuleParams;
};

export type RuleImpl = {
  id: RuleId;
  /**
   * Fills temp.rule_hits and temp.rule_evidence for this rule (both are empty on entry). An
   * evidence row may carry its record's document_id, row_no and page when the rule read them
   * anyway; the runner then writes it as is instead of looking the record up again. A record
   * cited twice for one flag is written once. Rows in flag key order write fastest.
   */
  find(ctx: RuleContext): void;
  /**
   * Optional second step, run once the hits are flags: temp.hit_ids then maps each flag_key to
   * its flag_id, and the rule may write its evidence straight into flag_evidence (INSERT OR
   * IGNORE, with provenance), skipping temp.rule_evidence: for rules that cite hundreds of
   * thousands of records. It also drops the rule's own work tables.
   */
  evidence?(ctx: RuleContext): void;
  /** The rule reads temp.export_anchor (export-anchor.ts), which the runner builds for it. */
  readsExportAnchor?: boolean;
};

/** Temporary work tables, created once per connection; emptied before each rule. */
export function prepareWorkTables(db: Database.Database): void {
  db.exec(`
-- Stored in flag_key order (rules find their hits in VIN order, so rows go in at the end), so
-- the runner numbers and writes them without a sort; a key found twice is refused.
CREATE TEMP TABLE IF NOT EXISTS rule_hits (
  flag_key TEXT PRIMARY KEY,
  vin TEXT,
  party_id INTEGER,
  reason TEXT NOT NULL,
  facts TEXT NOT NULL,
  exporter TEXT,
  destination TEXT,
  days INTEGER,
  km REAL
) WITHOUT ROWID;
-- No key: rows are appended as a rule finds them; flag_evidence's key drops repeats.
CREATE TEMP TABLE IF NOT EXISTS rule_evidence (
  flag_key TEXT NOT NULL,
  record_kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  document_id INTEGER,
  row_no INTEGER,
  page INTEGER
);
CREATE TEMP TABLE IF NOT EXISTS hit_ids (flag_key TEXT PRIMARY KEY, flag_id INTEGER NOT NULL) WITHOUT ROWID;
DELETE FROM temp.rule_hits;
DELETE FROM temp.rule_evidence;
DELETE FROM temp.hit_ids;`);
}

/** A km figure as people write it in a reason ("8 km", "no reading"). */
export const KM_TEXT = (column: string): string =>
  `CASE WHEN ${column} IS NULL THEN 'no odometer reading' ELSE printf('odometer %s km', printf('%.0f', ${column})) END`;
