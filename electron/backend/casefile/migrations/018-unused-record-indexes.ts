import type { Migration } from './index';

/**
 * Three record indexes no screen, command, export or rule reads: sales by invoice date,
 * registrations by date and by plate as written (search looks plates up by their normalised key,
 * registrations_plate_key of migration 007; the rules read their tables in order, and every
 * lookup by date starts from a VIN or a party). Each was kept up on every import all the same: a
 * bulk load rebuilds every index of its table, and at a million vehicles the sales one alone was
 * 0.65 s of CPU for each sales file.
 */
export const migration018: Migration = {
  version: 18,
  name: 'unused-record-indexes',
  up: `
DROP INDEX sales_date;
DROP INDEX registrations_date;
DROP INDEX registrations_plate;
`,
};
