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
    // The vehicle's non-maker sales in (vin, date, id) order, read along sales_vin_date (which
    // holds that order, so nothing is sorted) into a table whose rowids follow it: a sale's
    // predecessor is then the row before it, found by rowid, not by a window over every sale.
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.resale_sales;
CREATE TEMP TABLE resale_sales AS
SELECT s.vin, julianday(s.invoice_date) AS jd, s.id, s.invoice_no, s.invoice_date, s.seller, s.buyer, s.price,
       s.document_id, s.row_no, s.page
FROM sales s INDEXED BY sales_vin_date LEFT JOIN vehicles v ON v.vin = s.vin
WHERE v.manufacturer_party_id IS NULL OR s.seller_party_id <> v.manufacturer_party_id
ORDER BY s.vin, s.invoice_date, s.id;
DROP TABLE IF EXISTS temp.resale_pairs;
CREATE TEMP TABLE resale_pairs (vin TEXT, first INTEGER, second INTEGER, second_id INTEGER, gap INTEGER)`);
    ctx.db.prepare(`
INSERT INTO temp.resale_pairs
SELECT a.vin, a.rowid, b.rowid, b.id, CAST(b.jd - a.jd AS INTEGER)
FROM temp.resale_sales a JOIN temp.resale_sales b ON b.rowid = a.rowid + 1
WHERE b.vin = a.vin AND CAST(b.jd - a.jd AS INTEGER) <= @days`).run({ days: ctx.params.rapid_resale_days });
    // Per vehicle the closest pair (smallest gap, then the lowest id of the second sale): a lone
    // min() takes the bare columns from that row.
    ctx.db.prepare(`
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'rapid_resale:' || p.vin, p.vin,
       printf('resold %d days after %s bought it (%s on %s, then %s on %s)', p.gap, a.buyer, a.invoice_no, a.invoice_date, b.invoice_no, b.invoice_date),
       json_object('days', p.gap, 'max_days', @days, 'pairs', p.pairs,
                   'first_sale', json_object('invoice_no', a.invoice_no, 'date', a.invoice_date, 'seller', a.seller, 'buyer', a.buyer, 'price', a.price),
                   'second_sale', json_object('invoice_no', b.invoice_no, 'date', b.invoice_date, 'seller', b.seller, 'buyer', b.buyer, 'price', b.price)),
       NULL, NULL, p.gap, NULL
FROM (
  SELECT vin, first, second, gap, count(*) AS pairs, min(gap * 4294967296 + second_id) AS k
  FROM temp.resale_pairs GROUP BY vin
) p JOIN temp.resale_sales a ON a.rowid = p.first JOIN temp.resale_sales b ON b.rowid = p.second`).run({ days: ctx.params.rapid_resale_days });
  },
  // Both sales of every qualifying pair, in vehicle (so flag) order, straight into scratch.flag_evidence.
  evidence(ctx) {
    ctx.db.exec(`
INSERT OR IGNORE INTO scratch.flag_evidence (flag_id, record_kind, record_id, document_id, row_no, page)
SELECT i.flag_id, 'sales', s.id, s.document_id, s.row_no, s.page
FROM temp.resale_pairs p JOIN temp.hit_ids i ON i.flag_key = 'rapid_resale:' || p.vin
JOIN temp.resale_sales s ON s.rowid IN (p.first, p.second);
DROP TABLE temp.resale_pairs;
DROP TABLE temp.resale_sales;`);
  },
};
