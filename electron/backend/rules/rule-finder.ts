import Database from 'better-sqlite3';
import { RULES, type RuleId, type RuleParams } from '../../../shared/rules';
import { scratchRuleDigest, type RuleRowsDigest } from '../casefile/run-digest';
import { RECORD_TABLES } from '../casefile/records';
import type { InThread } from '../threads/in-thread';
import { ALL_RULES } from './all-rules';
import { buildExportAnchors } from './export-anchor';
import { prepareWorkTables, type RuleImpl } from './rule';

/** What a finder thread is given: the run's rules and their scratch files. */
export type FinderSetup = {
  casePath: string;
  nativeBinding?: string;
  params: RuleParams;
  /** The run's rules in run order; rule i writes into scratch[i]. */
  rules: RuleId[];
  scratch: string[];
  /** Indexes into `rules`, one list per job (the thread job's tasks); a job is claimed whole by one finder. */
  jobs: number[][];
};

/** What a finder reports for each rule of the run, or the failure that ends the run. */
export type FinderReport =
  | { index: number; ok: true; count: number; findMs: number; anchorMs: number; digest: RuleRowsDigest }
  /** `failed`: the rule whose run failed (null: the finder itself). */
  | { ok: false; failed: RuleId | null; message: string; code?: string };

/** An error while running one rule, naming it. */
class RuleFailure extends Error {
  readonly code: unknown;
  constructor(readonly rule: RuleId, cause: unknown) {
    super((cause as Error).message);
    this.code = (cause as { code?: unknown } | null)?.code;
  }
}

/**
 * Page cache of a finder's connection for the case file (32 MB: rules walk indexes in order, the
 * OS cache holds the rest) and for its work tables (64 MB), negative = KiB for SQLite. Three
 * connections share the run's memory (< 1 GB at a million vehicles, measured by the bench).
 */
const FINDER_CACHE_KIB = -32_768;
const FINDER_TEMP_CACHE_KIB = -65_536;

/** Page cache of the rule's scratch file, 2 MB: its flags and evidence are appended in number order, then read once. */
const SCRATCH_WRITE_CACHE_KIB = -2_048;

const RULES_BY_ID = new Map<RuleId, RuleImpl>(ALL_RULES.map((rule) => [rule.id, rule]));

/**
 * Runs in a finder thread: claims jobs until none is left, and for each rule of a job runs the
 * rule on its own connection to the case file and leaves its numbered flags and evidence in the
 * rule's scratch file. The runner's connection holds the case's write lock for the whole run,
 * so every finder reads exactly the state the run started from. Rules that read the export
 * anchor share one job, so the anchor is built once.
 */
