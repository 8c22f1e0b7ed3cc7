import type { RuleImpl } from './rule';

/**
 * Two sales of the vehicle, neither by its maker, consecutive in date order (ties by record id)
 * and at most `rapid_resale_days` apart. The maker is vehicles.manufacturer_party_id (import
 * resolves it by manufacturer_id, else by normalised name); a vehicle with no known maker has
 * every sale counted. One flag per vehicle, naming its closest pair; every qualifying pair is evidence.
 */
export const rapidResale: RuleImpl = {
  id: 'rapid_resale',
  find(ctx) {
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.resale_pairs;
CREATE TEMP TABLE resale_pairs (vin TEXT, first_id INTEGER, second_id INTEGER, gap INTEGER,
  first_doc INTEGER, first_row INTEGER, first_page INTEGER, second_doc INTEGER, second_row INTEGER, second_page INTEGER)`);
    // A table scan and a sort rather than a walk of sales_vin_date, which would fetch the wide
    // rows at random; both sales' provenance rides along for the evidence.
    ctx.db.prepare(`
INSERT INTO temp.resale_pairs
SELECT vin, prev_id, id, gap, prev_doc, prev_row, prev_page, document_id, row_no, page FROM (
  SELECT s.vin, s.id, s.document_id, s.row_no, s.page,
         lag(s.id) OVER w AS prev_id,
         lag(s.document_id) OVER w AS prev_doc, lag(s.row_no) OVER w AS prev_row, lag(s.page) OVER w AS prev_page,
         CAST(julianday(s.invoice_date) - julianday(lag(s.invoice_date) OVER w) AS INTEGER) AS gap
  FROM sales s NOT INDEXED LEFT JOIN vehicles v ON v.vin = s.vin
  WHERE v.manufacturer_party_id IS NULL OR s.seller_party_id <> v.manufacturer_party_id
  WINDOW w AS (PARTITION BY s.vin ORDER BY s.invoice_date, s.id)
) WHERE prev_id IS NOT NULL AND gap <= @days`).run({ days: ctx.params.rapid_resale_days });
    ctx.db.prepare(`
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'rapid_resale:' || p.vin, p.vin,
       printf('resold %d days after %s bought it (%s on %s, then %s on %s)', p.gap, a.buyer, a.invoice_no, a.invoice_date, b.invoice_no, b.invoice_date),
       json_object('days', p.gap, 'max_days', @days, 'pairs', p.pairs,
                   'first_sale', json_object('invoice_no', a.invoice_no, 'date', a.invoice_date, 'seller', a.seller, 'buyer', a.buyer, 'price', a.price),
                   'second_sale', json_object('invoice_no', b.invoice_no, 'date', b.invoice_date, 'seller', b.seller, 'buyer', b.buyer, 'price', b.price)),
       NULL, NULL, p.gap, NULL
FROM (
  SELECT vin, first_id, second_id, gap, count(*) OVER (PARTITION BY vin) AS pairs,
         row_number() OVER (PARTITION BY vin ORDER BY gap, second_id) AS n
  FROM temp.resale_pairs
) p JOIN sales a ON a.id = p.first_id JOIN sales b ON b.id = p.second_id
WHERE p.n = 1`).run({ days: ctx.params.rapid_resale_days });
    ctx.db.exec(`
INSERT OR IGNORE INTO temp.rule_evidence (flag_key, record_kind, record_id, document_id, row_no, page)
SELECT 'rapid_resale:' || vin, 'sales', first_id, first_doc, first_row, first_page FROM temp.resale_pairs
UNION ALL
SELECT 'rapid_resale:' || vin, 'sales', second_id, second_doc, second_row, second_page FROM temp.resale_pairs`);
  },
};
