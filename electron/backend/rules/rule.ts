import type Database from 'better-sqlite3';
import type { RuleId, RuleParams } from '../../../shared/rules';
import { registerCitation } from '../casefile/citation-functions';

/**
 * What every rule file exports. A rule fills the temporary tables `rule_hits` (one row per
 * flag: vehicle or party) and `rule_evidence` (the records behind each flag) with set-based SQL.
 * It runs in a rule finder thread (rule-finder.ts) on its own connection to the case file, which
 * has the rule's scratch database attached as `scratch`: the finder numbers the hits 1..n into
 * `scratch.flags` and the evidence into `scratch.flag_evidence`, and the runner copies both
 * into the run's `flags` and `flag_evidence`.
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
   * Optional second step, run once the hits are numbered: temp.hit_ids then maps each flag_key
   * to its number within the rule (`flag_id`, 1..n), and the rule may write its evidence straight
   * into scratch.flag_evidence (INSERT OR IGNORE, with provenance), skipping temp.rule_evidence:
   * for rules that cite hundreds of thousands of records. It also drops the rule's own work tables.
   */
  evidence?(ctx: RuleContext): void;
  /** The rule reads temp.export_anchor (export-anchor.ts), which the runner builds for it. */
  readsExportAnchor?: boolean;
  /**
   * Found on the runner's own connection, inside the run's transaction, rather than in a finder
   * thread: for rules that read little (the rule pack clauses). SQLite attaches at most 10
   * databases to a connection and the runner attaches one scratch file per finder rule, so rules
   * beyond that must run here. Such a rule has no evidence step (it cites through temp.rule_evidence).
   */
  onRunner?: boolean;
};

/** Temporary work tables, created once per connection; emptied before each rule. Reasons cite through zm_code_given. */
export function prepareWorkTables(db: Database.Database): void {
  registerCitation(db);
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

/**
 * A rule's output in its scratch database `schema`: its flags numbered 1..n in flag_key order,
 * with the vehicle's maker and the verdict's status already looked up, and their evidence by that
 * number. The runner creates the tables (before its transaction, so that its connection never
 * sees the scratch's schema change while a finder writes it), the finder fills them, the runner
 * adds the run's first free flag id to both and copies them in order.
 */
export const scratchSchema = (schema: string, prefix = ''): string => `
CREATE TABLE ${schema}.${prefix}flags (
  n INTEGER PRIMARY KEY,
  flag_key TEXT NOT NULL,
  vin TEXT,
  party_id INTEGER,
  reason TEXT NOT NULL,
  facts TEXT NOT NULL,
  maker TEXT,
  exporter TEXT,
  destination TEXT,
  days INTEGER,
  km REAL,
  status TEXT NOT NULL
);
CREATE TABLE ${schema}.${prefix}flag_evidence (
  flag_id INTEGER NOT NULL,
  record_kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  row_no INTEGER,
  page INTEGER,
  PRIMARY KEY (flag_id, record_kind, record_id)
) WITHOUT ROWID;`;

/**
 * A count of days as a reason writes it: `one` for a single day ('a day' after or apart, '1 day' as
 * a minimum), else 'N days'. shared/flag-reasons.ts dayCount says the same from the facts.
 */
export const DAYS_TEXT = (days: string, one: 'a day' | '1 day' = 'a day'): string =>
  `CASE WHEN ${days} = 1 THEN '${one}' ELSE printf('%d days', ${days}) END`;

/** A km figure as people write it in a reason ("8 km", "no reading"). */
export const KM_TEXT = (column: string): string =>
  `CASE WHEN ${column} IS NULL THEN 'no odometer reading' ELSE printf('odometer %s km', printf('%.0f', ${column})) END`;
