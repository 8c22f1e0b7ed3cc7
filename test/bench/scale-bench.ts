import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { latestRunId } from '../../electron/backend/casefile/latest-run';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { saveRulePack } from '../../electron/backend/casefile/rule-packs';
import { loadRunSummary, saveRunSummary } from '../../electron/backend/casefile/run-summaries';
import { SAMPLE_PACKS } from '../../electron/backend/demo/sample-packs';
import { dispatch, type HandlerContext } from '../../electron/backend/handlers/handler-table';
import { HANDLERS } from '../../electron/backend/handlers/index';
import { runRules } from '../../electron/backend/rules/runner';
import { CaseSession } from '../../electron/backend/session/case-session';
import { computeRunSummary } from '../../electron/backend/stats/run-summary';
import type { BenchRow, BenchSection } from './bench-table';
import { auditBenchImports, openRulesBenchCase } from './rules-bench-case';
import { hasFlagSegments, saveFlagOrders } from '../../electron/backend/casefile/run-flag-orders';
import { BUSY_PARTY_RECORDS, savePartySums } from '../../electron/backend/queries/party-sums';

const FLAG_SORTS = ['id', 'vin', 'rule', 'severity', 'maker', 'exporter', 'destination', 'days', 'km', 'status'] as const;
const UI_TARGET_MS = 300;
const OVERVIEW_TARGET_MS = 1000;
const CLI_TARGET_MS = 60_000;
const CLI_TARGET_MB = 1024;
/** A command still running after this is killed (by timeout(1), so GNU time still reports its memory) and reported as failed. */
const CLI_KILL_MS = 300_000;
/** Exports write the whole case (an XLSX of 6 M rows, 1.7 GB of FtM): they get long enough to finish under load and report their rate. */
const EXPORT_KILL_MS = 1_800_000;
/** Keys of an export's counts that are not rows written. */
const NOT_ROWS = new Set(['cells_cut']);

/**
 * Province scale: every handler the UI calls and every CLI command, on the rules bench's case of
 * 1,000,000 vehicles after a rule run (with ZEROMILE_SCALE_CASE=FILE, a copy of a case that
 * already has one). Each UI call is timed cold, as the screen's first request after the run, and
 * each CLI command runs as its own process with its wall time and peak memory (GNU time's
 * maximum resident set). Baseline: `SELECT count(*) FROM vehicles` (a full index scan) in the
 * same process. ZEROMILE_SCALE_UI_ONLY=1 times the UI handlers only.
 */
