import type Database from 'better-sqlite3';
import type { RecordKind } from '../../../shared/record-kinds';
import type { FlagFilter, FlagRow, FlagSortColumn } from '../../../shared/contract/flags';
import type { GridBlock, GridRequest, GridSort } from '../../../shared/contract/grids';
import { countSql, KEYSET_FROM, queryBlock, where, type GridSpec, type Where } from './grid-query';
import { flagReason } from '../../../shared/flag-reasons';
import { PACK_RULES } from '../../../shared/rule-packs';
import { latestRunId } from '../casefile/latest-run';
import { removedRulePacks } from '../casefile/rule-packs';
import { hasFlagOrder, hasFlagSegments, loadFlagOrder, packIds, STORED_FLAG_SORTS, type FlagOrder } from '../casefile/run-flag-orders';
import { statusOrderFromStored, storedFlagMatches, storedMatchesAnswer } from './flag-matches';

type StoredSort = (typeof STORED_FLAG_SORTS)[number];

const FLAG_COLUMNS = 'id, run_id, rule, severity, flag_key, vin, party_id, reason, facts, maker, exporter, destination, days, km, status';

/**
 * Flag rows for the screen: the reason as a message from the facts (the facts themselves stay in the
 * case), and the pack a flag came from marked when it was removed since. The removed packs (when,
 * by id) are read once a block, not once a flag: rule_packs holds a row per pack revision, a handful.
 * With no pack removed (most cases) a row costs nothing more; else only a pack rule's facts are read for their pack.
 */
function flagRows(db: Database.Database): (row: Record<string, unknown>) => FlagRow {
  const removed = new Map(removedRulePacks(db).map((p) => [p.pack_id, p.saved_at]));
  return (row) => {
    const { facts, ...rest } = row;
    const flag = { ...rest, reason_msg: flagReason(String(row.rule), facts) } as FlagRow;
    if (removed.size === 0 || typeof facts !== 'string' || !facts.includes('"pack"')) return flag;
    const pack = (JSON.parse(facts) as { pack?: unknown }).pack;
    const at = typeof pack === 'string' ? removed.get(pack) : undefined;
    return at === undefined ? flag : { ...flag, pack_removed: { pack: pack as string, removed_at: at } };
  };
}

/** Every sortable and filterable column is in the covering index flags_run(run_id, id, ...); see flagWhere. */
const SORTABLE: Record<FlagSortColumn, string> = {
  id: 'id', vin: 'vin', rule: 'rule', severity: 'severity', maker: 'maker', exporter: 'exporter',
  destination: 'destination', days: 'days', km: 'km', status: 'status',
};

export const FLAG_GRID: GridSpec = {
  from: 'flags',
  select: FLAG_COLUMNS,
  sortable: SORTABLE,
  id: 'id',
  defaultSort: { col: 'id', dir: 'asc' },
  pickIds: true,
  sortOnRequest: true,
};

/**
 * Two partial indexes serve the queue's commonest blocks: a whole run by days (its triage order)
 * walks flags_run_days, one rule of a run (block by id, and its count) flags_run_rule. Both are
 * partial on `run_id > 0`, which only this file writes, so no other query on a run's flags picks
 * them and then reads wide rows one by one; named, since the planner's guess depends on table size.
 */
const FLAG_GRID_BY_DAYS: GridSpec = { ...FLAG_GRID, pickFrom: 'flags INDEXED BY flags_run_days', sortOnRequest: false };
const FLAG_GRID_BY_RULE: GridSpec = { ...FLAG_GRID, pickFrom: 'flags INDEXED BY flags_run_rule', sortOnRequest: false };
/** The queue by status (verdicts change it, so it has no stored order) and the ids of one status walk flags_run_status (migration 010). */
const FLAG_GRID_BY_STATUS: GridSpec = { ...FLAG_GRID, pickFrom: 'flags INDEXED BY flags_run_status', sortOnRequest: false };
/**
 * The overview's export month: the month's flag ids come from its exports (flagWhere), and each is looked up in flags_run by
 * (run_id, id), which holds every other filter and sort column; left to itself the planner walks the run's flags_run entries.
 */
const FLAG_GRID_BY_MONTH: GridSpec = { ...FLAG_GRID, pickFrom: 'flags INDEXED BY flags_run' };

type FlagBlockPlan = { spec: GridSpec; where: Where; count: { spec: GridSpec; where: Where } };

