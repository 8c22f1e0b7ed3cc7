import type { Migration } from './index';

/**
 * A Chinese VAT invoice (机动车销售统一发票, 二手车销售统一发票) is identified by its code (发票代码)
 * and its number (发票号码) together: the same number recurs under other codes. The code was kept
 * only with the row's raw cells; now it is a field of the sale, and two sales of one VIN and number
 * are one fact only if their codes are equal or one is missing (record-sources.ts). Sales imported
 * before keep an empty code (their raw cells still hold it): they fold as they did, by number.
 * Adding a column rewrites no row.
 */
export const migration017: Migration = {
  version: 17,
  name: 'invoice-codes',
  up: `
ALTER TABLE sales ADD COLUMN invoice_code TEXT;
`,
};
