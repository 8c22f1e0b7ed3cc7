import type { Migration } from './index';

/** Migration 016's one row a row, read and packed by 019: nothing writes or reads it since. */
export const migration020: Migration = {
  version: 20,
  name: 'drop-row-digests',
  up: `
DROP TABLE row_digests;
`,
};