/** How one block and its count are read: every other block sorts the run's flags_run entries. */
export function flagBlock(runId: number, filter: FlagFilter = {}, sort?: GridSort | null): FlagBlockPlan {
  const w = flagWhere(runId, filter);
  const partial = (spec: GridSpec) => {
    const narrowed = { sql: [...w.sql, 'run_id > 0'], params: [...w.params] };
    return { spec, where: narrowed };
  };
  const wholeRun = w.sql.length === 1;
  const oneRule = w.sql.length === 2 && Boolean(filter.rule);
  const onlyStatus = w.sql.length === 2 && Boolean(filter.status);
  if (wholeRun && sort?.col === 'days') return { ...partial(FLAG_GRID_BY_DAYS), count: partial(FLAG_GRID_BY_DAYS) };
  if ((wholeRun || onlyStatus) && sort?.col === 'status') return { ...partial(FLAG_GRID_BY_STATUS), count: partial(FLAG_GRID_BY_STATUS) };
  if (filter.export_month) return { spec: FLAG_GRID_BY_MONTH, where: w, count: { spec: FLAG_GRID_BY_MONTH, where: w } };
  if (onlyStatus) return { spec: FLAG_GRID, where: w, count: partial(FLAG_GRID_BY_STATUS) };
  if (oneRule) {
    const byId = !sort || sort.col === 'id';
    return { ...(byId ? partial(FLAG_GRID_BY_RULE) : { spec: FLAG_GRID, where: w }), count: partial(FLAG_GRID_BY_RULE) };
  }
  return { spec: FLAG_GRID, where: w, count: { spec: FLAG_GRID, where: w } };
}

/** The queue's filter as SQL; `alias` prefixes the flag columns (`f.`) where the query joins other tables. */
export function flagWhere(runId: number, filter: FlagFilter = {}, alias = ''): Where {
  const w = where();
  const a = alias;
  w.sql.push(`${a}run_id = ?`);
  w.params.push(runId);
  const equal = (column: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    w.sql.push(`${a}${column} = ?`);
    w.params.push(value);
  };
  equal('rule', filter.rule);
  equal('status', filter.status);
  equal('severity', filter.severity);
  equal('maker', filter.maker);
  equal('exporter', filter.exporter);
  equal('destination', filter.destination);
  if (filter.vin) {
    // A range, not LIKE: LIKE is case-insensitive and would not use the index.
    w.sql.push(`${a}vin >= ? AND ${a}vin < ?`);
    const prefix = filter.vin.toUpperCase();
    w.params.push(prefix, `${prefix}\uffff`);
  }
  if (filter.days_min !== undefined) {
    w.sql.push(`${a}days >= ?`);
    w.params.push(filter.days_min);
  }
  if (filter.days_max !== undefined) {
    w.sql.push(`${a}days <= ?`);
    w.params.push(filter.days_max);
  }
  // The overview's month and city bars: vehicles by their export declarations and first registrations.
  // The month drives: its exports' VINs (exports_date covers them, migration 023), then their flags of the run by flags_vin; the
  // queue reads those ids from flags_run by key (flagBlock). `vin IN (month)` walked every flag of the run instead (615,230 for 7,921).
  if (filter.export_month) {
    w.sql.push(`${a}id IN (SELECT mf.id FROM exports me CROSS JOIN flags mf ON mf.vin = me.vin AND mf.run_id = ? WHERE me.declaration_date >= ? AND me.declaration_date < ?)`);
    w.params.push(runId, `${filter.export_month}-01`, `${filter.export_month}-32`);
  }
  // Only the pack rules' flags name a pack (in their facts): the rule list narrows them by index first.
  if (filter.pack || filter.clause) {
    w.sql.push(`${a}rule IN (${PACK_RULES.map(() => '?').join(', ')})`);
    w.params.push(...PACK_RULES);
  }
  if (filter.pack) {
    w.sql.push(`json_extract(${a}facts, '$.pack') = ?`);
    w.params.push(filter.pack);
  }
  if (filter.clause) {
    w.sql.push(`json_extract(${a}facts, '$.clause') = ?`);
    w.params.push(filter.clause);
  }
  if (filter.city) {
    w.sql.push(`${a}vin IN (SELECT vin FROM registrations WHERE city = ? AND event = 'initial')`);
    w.params.push(filter.city);
  }
  return w;
}

