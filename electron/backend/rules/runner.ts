import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZeroMileError } from '../../../shared/errors';
import { RULES, validateRuleParams, type RuleId, type RuleParams } from '../../../shared/rules';
import { APP_VERSION } from '../app-version';
import { appendAudit } from '../casefile/audit';
import { runRowDigest } from '../casefile/fact-digests';
import { composeRunDigest, scratchRuleDigest, type RuleDigest, type RuleRowsDigest } from '../casefile/run-digest';
import { summarizeInBackground, type SummaryOutcome } from '../casefile/run-summaries';
import type { CaseFile } from '../casefile/open-case-file';
import { ALL_RULES } from './all-rules';
import { findIntoTables } from './rule-finder';
import { scratchSchema } from './rule';
import { caseReadOnlyRefused, runSizeLimitRefused } from '../casefile/write-refused';

/** SQLite's default limit of databases attached to one connection (better-sqlite3 keeps it). */
const SQLITE_MAX_ATTACHED = 10;
import { checkpointInBackground, pauseAutoCheckpoint, type Checkpoint } from '../casefile/background-checkpoint';
import { finderThreadCount, RuleFinders } from './rule-finders';
import { buildExportAnchors } from './export-anchor';
import { packUses, type PackUse } from '../casefile/rule-packs';
import { packParamDefaults } from './pack-clauses';
import { processAlive } from '../files/process-alive';

/** The run's parameters: the packs' defaults (packParamDefaults), then what the run names itself. */
function withPackDefaults(db: CaseFile['db'], rawParams: unknown): unknown {
  if (rawParams !== undefined && rawParams !== null && (typeof rawParams !== 'object' || Array.isArray(rawParams))) return rawParams;
  return { ...packParamDefaults(db), ...(rawParams as Record<string, unknown> | null ?? {}) };
}

/** Page cache of the runner's connection during a run, 64 MB (negative = KiB for SQLite): it only appends. */
const RUN_CACHE_KIB = -65_536;

/** Page cache of each finder's scratch file attached to the runner: its rows are copied once, in order. */
const SCRATCH_READ_CACHE_KIB = -1_024;

export type RunProgress = { rule: RuleId; done: number; total: number };

export type RunOptions = {
  onProgress?: (progress: RunProgress) => void;
  /** Checked between rules; an abort rolls the whole run back (no run row, no flags). */
  signal?: AbortSignal;
  /** Checked like `signal`, and also while the run waits for its finders (threads/cancel-flag.ts, set by `rules:cancel`). */
  cancelRequested?: () => boolean;
  /** Only these rules (all by default). */
  rules?: readonly RuleId[];
  /**
   * Finder threads (one per core by default, finderThreadCount). 0: every rule is found on this
   * connection, one after another: the single-connection path, which gives the same flags.
   */
  finderThreads?: number;
  /**
   * Whether the run's summary thread starts once it has committed (yes by default). `zeromile
   * analyze` says no: a summary never stored is summed at the case's next open (resumeRunSummary).
   */
  summarize?: boolean;
};

export type RuleRunSummary = {
  id: number;
  started: string;
  finished: string;
  app_version: string;
  params: RuleParams;
  /** The rule pack revisions the run used (id, version, revision, content hash). */
  packs: PackUse[];
  status: 'done';
};

export type RunResult = {
  run: RuleRunSummary;
  /** Flags found per rule. */
  counts: Record<RuleId, number>;
  /**
   * Work time per rule in ms: finding it (in a finder thread) plus writing its flags. Rules are
   * found while others are written, so these add up to more than the run's wall time. `prepare`
   * is the export anchor three rules share.
   */
  timings: Record<RuleId | 'prepare', number>;
  /**
   * The WAL checkpoint after the run, on a thread of its own: the run is committed (and its
   * flags readable) when runRules returns; copying its pages from the WAL into the case file
   * follows without holding up the caller. Always resolves; a failed checkpoint is only retried
   * by SQLite's next one.
   */
  checkpoint: Promise<Checkpoint>;
  /**
   * The run's statistics (overview charts, `zeromile stats`), summed on a thread of their own
   * once the run is committed and stored with it (casefile/run-summaries.ts). Always resolves.
   * Null when the run was asked not to (RunOptions.summarize).
   */
  summary: Promise<SummaryOutcome> | null;
};

/** Scratch directories of runs are named after this and their process id. */
const SCRATCH_PREFIX = 'zeromile-run-';

/**
 * Removes the scratch directories of runs whose process is gone (killed in the middle of a run:
 * a finished or failed run removes its own), so a crash does not leave hundreds of MB behind.
 */
