import type { Migration } from './index';

/**
 * The flag queue filtered by the overview's export month reads the month's exported VINs and goes
 * from them to their flags (flag-queries.ts flagWhere). exports_date held the date alone, so each of
 * the month's declarations was read from its row for its VIN (15,711 rows for a month of the
 * million-vehicle case); with the VIN in the index the month is one range of index entries. The
 * overview's month bars and every other reader by date use the wider index as they did the narrow one.
 */
export const migration023: Migration = {
  version: 23,
  name: 'exports-month-vins',
  up: `
DROP INDEX exports_date;
CREATE INDEX exports_date ON exports(declaration_date, vin);
`,
};
