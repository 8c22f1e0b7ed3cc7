import type { RuleImpl } from './rule';
import { SALE_CITED_MARKED, SALE_CODE_FACTS } from '../casefile/record-sources';

/**
 * Declared value below `undervalued_ratio` of the latest domestic sale price dated in the
 * `undervalued_lookback_days` up to and including the declaration day (ties on one day: the last
 * record read). Values are compared only in one currency (empty = CNY): there is no rate table.
 */
export const undervaluedExport: RuleImpl = {
  id: 'undervalued_export',
  find(ctx) {
    const args = { ratio: ctx.params.undervalued_ratio, lookback: ctx.params.undervalued_lookback_days };
    ctx.db.exec('DROP TABLE IF EXISTS temp.undervalued_hits');
    // The chosen sale and declaration keep their provenance, so evidence needs no look-up. The
    // sale's id comes from the joined row: naming the subquery's result again would rerun it.
    ctx.db.prepare(`
CREATE TEMP TABLE undervalued_hits AS
SELECT * FROM (
  SELECT x.export_id, x.vin, x.declaration_no, x.declaration_date, x.declared_value, x.currency, x.exporter, x.destination_country,
         x.odometer_km, x.export_doc, x.export_row, x.export_page, s.id AS sale_id,
         s.price, s.invoice_date, s.invoice_no, ${SALE_CODE_FACTS('s', 'invoice_code', 'invoice_code_given')} AS code_facts, ${SALE_CITED_MARKED('s')} AS invoice, s.document_id AS sale_doc, s.row_no AS sale_row, s.page AS sale_page,
         row_number() OVER (PARTITION BY x.vin ORDER BY x.declaration_date, x.export_id) AS n
  FROM (
    SELECT e.id AS export_id, e.vin, e.declaration_no, e.declaration_date, e.declared_value, coalesce(e.currency, 'CNY') AS currency,
           e.exporter, e.destination_country, e.odometer_km, e.document_id AS export_doc, e.row_no AS export_row, e.page AS export_page,
           (SELECT s.id FROM sales s WHERE s.vin = e.vin AND s.price IS NOT NULL
              AND s.invoice_date <= e.declaration_date AND s.invoice_date >= date(e.declaration_date, printf('-%d days', @lookback))
            ORDER BY s.invoice_date DESC, s.id DESC LIMIT 1) AS sale_id
    FROM exports e NOT INDEXED WHERE e.declared_value IS NOT NULL
  ) x JOIN sales s ON s.id = x.sale_id
  WHERE coalesce(s.currency, 'CNY') = x.currency AND s.price > 0 AND x.declared_value < @ratio * s.price
) WHERE n = 1`).run(args);
    ctx.db.prepare(`
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'undervalued_export:' || vin, vin,
       printf('declared %s %s, %d%% of the %s %s sale price of %s (%s)', currency, printf('%.0f', declared_value),
              CAST(round(100.0 * declared_value / price) AS INTEGER), currency, printf('%.0f', price), invoice_date, invoice),
       json_patch(json_object('declaration_no', declaration_no, 'declaration_date', declaration_date, 'declared_value', declared_value,
                   'sale_price', price, 'sale_date', invoice_date, 'invoice_no', invoice_no, 'currency', currency,
                   'ratio', declared_value / price, 'max_ratio', @ratio, 'lookback_days', @lookback,
                   'export_id', export_id, 'sale_id', sale_id), code_facts),
       exporter, destination_country, CAST(julianday(declaration_date) - julianday(invoice_date) AS INTEGER), odometer_km
FROM temp.undervalued_hits`).run(args);
  },
  evidence(ctx) {
    ctx.db.exec(`
INSERT OR IGNORE INTO scratch.flag_evidence (flag_id, record_kind, record_id, document_id, row_no, page)
SELECT i.flag_id, 'exports', u.export_id, u.export_doc, u.export_row, u.export_page
FROM temp.undervalued_hits u JOIN temp.hit_ids i ON i.flag_key = 'undervalued_export:' || u.vin
UNION ALL
SELECT i.flag_id, 'sales', u.sale_id, u.sale_doc, u.sale_row, u.sale_page
FROM temp.undervalued_hits u JOIN temp.hit_ids i ON i.flag_key = 'undervalued_export:' || u.vin;
DROP TABLE temp.undervalued_hits;`);
  },
};