function removeOrphanScratch(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(new RegExp(`^${SCRATCH_PREFIX}(\\d+)-`).exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

/**
 * Runs the rules in one transaction: a `rule_runs` row with the parameters and app version,
 * flags with their evidence, each flag's status taken from the analyst's verdict on the same
 * flag key (so verdicts carry over), and an audit entry. Earlier runs are never touched.
 *
 * The rules are found by finder threads (rule-finder.ts, one per core), each on its own
 * connection, while this connection writes the flags of the rules already found: finding and
 * writing use every core. Each rule leaves its flags in a scratch file of its own, attached here before the
 * transaction (SQLite attaches nothing inside one) and read only once its finder is done with it.
 */
export function runRules(caseFile: CaseFile, rawParams: unknown, options: RunOptions = {}): RunResult {
  const { db } = caseFile;
  const params = validateRuleParams(withPackDefaults(db, rawParams));
  const packs = packUses(db);
  const selected = options.rules ? ALL_RULES.filter((r) => options.rules!.includes(r.id)) : ALL_RULES;
  const checkCancel = () => {
    if (options.signal?.aborted || options.cancelRequested?.()) throw new ZeroMileError('cancelled', 'The rule run was cancelled; nothing was saved.');
  };
  removeOrphanScratch();
  const scratchDir = mkdtempSync(join(tmpdir(), `${SCRATCH_PREFIX}${process.pid}-`));
  // Rules found in finder threads each leave their flags in a scratch file of their own, which
  // this connection attaches; the others are found here (RuleImpl.onRunner).
  const finderThreads = options.finderThreads ?? finderThreadCount(selected.filter((rule) => !rule.onRunner));
  const threaded = finderThreads === 0 ? [] : selected.filter((rule) => !rule.onRunner);
  // Found here, at their turn in the run (the single-connection path); the onRunner rules go first.
  const inline = (rule: (typeof selected)[number]) => !rule.onRunner && !threaded.includes(rule);
  if (threaded.length > SQLITE_MAX_ATTACHED) throw new Error(`${threaded.length} finder rules, but SQLite attaches at most ${SQLITE_MAX_ATTACHED} scratch files: mark the cheap ones onRunner.`);
  const scratch = threaded.map((rule, index) => join(scratchDir, `${index}-${rule.id}.sqlite`));
  const attached: string[] = [];

  const run = db.transaction((): Omit<RunResult, 'checkpoint' | 'summary'> => {
    const started = new Date().toISOString();
    // The first write takes the case's write lock: from here on nobody else commits, so the
    // finders, started next, read exactly what this transaction started from.
    const runId = Number(db.prepare("INSERT INTO rule_runs (started, app_version, params, status, packs) VALUES (?, ?, ?, 'running', ?)")
      .run(started, APP_VERSION, JSON.stringify(params), JSON.stringify(packs)).lastInsertRowid);
    const finders = threaded.length === 0 ? null
      : new RuleFinders(db, { casePath: caseFile.path, ...(caseFile.nativeBinding ? { nativeBinding: caseFile.nativeBinding } : {}), params, rules: threaded, scratch }, finderThreads);
    let anchorBuilt = false;
    let nextThreaded = 0;
    // Rules found here go first, while the finders work: this connection would otherwise wait
    // for their first rule. Their flags are written in run order like the others'.
    const onRunner = new Map<number, { flags: string; evidence: string; findMs: number; digest: RuleRowsDigest }>();
    selected.forEach((rule, index) => {
      if (!rule.onRunner) return;
      checkCancel();
      const clock = performance.now();
      const tables = { flags: `temp.runner_${index}_flags`, evidence: `temp.runner_${index}_flag_evidence` };
      findIntoTables(db, rule, params, tables);
      onRunner.set(index, { ...tables, findMs: performance.now() - clock, digest: scratchRuleDigest(db, tables, RULES[rule.id].severity) });
    });
    try {
      const counts = {} as Record<RuleId, number>;
      const timings = { prepare: 0 } as Record<RuleId | 'prepare', number>;
      // Flag ids follow the highest so far, rule after rule in run order, each rule's in flag_key order.
      let nextId = (db.prepare('SELECT coalesce(max(id), 0) FROM flags').pluck().get() as number) + 1;
      // Each rule's rows hashed where they were found (casefile/run-digest.ts), for the audit entry.
      const digests: RuleDigest[] = [];
      selected.forEach((rule, index) => {
        checkCancel();
        let found: { findMs: number; anchorMs: number; digest: RuleRowsDigest };
        let source: { flags: string; evidence: string };
        const here = onRunner.get(index);
        if (here) {
          source = here;
          found = { findMs: here.findMs, anchorMs: 0, digest: here.digest };
        } else if (inline(rule)) {
          let anchorMs = 0;
          if (rule.readsExportAnchor && !anchorBuilt) {
            const clock = performance.now();
            buildExportAnchors(db);
            anchorBuilt = true;
            anchorMs = performance.now() - clock;
          }
          const clock = performance.now();
          // Rules write some evidence straight into scratch.flag_evidence: one scratch file, emptied per rule.
          db.exec('DELETE FROM scratch.flags; DELETE FROM scratch.flag_evidence;');
          source = { flags: 'scratch.flags', evidence: 'scratch.flag_evidence' };
          findIntoTables(db, rule, params, source);
          found = { findMs: performance.now() - clock, anchorMs, digest: scratchRuleDigest(db, source, RULES[rule.id].severity) };
        } else {
          const threadedIndex = nextThreaded++;
          found = finders!.waitFor(threadedIndex, checkCancel);
          const schema = attached[threadedIndex]!;
          source = { flags: `${schema}.flags`, evidence: `${schema}.flag_evidence` };
        }
        const clock = performance.now();
        const args = { first: nextId - 1 };
        counts[rule.id] = db.prepare(`
INSERT INTO flags (id, run_id, rule, severity, flag_key, vin, party_id, reason, facts, maker, exporter, destination, days, km, status)
SELECT @first + n, @run, @rule, @severity, flag_key, vin, party_id, reason, facts, maker, exporter, destination, days, km, status
FROM ${source.flags} ORDER BY n`).run({ ...args, run: runId, rule: rule.id, severity: RULES[rule.id].severity }).changes;
        // In key order, so flag_evidence grows at its end.
        db.prepare(`
INSERT INTO flag_evidence (flag_id, record_kind, record_id, document_id, row_no, page)
SELECT @first + flag_id, record_kind, record_id, document_id, row_no, page FROM ${source.evidence}`).run(args);
        // The digest covers exactly the rows copied: a finder that hashed other rows than it left would commit a wrong digest.
        if (found.digest.count !== counts[rule.id]) throw new ZeroMileError('internal', `Rule ${rule.id} wrote ${counts[rule.id]} flags but hashed ${found.digest.count}; nothing was saved.`);
        digests.push({ rule: rule.id, first: args.first, ...found.digest });
        nextId += counts[rule.id];
        timings.prepare += found.anchorMs;
        timings[rule.id] = found.findMs + (performance.now() - clock);
        options.onProgress?.({ rule: rule.id, done: index + 1, total: selected.length });
      });
      checkCancel();
      const finished = new Date().toISOString();
      db.prepare("UPDATE rule_runs SET finished = ?, counts = ?, status = 'done' WHERE id = ?").run(finished, JSON.stringify(counts), runId);
      appendAudit(db, { action: 'rules.run', subject: `run:${runId}`, detail: { params, counts, packs, facts: { [`run:${runId}`]: { ...runRowDigest(db, runId), ...composeRunDigest(digests) } } } });
      return { run: { id: runId, started, finished, app_version: APP_VERSION, params, packs, status: 'done' }, counts, timings };
    } finally {
      finders?.stop();
      if (anchorBuilt) db.exec('DROP TABLE IF EXISTS temp.export_anchor');
    }
  });
  // Writing a run's flags walks several indexes; a bigger page cache keeps them from going back
  // to disk. Restored afterwards.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${RUN_CACHE_KIB}`);
  // The commit does not checkpoint (checkpointInBackground does, once it is committed).
  const resumeAutoCheckpoint = pauseAutoCheckpoint(db);
  try {
    // Made before the transaction, like the scratch files' tables.
    const runnerTables = selected.flatMap((rule, index) => (rule.onRunner ? [`runner_${index}_`] : []));
    for (const prefix of runnerTables) db.exec(`DROP TABLE IF EXISTS temp.${prefix}flags; DROP TABLE IF EXISTS temp.${prefix}flag_evidence; ${scratchSchema('temp', prefix)}`);
    const attach = (file: string, schema: string) => {
      // Created empty here: a case file opened with fileMustExist attaches without SQLite's create flag.
      writeFileSync(file, '');
      db.prepare(`ATTACH ? AS ${schema}`).run(file);
      attached.push(schema);
      db.pragma(`${schema}.page_size = 16384`);
      db.pragma(`${schema}.journal_mode = OFF`);
      db.pragma(`${schema}.synchronous = OFF`);
      if (schema !== 'scratch') db.pragma(`${schema}.cache_size = ${SCRATCH_READ_CACHE_KIB}`);
      db.exec(scratchSchema(schema));
    };
    scratch.forEach((file, index) => attach(file, `found_${index}`));
    // The rules found here one after another share one scratch file (after the finders', whose index is theirs).
    if (selected.some(inline)) attach(join(scratchDir, 'single.sqlite'), 'scratch');
    let result: Omit<RunResult, 'checkpoint' | 'summary'>;
    try {
      result = run();
    } catch (error) {
      // Rolled back by now. A write past the process's file size limit (to the case's -wal log or
      // a finder's scratch file) reads as a disk error from SQLite: named as the limit, as an import's is.
      throw runSizeLimitRefused(db, error, (rule) => scratch[threaded.findIndex((r) => r.id === rule)] ?? null) ?? error;
    }
    return { ...result, checkpoint: checkpointInBackground(caseFile), summary: options.summarize === false ? null : summarizeInBackground(caseFile, result.run.id) };
  } catch (error) {
    // A read-only case file fails its first write (here or in the run): named, with its path.
    throw caseReadOnlyRefused(db, error) ?? error;
  } finally {
    for (const schema of attached) db.exec(`DETACH ${schema}`);
    for (const rule of selected.filter((r) => r.onRunner)) {
      const index = selected.indexOf(rule);
      db.exec(`DROP TABLE IF EXISTS temp.runner_${index}_flags; DROP TABLE IF EXISTS temp.runner_${index}_flag_evidence;`);
    }
    db.pragma(`cache_size = ${cacheSize}`);
    resumeAutoCheckpoint();
    rmSync(scratchDir, { recursive: true, force: true });
  }
}
