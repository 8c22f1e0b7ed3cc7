import type Database from 'better-sqlite3';
import { ZeroMileError } from '../../../shared/errors';
import { RULES, validateRuleParams, type RuleId, type RuleParams } from '../../../shared/rules';
import { APP_VERSION } from '../app-version';
import { appendAudit } from '../casefile/audit';
import type { CaseFile } from '../casefile/open-case-file';
import { ALL_RULES } from './all-rules';
import { buildExportAnchors } from './export-anchor';
import { RECORD_TABLES } from '../casefile/records';
import { prepareWorkTables } from './rule';

/** Page cache during a run for the case file and for the work tables, each 256 MB (negative = KiB for SQLite). */
const RUN_CACHE_KIB = -262_144;

export type RunProgress = { rule: RuleId; done: number; total: number };

export type RunOptions = {
  onProgress?: (progress: RunProgress) => void;
  /** Checked between rules; an abort rolls the whole run back (no run row, no flags). */
  signal?: AbortSignal;
  /** Only these rules (all by default). */
  rules?: readonly RuleId[];
};

export type RuleRunSummary = {
  id: number;
  started: string;
  finished: string;
  app_version: string;
  params: RuleParams;
  status: 'done';
};

export type RunResult = {
  run: RuleRunSummary;
  /** Flags found per rule. */
  counts: Record<RuleId, number>;
  /** Wall time per rule in ms (flag writing included); `prepare` is the shared export anchor. */
  timings: Record<RuleId | 'prepare', number>;
};

/**
 * Runs the rules in one transaction: a `rule_runs` row with the parameters and app version,
 * flags with their evidence, each flag's status taken from the analyst's verdict on the same
 * flag key (so verdicts carry over), and an audit entry. Earlier runs are never touched.
 */
export function runRules(target: CaseFile | Database.Database, rawParams: unknown, options: RunOptions = {}): RunResult {
  const db = 'db' in target ? target.db : target;
  const params = validateRuleParams(rawParams);
  const selected = options.rules ? ALL_RULES.filter((r) => options.rules!.includes(r.id)) : ALL_RULES;
  const checkCancel = () => {
    if (options.signal?.aborted) throw new ZeroMileError('cancelled', 'The rule run was cancelled; nothing was saved.');
  };
  // The work tables exist (and are empty) before the statements below are prepared against them;
  // each rule empties them again before it runs.
  prepareWorkTables(db);
  // Flag ids are given out here (after the highest so far, in flag_key order), so that evidence
  // finds its flag in a small in-memory table instead of the flags index of every run.
  const numberHits = db.prepare(`
INSERT INTO temp.hit_ids (flag_key, flag_id)
SELECT flag_key, (SELECT coalesce(max(id), 0) FROM flags) + row_number() OVER (ORDER BY flag_key) FROM temp.rule_hits`);
  // hit_ids is walked in key order, which is flag id order (CROSS JOIN keeps it the outer loop):
  // the flags arrive in id order without sorting their wide rows, so the table and flags_run only
  // grow at their end, and vehicles are looked up in VIN order.
  const insertFlags = db.prepare(`
INSERT INTO flags (id, run_id, rule, severity, flag_key, vin, party_id, reason, facts, maker, exporter, destination, days, km, status)
SELECT i.flag_id, @run, @rule, @severity, h.flag_key, h.vin, h.party_id, h.reason, h.facts, v.maker, h.exporter, h.destination, h.days, h.km,
       coalesce(rv.status, 'open')
FROM temp.hit_ids i CROSS JOIN temp.rule_hits h ON h.flag_key = i.flag_key
LEFT JOIN vehicles v ON v.vin = h.vin LEFT JOIN reviews rv ON rv.flag_key = h.flag_key`);
  // Evidence whose provenance the rule already read is written as is; the rest looks its record up.
  const evidenceCarried = db.prepare(`
INSERT OR IGNORE INTO flag_evidence (flag_id, record_kind, record_id, document_id, row_no, page)
SELECT f.flag_id, ev.record_kind, ev.record_id, ev.document_id, ev.row_no, ev.page
FROM temp.rule_evidence ev
CROSS JOIN temp.hit_ids f ON f.flag_key = ev.flag_key
WHERE ev.document_id IS NOT NULL`);
  const evidenceFor = Object.fromEntries(Object.entries(RECORD_TABLES).map(([kind, table]) => [kind, db.prepare(`
INSERT OR IGNORE INTO flag_evidence (flag_id, record_kind, record_id, document_id, row_no, page)
SELECT f.flag_id, ev.record_kind, ev.record_id, r.document_id, r.row_no, r.page
FROM temp.rule_evidence ev
CROSS JOIN temp.hit_ids f ON f.flag_key = ev.flag_key
CROSS JOIN ${table} r ON r.id = ev.record_id
WHERE ev.record_kind = '${kind}' AND ev.document_id IS NULL`)]));

  const run = db.transaction((): RunResult => {
    const started = new Date().toISOString();
    const runId = Number(db.prepare("INSERT INTO rule_runs (started, app_version, params, status) VALUES (?, ?, ?, 'running')")
      .run(started, APP_VERSION, JSON.stringify(params)).lastInsertRowid);
    const counts = {} as Record<RuleId, number>;
    const timings = {} as Record<RuleId | 'prepare', number>;
    let clock = performance.now();
    // The export anchor lives from before its first reader to after its last: the later rules'
    // work tables then have the temporary page cache to themselves.
    const lastAnchorReader = selected.findLastIndex((rule) => rule.readsExportAnchor === true);
    if (lastAnchorReader >= 0) buildExportAnchors(db);
    timings.prepare = performance.now() - clock;
    selected.forEach((rule, index) => {
      checkCancel();
      clock = performance.now();
      prepareWorkTables(db);
      rule.find({ db, params });
      numberHits.run();
      counts[rule.id] = insertFlags.run({ run: runId, rule: rule.id, severity: RULES[rule.id].severity }).changes;
      rule.evidence?.({ db, params });
      evidenceCarried.run();
      const kinds = db.prepare('SELECT DISTINCT record_kind FROM temp.rule_evidence WHERE document_id IS NULL').pluck().all() as string[];
      for (const kind of kinds) {
        const statement = evidenceFor[kind];
        if (!statement) throw new ZeroMileError('internal', `Rule ${rule.id} cited an unknown record kind "${kind}".`);
        statement.run();
      }
      if (index === lastAnchorReader) db.exec('DROP TABLE IF EXISTS temp.export_anchor');
      timings[rule.id] = performance.now() - clock;
      options.onProgress?.({ rule: rule.id, done: index + 1, total: selected.length });
    });
    checkCancel();
    const finished = new Date().toISOString();
    db.prepare("UPDATE rule_runs SET finished = ?, counts = ?, status = 'done' WHERE id = ?").run(finished, JSON.stringify(counts), runId);
    appendAudit(db, { action: 'rules.run', subject: `run:${runId}`, detail: { params, counts } });
    return { run: { id: runId, started, finished, app_version: APP_VERSION, params, status: 'done' }, counts, timings };
  });
  // The rules read whole tables by several indexes and build large work tables; a bigger page
  // cache for both keeps them from going back to disk. temp_store is left alone on purpose:
  // changing it drops every temporary table of the connection. Restored afterwards.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const tempCacheSize = db.pragma('temp.cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${RUN_CACHE_KIB}`);
  db.pragma(`temp.cache_size = ${RUN_CACHE_KIB}`);
  try {
    return run();
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.export_anchor');
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`temp.cache_size = ${tempCacheSize}`);
  }
}
