import type { Migration } from './index';

/**
 * Issue 15: per-run aggregates. The overview's charts and `zeromile stats` are sums over a run's
 * flags and the records it read: at a million vehicles they take tens of seconds, so they are
 * computed once, on a thread of their own right after the run commits (stats/run-summary.ts), and
 * kept here as JSON. Derived data: a run without a row (an older case, or a run whose summary
 * thread has not finished) is summed on request as before.
 */
export const migration009: Migration = {
  version: 9,
  name: 'run-summaries',
  up: `
CREATE TABLE run_summaries (
  run_id INTEGER PRIMARY KEY REFERENCES rule_runs(id),
  computed TEXT NOT NULL,
  app_version TEXT NOT NULL,
  ms INTEGER NOT NULL,
  summary TEXT NOT NULL
);
`,
};