export function findRules(finder: InThread<FinderSetup, FinderReport>): void {
  const { setup } = finder;
  let db: Database.Database | null = null;
  try {
    // In a small run the other finders may have taken every job while this thread was starting.
    let job = finder.claim();
    if (job === null) return;
    db = new Database(setup.casePath, { fileMustExist: true, ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}) });
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = ${FINDER_CACHE_KIB}`);
    db.pragma(`temp.cache_size = ${FINDER_TEMP_CACHE_KIB}`);
    prepareWorkTables(db);
    for (; job !== null; job = finder.claim()) findJob(db, finder, setup.jobs[job]!);
  } catch (error) {
    // The connection or a job failed: the run fails with the reason, so the runner never waits
    // for a rule no finder will take.
    // SQLite's code goes with it: a write past the file size limit is named as such by the runner.
    const code = (error as { code?: unknown } | null)?.code;
    finder.send({ ok: false, failed: error instanceof RuleFailure ? error.rule : null, message: (error as Error).message, ...(typeof code === 'string' ? { code } : {}) });
  } finally {
    // Closed before the thread ends: the case file's close() waits for that.
    db?.close();
  }
}

function findJob(db: Database.Database, finder: InThread<FinderSetup, FinderReport>, job: number[]): void {
  const { setup } = finder;
  let anchorMs = 0;
  if (job.some((index) => RULES_BY_ID.get(setup.rules[index]!)?.readsExportAnchor)) {
    const clock = performance.now();
    buildExportAnchors(db);
    anchorMs = performance.now() - clock;
  }
  for (const index of job) {
    // The run ended (failed or cancelled): its scratch files are gone, nobody waits for this rule.
    if (finder.cancelled()) break;
    const rule = RULES_BY_ID.get(setup.rules[index]!);
    if (!rule) throw new Error(`Unknown rule ${setup.rules[index]}.`);
    const clock = performance.now();
    let found: { count: number; digest: RuleRowsDigest };
    try {
      found = findIntoScratch(db, rule, setup.params, setup.scratch[index]!);
    } catch (error) {
      throw new RuleFailure(rule.id, error);
    }
    finder.send({ index, ok: true, ...found, findMs: performance.now() - clock, anchorMs: index === job[0] ? anchorMs : 0 });
  }
  db.exec('DROP TABLE IF EXISTS temp.export_anchor');
}

/**
 * One rule into its scratch file (attached as `scratch` meanwhile): the number of flags it found,
 * and the digest of its rows the run's audit entry commits, hashed here, beside the runner's writing.
 */
function findIntoScratch(db: Database.Database, rule: RuleImpl, params: RuleParams, file: string): { count: number; digest: RuleRowsDigest } {
  db.prepare('ATTACH ? AS scratch').run(file);
  try {
    // A scratch file lives for one run and is thrown away: no journal, no syncs. Its tables
    // were made by the runner (rule.ts scratchSchema).
    db.pragma('scratch.journal_mode = OFF');
    db.pragma('scratch.synchronous = OFF');
    db.pragma(`scratch.cache_size = ${SCRATCH_WRITE_CACHE_KIB}`);
    const tables = { flags: 'scratch.flags', evidence: 'scratch.flag_evidence' };
    const count = findIntoTables(db, rule, params, tables);
    return { count, digest: scratchRuleDigest(db, tables, RULES[rule.id].severity) };
  } finally {
    db.exec('DETACH scratch');
  }
}

/**
 * One rule's flags numbered 1..n into `out.flags` and their evidence into `out.evidence` (tables
 * of rule.ts scratchSchema): a finder's scratch file, or the runner's temp tables for the rules
 * found on its own connection (RuleImpl.onRunner).
 */
export function findIntoTables(db: Database.Database, rule: RuleImpl, params: RuleParams, out: { flags: string; evidence: string }): number {
  prepareWorkTables(db);
  return db.transaction(() => {
    rule.find({ db, params });
    db.exec(`
INSERT INTO temp.hit_ids (flag_key, flag_id) SELECT flag_key, row_number() OVER (ORDER BY flag_key) FROM temp.rule_hits;
-- hit_ids is walked in key order, which is number order (CROSS JOIN keeps it the outer loop):
-- the flags arrive in number order, and vehicles are looked up in VIN order.
INSERT INTO ${out.flags} (n, flag_key, vin, party_id, reason, facts, maker, exporter, destination, days, km, status)
SELECT i.flag_id, h.flag_key, h.vin, h.party_id, h.reason, h.facts, v.maker, h.exporter, h.destination, h.days, h.km,
     coalesce(rv.status, 'open')
FROM temp.hit_ids i CROSS JOIN temp.rule_hits h ON h.flag_key = i.flag_key
LEFT JOIN vehicles v ON v.vin = h.vin LEFT JOIN reviews rv ON rv.flag_key = h.flag_key;`);
    rule.evidence?.({ db, params });
    // Evidence whose provenance the rule already read is written as is; the rest looks its record up.
    db.exec(`
INSERT OR IGNORE INTO ${out.evidence} (flag_id, record_kind, record_id, document_id, row_no, page)
SELECT f.flag_id, ev.record_kind, ev.record_id, ev.document_id, ev.row_no, ev.page
FROM temp.rule_evidence ev CROSS JOIN temp.hit_ids f ON f.flag_key = ev.flag_key
WHERE ev.document_id IS NOT NULL`);
    const kinds = db.prepare('SELECT DISTINCT record_kind FROM temp.rule_evidence WHERE document_id IS NULL').pluck().all() as string[];
    for (const kind of kinds) {
      const table = (RECORD_TABLES as Record<string, string>)[kind];
      if (!table) throw new Error(`Rule ${rule.id} cited an unknown record kind "${kind}".`);
      db.prepare(`
INSERT OR IGNORE INTO ${out.evidence} (flag_id, record_kind, record_id, document_id, row_no, page)
SELECT f.flag_id, ev.record_kind, ev.record_id, r.document_id, r.row_no, r.page
FROM temp.rule_evidence ev CROSS JOIN temp.hit_ids f ON f.flag_key = ev.flag_key
CROSS JOIN ${table} r ON r.id = ev.record_id
WHERE ev.record_kind = ? AND ev.document_id IS NULL`).run(kind);
    }
    return db.prepare('SELECT count(*) FROM temp.hit_ids').pluck().get() as number;
  })();
}