export const scaleBench: BenchSection = {
  name: 'scale',
  async run(scale, workDir) {
    const casePath = join(workDir, 'scale.zmcase');
    const rows: BenchRow[] = [];
    rows.push(...(await prepareCase(casePath, scale)));
    const session = new CaseSession({ readonly: true });
    const caseFile = session.open(casePath);
    const db = caseFile.db;
    const baselineStart = performance.now();
    db.prepare('SELECT count(*) FROM vehicles').get();
    const baseline = performance.now() - baselineStart;
    const exporter = db.prepare('SELECT exporter_party_id AS id FROM exports WHERE exporter_party_id IS NOT NULL GROUP BY exporter_party_id ORDER BY count(*) DESC LIMIT 1').get() as { id: number };
    // A maker or a big dealer sells far more than the busiest exporter exports: at the demo's million
    // vehicles a maker has 250,000 sales. Each party page is timed for the busiest of each part.
    const seller = db.prepare('SELECT seller_party_id AS id FROM sales GROUP BY seller_party_id ORDER BY count(*) DESC LIMIT 1').get() as { id: number } | undefined;
    const buyer = db.prepare('SELECT buyer_party_id AS id FROM sales GROUP BY buyer_party_id ORDER BY count(*) DESC LIMIT 1').get() as { id: number } | undefined;
    const consignee = db.prepare('SELECT consignee_party_id AS id FROM exports WHERE consignee_party_id IS NOT NULL GROUP BY consignee_party_id ORDER BY count(*) DESC LIMIT 1').get() as { id: number } | undefined;
    const flagged = db.prepare("SELECT vin FROM flags WHERE run_id = (SELECT max(id) FROM rule_runs WHERE status = 'done') AND rule = 'zero_mileage_export' ORDER BY id LIMIT 1").pluck().get() as string;
    const ctx: HandlerContext = { session, caseFile: () => session.require(), emit: () => {}, signal: new AbortController().signal };

    const ui = async (figure: string, name: string, args: unknown, target = UI_TARGET_MS) => {
      const start = performance.now();
      const result = await dispatch(HANDLERS, ctx, name, args);
      const ms = performance.now() - start;
      const failed = result.ok ? '' : `; FAILED: ${result.error.message}`;
      rows.push({ figure: `UI ${figure}${failed}`, value: ms, unit: 'ms', baseline, target: `<= ${target} ms`, pass: result.ok && ms <= target });
      return result.ok ? result.value : null;
    };

    await ui('overview', 'overview:get', {}, OVERVIEW_TARGET_MS);
    await ui('overview: flagged exports per destination and pack', 'overview:pack-destinations', {});
    const counted = (await ui('flag queue: first block and count', 'flags:list', { start: 0, end: 100, count: true })) as { count: number } | null;
    const total = counted?.count ?? 0;
    for (const col of FLAG_SORTS) {
      for (const [where, start] of [['first', 0], ['middle', Math.floor(total / 2)], ['last', Math.max(0, total - 100)]] as const) {
        await ui(`flag queue by ${col}: ${where} block`, 'flags:list', { start, end: start + 100, sort: { col, dir: 'asc' } });
      }
    }
    // Filtered: the first block of a filter narrows the stored order (one read of the ids it keeps); its other blocks are slices.
    for (const filter of [{ status: 'open' }, { rule: 'zero_mileage_export' }, { severity: 'high', destination: 'RU' }]) {
      const n = ((await ui(`flag queue ${JSON.stringify(filter)}: first block and count`, 'flags:list', { start: 0, end: 100, count: true, filter })) as { count: number } | null)?.count ?? 0;
      for (const col of ['vin', 'exporter', 'km', 'status']) {
        for (const [where, start] of [['first', 0], ['middle', Math.floor(n / 2)], ['last', Math.max(0, n - 100)]] as const) {
          await ui(`flag queue ${JSON.stringify(filter)} by ${col}: ${where} block`, 'flags:list', { start, end: start + 100, sort: { col, dir: 'asc' }, filter });
        }
      }
    }
    await ui('flag queue: one rule, first block and count', 'flags:list', { start: 0, end: 100, count: true, filter: { rule: 'zero_mileage_export' } });
    await ui('flag queue: open flags by days, first block and count', 'flags:list', { start: 0, end: 100, count: true, sort: { col: 'days', dir: 'asc' }, filter: { status: 'open' } });
    await ui('vehicle with chain and timeline', 'vehicle:get', { vin: flagged });
    await ui('flags of the vehicle', 'flags:for-subject', { vin: flagged });
    await ui('busiest exporter: party view', 'party:get', { id: exporter.id });
    await ui('busiest exporter: network', 'party:network', { id: exporter.id });
    await ui('busiest exporter: vehicles', 'party:vehicles', { id: exporter.id });
    await ui('busiest exporter: flags', 'flags:for-subject', { party_id: exporter.id });
    await ui('busiest exporter: timelines (first page)', 'party:timelines', { id: exporter.id });
    // A foreign buyer (consignee) is a party with trades of its own since 34956e6: the busiest of the demo's million vehicles received 41,372 declarations.
    for (const [part, party] of [['seller', seller], ['buyer', buyer], ['consignee', consignee]] as const) {
      if (!party) continue;
      await ui(`busiest ${part}: party view`, 'party:get', { id: party.id });
      await ui(`busiest ${part}: network`, 'party:network', { id: party.id });
      await ui(`busiest ${part}: timelines (first page)`, 'party:timelines', { id: party.id });
    }
    if (consignee) await ui('busiest consignee: vehicles', 'party:vehicles', { id: consignee.id });
    await ui('search (a VIN prefix)', 'search:query', { q: flagged.slice(0, 11) });
    await ui('search (a party name)', 'search:query', { q: '贸易' });
    await ui('documents grid', 'grid:documents', { start: 0, end: 100, count: true });
    await ui('documents full-text search', 'documents:search', { q: '发票' });
    await ui('proposed records', 'proposed:list', {});
    await ui('vehicles grid: first block and count', 'grid:vehicles', { start: 0, end: 100, count: true });
    await ui('vehicles grid: last block', 'grid:vehicles', { start: 999_900 * scale, end: 1_000_000 * scale });
    await ui('parties grid: first block and count', 'grid:parties', { start: 0, end: 100, count: true });
    await ui('rejected rows grid', 'grid:rejected', { start: 0, end: 100, count: true });
    await ui('rule runs grid', 'grid:rule-runs', { start: 0, end: 100, count: true });
    await ui('rule packs', 'packs:list', {});
    await ui('last rule parameters', 'rules:last-params', {});
    session.close();
    // ZEROMILE_SCALE_UI_ONLY=1: only the UI handlers (the CLI part runs every command for minutes).
    if (process.env.ZEROMILE_SCALE_UI_ONLY === '1') return rows;

    /**
     * `rate`: the MB/s of a file written (bytesOf), lines/s of stdout (lines), or rows/s from the
     * counts an export prints with --json (rows: what they are called, e.g. entities).
     */
    const cli = (figure: string, args: string[], rate?: { bytesOf?: string; lines?: boolean; rows?: string; killMs?: number }) => {
      const out = join(workDir, 'cli-out');
      const started = performance.now();
      // Output goes to a file: a million flags would not fit in this process's memory budget.
      const stdoutPath = `${out}-stdout.txt`;
      const stdoutFd = openSync(stdoutPath, 'w');
      const child = spawnSync('/usr/bin/time', ['-f', 'zeromile-peak-kb %M', 'timeout', '-s', 'KILL', String((rate?.killMs ?? CLI_KILL_MS) / 1000), process.execPath, join(process.cwd(), 'resources/bin/zeromile.mjs'), ...args.map((a) => a.replace('OUT', out))], {
        encoding: 'utf8', stdio: ['ignore', stdoutFd, 'pipe'], maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ZEROMILE_LANG: 'en' },
      });
      closeSync(stdoutFd);
      const ms = performance.now() - started;
      const peakMb = Number(/zeromile-peak-kb (\d+)/.exec(child.stderr)?.[1] ?? 0) / 1024;
      const failed = child.status === 0 ? '' : `; FAILED (exit ${child.status}): ${child.stderr.split('\n').filter((l) => l && !l.startsWith('zeromile-peak-kb')).slice(-1)[0] ?? ''}`;
      let rateText = '';
      if (child.status === 0 && rate?.bytesOf && existsSync(rate.bytesOf.replace('OUT', out))) {
        const mb = statSync(rate.bytesOf.replace('OUT', out)).size / 1_048_576;
        rateText = `; ${mb.toFixed(mb < 10 ? 2 : 0)} MB at ${(mb / (ms / 1000)).toFixed(2)} MB/s`;
      }
      if (child.status === 0 && rate?.rows) {
        const counts = (JSON.parse(readHead(stdoutPath, 200_000)) as { counts: Record<string, number> }).counts;
        const rows = Object.entries(counts).filter(([k]) => !NOT_ROWS.has(k)).reduce((sum, [, n]) => sum + n, 0);
        const extra = Object.entries(counts).filter(([k]) => NOT_ROWS.has(k)).map(([k, n]) => `, ${n.toLocaleString('en-US')} ${k.replace('_', ' ')}`).join('');
        rateText += `, ${rows.toLocaleString('en-US')} ${rate.rows} at ${Math.round(rows / (ms / 1000)).toLocaleString('en-US')}/s${extra}`;
      }
      if (child.status === 0 && rate?.lines) {
        const lines = countLines(stdoutPath);
        rateText = `; ${lines.toLocaleString('en-US')} lines at ${Math.round(lines / (ms / 1000)).toLocaleString('en-US')} lines/s`;
      }
      const timed = !rate;
      rows.push({ figure: `CLI ${figure}${rateText}${failed}`, value: ms, unit: 'ms', baseline, target: timed ? `<= ${CLI_TARGET_MS} ms` : 'rate', pass: child.status === 0 && (!timed || ms <= CLI_TARGET_MS) });
      rows.push({ figure: `CLI ${figure}: peak memory`, value: peakMb, unit: 'MB', baseline: null, target: `< ${CLI_TARGET_MB} MB`, pass: peakMb > 0 && peakMb < CLI_TARGET_MB });
      const head = readHead(stdoutPath, 200_000);
      rmSync(stdoutPath, { force: true });
      return head;
    };

    const vinsFile = join(workDir, 'vins.txt');
    writeFileSync(vinsFile, `${flagged}\n`);
    cli('info', ['info', casePath, '--json']);
    cli('stats', ['stats', casePath, '--json']);
    cli('chain', ['chain', casePath, flagged, '--json']);
    cli('flags of one rule (JSON lines)', ['flags', casePath, '--rule', 'duplicate_export', '--jsonl']);
    cli('flags (every flag, JSON lines)', ['flags', casePath, '--jsonl'], { lines: true });
    cli('evidence sheet of one vehicle (HTML)', ['evidence', casePath, flagged, '--out', 'OUT.html']);
    cli('case report (HTML)', ['report', casePath, '--out', 'OUT-report.html']);
    for (const format of ['csv', 'xlsx', 'ftm', 'graphml'] as const) {
      const file = `OUT-export.${format === 'ftm' ? 'ftm.json' : format}`;
      const rows = format === 'ftm' ? 'entities' : format === 'graphml' ? 'nodes and edges' : 'rows';
      // CSV is one table a file (the flags); the others hold the whole case.
      cli(`export ${format}${format === 'csv' ? ' (the flags table)' : ''}`, ['export', casePath, '--format', format, '--out', file, '--json', ...(format === 'csv' ? ['--table', 'flags'] : [])],
        { bytesOf: file, rows, killMs: EXPORT_KILL_MS });
      rmSync(file.replace('OUT', join(workDir, 'cli-out')), { force: true });
    }
    cli('verify', ['verify', casePath, '--json'], { bytesOf: casePath });
    cli('backup', ['backup', casePath, join(workDir, 'backup.zmcase')], { bytesOf: casePath });
    // Last: it adds a rule run to the case.
    const summary = cli('analyze --json (a second run; prints the run and its counts per rule)', ['analyze', casePath, '--json']);
    rows.push({ figure: `analyze --json output (${summary.length} characters)`, value: summary.length, unit: 'chars', baseline: null, target: '< 100000 chars', pass: summary.length > 0 && summary.length < 100_000 });
    return rows;
  },
};

