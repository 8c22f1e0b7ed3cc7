import type { Migration } from './index';

/**
 * Issue 15 item 5: each stored flag order's runs of equal values, `[[value, flags], ...]` in the
 * order's own order (casefile/run-flag-orders.ts). The flags of one rule, severity, maker,
 * exporter, destination or span of days are then one slice of that order: a filtered queue's
 * first deep block narrows its sort's order by those slices instead of reading every matching id
 * from SQLite (220-880 ms at 893,000 flags). NULL for orders stored before: those filters read
 * their ids as before.
 */
export const migration012: Migration = {
  version: 12,
  name: 'flag-order-segments',
  up: `
ALTER TABLE run_flag_orders ADD COLUMN segments TEXT;
`,
};