export function listFlags(db: Database.Database, request: GridRequest<FlagFilter> & { run_id?: number }): GridBlock<FlagRow> & { run_id: number | null } {
  const runId = request.run_id ?? latestRunId(db);
  if (runId === null) return { rows: [], count: request.count ? 0 : null, run_id: null };
  const plan = flagBlock(runId, request.filter, request.sort);
  const countOf = () => (db.prepare(countSql(plan.count.spec, plan.count.where)).get(...plan.count.where.params) as { n: number }).n;
  // A finished run's flags change only in their status (a verdict); the overview's month and city filters read records an import adds to.
  const filter = request.filter ?? {};
  const stable = !filter.status && request.sort?.col !== 'status' && !filter.export_month && !filter.city && runIsFinished(db, runId);
  const col = (request.sort ?? FLAG_GRID.defaultSort).col;
  const storable = STORED_FLAG_SORTS.includes(col as StoredSort);
  // The whole run or one status by status: flags_run_status serves a block near either end by OFFSET (from the far end past half), but
  // a middle block walks half the index (72-141 ms at a million flags); a deep block builds the order from the stored id order
  // (30-90 ms once, until a verdict), then slices it.
  const deepStatus = request.start >= KEYSET_FROM && runIsFinished(db, runId) && hasFlagOrder(db, runId, 'id');
  const byStatus = col === 'status' && (Boolean(plan.spec.sortOnRequest) || deepStatus);
  const stored = {
    // The status order is not stored (verdicts change it): it is the stored id order less the few reviewed flags, put in their places.
    has: () => byStatus || (storable && hasFlagOrder(db, runId, col)),
    order: () => (byStatus ? statusOrder(db, runId) : storable && runIsFinished(db, runId) ? loadFlagOrder(db, runId, col) : null),
    narrows: flagWhere(runId, filter).sql.length > 1,
    // One status of a run: its ids from flags_run_status rather than a scan of the run's flags_run entries.
    ...(filter.status && flagWhere(runId, filter).sql.length === 2 ? { matchFrom: { from: plan.count.spec.pickFrom!, where: plan.count.where } } : {}),
    // Where no index gives the sort, the filter's flags from the run's stored orders, even for a block near the start (OFFSET would sort them all).
    ...((plan.spec.sortOnRequest || byStatus) && (storable || byStatus) && storedMatchesAnswer(filter) && runIsFinished(db, runId) && hasFlagSegments(db, runId)
      ? { matches: () => storedFlagMatches(db, runId, filter) } : {}),
  };
  const { rows, count } = queryBlock<FlagRow>(db, plan.spec, request, plan.where, flagRows(db), countOf, { stable, stored });
  return { rows, count, run_id: runId };
}

/** The run's flags by status, then id: from its stored id order and its few reviewed flags, or else a walk of flags_run_status. */
function statusOrder(db: Database.Database, runId: number): FlagOrder {
  return statusOrderFromStored(db, runId) ?? packIds(db.prepare('SELECT id FROM flags INDEXED BY flags_run_status WHERE run_id = ? AND run_id > 0 ORDER BY status, id').pluck().all(runId) as number[]);
}

function runIsFinished(db: Database.Database, runId: number): boolean {
  return db.prepare("SELECT 1 FROM rule_runs WHERE id = ? AND status = 'done'").get(runId) !== undefined;
}

export function flagsForSubject(db: Database.Database, subject: { vin?: string; party_id?: number }): FlagRow[] {
  const runId = latestRunId(db);
  if (runId === null) return [];
  const toFlagRow = flagRows(db);
  if (subject.vin !== undefined) {
    return (db.prepare(`SELECT ${FLAG_COLUMNS} FROM flags WHERE vin = ? AND run_id = ? ORDER BY id`).all(subject.vin, runId) as Record<string, unknown>[]).map(toFlagRow);
  }
  if (subject.party_id !== undefined) {
    return (db.prepare(`SELECT ${FLAG_COLUMNS} FROM flags WHERE party_id = ? AND run_id = ? ORDER BY id`).all(subject.party_id, runId) as Record<string, unknown>[]).map(toFlagRow);
  }
  return [];
}

/**
 * Records of a vehicle whose sources disagree: what the latest run's conflicting_sources flag cites
 * (the record itself by its positive id; its further sources are cited with negative ids). The chain
 * graph marks the links these records back.
 */
export function conflictingRecords(db: Database.Database, vin: string): { record_kind: RecordKind; record_id: number }[] {
  const runId = latestRunId(db);
  if (runId === null) return [];
  return db.prepare(`SELECT DISTINCT e.record_kind, e.record_id FROM flags f JOIN flag_evidence e ON e.flag_id = f.id
    WHERE f.vin = ? AND f.run_id = ? AND f.rule = 'conflicting_sources' AND e.record_id > 0 ORDER BY 1, 2`).all(vin, runId) as { record_kind: RecordKind; record_id: number }[];
}
