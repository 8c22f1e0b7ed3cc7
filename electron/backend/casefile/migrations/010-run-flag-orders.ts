import type { Migration } from './index';

/**
 * Issue 15 item 4: a finished run's flags in each sort order of the queue, kept as the ids in that
 * order (little-endian integers of `width` bytes), written on the run summary's thread after the
 * run (casefile/run-flag-orders.ts). A deep block of the queue is then a slice of its order read
 * by primary key, whatever the sort: a sort of a million flags took 1-2 s. Derived data: a run
 * without its orders (an older case, or a thread not yet done) sorts on request as before.
 * The status, which verdicts change, gets an index instead: a run writes its flags 'open' (or with
 * the verdict their key has), so its entries are appended at the end of a few ranges, cheaply.
 */
export const migration010: Migration = {
  version: 10,
  name: 'run-flag-orders',
  up: `
CREATE TABLE run_flag_orders (
  run_id INTEGER NOT NULL REFERENCES rule_runs(id),
  sort TEXT NOT NULL,
  width INTEGER NOT NULL,
  ids BLOB NOT NULL,
  UNIQUE (run_id, sort)
);
CREATE INDEX flags_run_status ON flags(run_id, status, id) WHERE run_id > 0;
`,
};
