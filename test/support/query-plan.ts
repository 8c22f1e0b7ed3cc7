import type Database from 'better-sqlite3';

export type PlanRow = { id: number; parent: number; detail: string };
/** `plan`: the statement's plan when it ran, for statements on temporary tables dropped since. */
export type RecordedQuery = { sql: string; args: unknown[]; plan: PlanRow[] | null };

/** A loop over every row of a table or a materialised result (a virtual table's own plan, such as FTS5's, is its business). */
const fullScan = (detail: string) => /^SCAN /.test(detail) && !/VIRTUAL TABLE|CONSTANT ROW/.test(detail);
const isLoop = (detail: string) => /^(SCAN|SEARCH) /.test(detail);
/**
 * Indexes whose one key can match a growing share of a table (a party's records, a day's, a
 * document's, a city's, a maker's): searched inside a loop they read that share once per outer
 * row, quadratic as a busy trader's records grow (the case report's sales self-join did so).
 */
const fanOut = (detail: string) => /^SEARCH .* INDEX (sales_(seller|buyer|date|document)|registrations_(owner|city|date|document)|exports_(exporter|consignee|date|document)|vehicles_(manufacturer|maker)) /.test(detail);
/**
 * A run's flags (or one rule's of them) searched by run alone: the whole run read once per outer
 * row, also below a correlated EXISTS, which reads all of it for every vehicle without a flag (on a
 * case without ANALYZE the overview's inflation chart and the regional figures did so: the first
 * never answered at 100,000 vehicles).
 */
const runFanOut = (detail: string) => /^SEARCH .* INDEX flags_run(_rule|_days)? \(run_id=\?( AND rule=\?)?\)/.test(detail);

/**
 * The full scans of a query plan that run inside a loop: a SCAN (or a search of a fan-out index)
 * that is not the first loop at its level (a nested join step), or below a correlated subquery
 * (run once per outer row). Either makes the query quadratic in the case's size.
 */
export function scansInLoops(plan: PlanRow[]): string[] {
  const children = new Map<number, PlanRow[]>();
  for (const row of plan) children.set(row.parent, [...(children.get(row.parent) ?? []), row]);
  const found: string[] = [];
  const walk = (parent: number, correlated: boolean) => {
    let loops = 0;
    for (const row of children.get(parent) ?? []) {
      if (isLoop(row.detail)) {
        // An EXISTS below a correlated subquery stops at its first match, so only join steps count for fan-out searches;
        // so does an EXISTS the planner made a join step of ('SEARCH v EXISTS USING … INDEX vehicles_manufacturer (…=?)').
        if (((fullScan(row.detail) || runFanOut(row.detail)) && (loops > 0 || correlated)) || (fanOut(row.detail) && loops > 0 && !/^SEARCH \S+ EXISTS /.test(row.detail))) found.push(row.detail);
        loops++;
      }
      walk(row.id, correlated || row.detail.startsWith('CORRELATED'));
    }
  };
  walk(0, false);
  return found;
}

export function queryPlan(db: Database.Database, sql: string, args: unknown[] = []): PlanRow[] {
  return db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as PlanRow[];
}

/**
 * Records every statement run on `db` with its arguments, by wrapping prepare: the queries a
 * function really runs, with the SQL it builds for its filters and sorts.
 */
export function recordQueries(db: Database.Database): { queries: RecordedQuery[]; stop(): void } {
  const queries: RecordedQuery[] = [];
  const prepare = db.prepare.bind(db);
  const recording = (sql: string) => {
    const statement = prepare(sql) as unknown as Record<'all' | 'get' | 'iterate' | 'run', (...args: unknown[]) => unknown>;
    for (const method of ['all', 'get', 'iterate', 'run'] as const) {
      const run = statement[method].bind(statement);
      statement[method] = (...args: unknown[]) => {
        let plan: PlanRow[] | null = null;
        try {
          plan = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as PlanRow[];
        } catch {
          // Planned again afterwards, as before.
        }
        queries.push({ sql, args, plan });
        return run(...args);
      };
    }
    return statement;
  };
  db.prepare = recording as typeof db.prepare;
  return { queries, stop: () => { db.prepare = prepare; } };
}