/**
 * The case after a rule run: a copy of ZEROMILE_SCALE_CASE (migrated, with its latest run
 * summarised here when it has no summary), or the rules bench's case with the rules run here and
 * the run's summary thread awaited.
 */
async function prepareCase(casePath: string, scale: number): Promise<BenchRow[]> {
  const given = process.env.ZEROMILE_SCALE_CASE;
  let start = performance.now();
  if (given) {
    copyFileSync(given, casePath);
    const copied = performance.now() - start;
    start = performance.now();
    const caseFile = openCaseFile(casePath);
    const migrated = performance.now() - start;
    try {
      const runId = latestRunId(caseFile.db)!;
      start = performance.now();
      // A bench case written before its documents had import entries gets them, as writeRulesBenchCase now writes them.
      const audited = auditBenchImports(caseFile.db);
      const auditMs = performance.now() - start;
      start = performance.now();
      if (!loadRunSummary(caseFile.db, runId)) saveRunSummary(caseFile.db, runId, computeRunSummary(caseFile.db, runId), 0);
      const summaryMs = performance.now() - start;
      start = performance.now();
      // Orders stored before migration 012 lack their segments: stored again, as a new run stores them.
      if (!hasFlagSegments(caseFile.db, runId)) saveFlagOrders(caseFile.db, runId);
      const ordersMs = performance.now() - start;
      start = performance.now();
      // The busy parties' pages, summed as the summary thread sums them after a run (migration 025).
      const parties = savePartySums(caseFile.db, runId);
      return [
        { figure: `case after a rule run (copy of ${given})`, value: copied, unit: 'ms', baseline: null, target: 'info', pass: true },
        { figure: 'case opened (migrated when older)', value: migrated, unit: 'ms', baseline: null, target: 'info', pass: true },
        { figure: `import entries for the bench's ${audited} documents without one`, value: auditMs, unit: 'ms', baseline: null, target: 'info', pass: true },
        { figure: 'run summary (overview and statistics, summed once)', value: summaryMs, unit: 'ms', baseline: null, target: 'info', pass: true },
        { figure: 'flag queue sort orders (stored once, when the case has none or none with segments)', value: ordersMs, unit: 'ms', baseline: null, target: 'info', pass: true },
        { figure: `busy parties' figures and networks (${parties} parties of ${BUSY_PARTY_RECORDS} records or more, summed once)`, value: performance.now() - start, unit: 'ms', baseline: null, target: 'info', pass: true },
      ];
    } finally {
      caseFile.close();
    }
  }
  const vehicles = Math.round(1_000_000 * scale);
  const { caseFile } = openRulesBenchCase(casePath, vehicles);
  try {
    for (const pack of SAMPLE_PACKS) saveRulePack(caseFile.db, pack, 'imported', `sample ${pack.id}`);
    const built = performance.now() - start;
    start = performance.now();
    const result = runRules(caseFile, {});
    const ran = performance.now() - start;
    const summary = (await result.summary)!;
    await result.checkpoint;
    return [
      { figure: `case of ${vehicles} vehicles (built or copied)`, value: built, unit: 'ms', baseline: null, target: 'info', pass: true },
      { figure: 'rule run', value: ran, unit: 'ms', baseline: null, target: 'info', pass: true },
      {
        figure: `run summary, the flag queue's sort orders and the busy parties' pages on their own thread, from the run's return${summary.ok ? '' : `; FAILED: ${summary.message}`}`,
        value: summary.ms, unit: 'ms', baseline: null, target: 'info', pass: summary.ok,
      },
    ];
  } finally {
    caseFile.close();
  }
}

function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let lines = 0;
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      for (let i = 0; i < read; i++) if (buffer[i] === 10) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

function readHead(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.subarray(0, readSync(fd, buffer)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
