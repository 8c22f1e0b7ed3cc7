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
CREATE TEMP TABLE resale_pairs (vin TEXT, first_id INTEGER, second_id INTEGER, gap INTEGER)`);
    ctx.db.prepare(`
INSERT INTO temp.resale_pairs
SELECT vin, prev_id, id, gap FROM (
  SELECT s.vin, s.id,
         lag(s.id) OVER w AS prev_id,
         CAST(julianday(s.invoice_date) - julianday(lag(s.invoice_date) OVER w) AS INTEGER) AS gap
  FROM sales s LEFT JOIN vehicles v ON v.vin = s.vin
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
INSERT OR IGNORE INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT 'rapid_resale:' || vin, 'sales', first_id FROM temp.resale_pairs
UNION ALL
SELECT 'rapid_resale:' || vin, 'sales', second_id FROM temp.resale_pairs`);
  },
};
