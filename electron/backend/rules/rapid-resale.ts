import type { RuleImpl } from './rule';
import { DAYS_TEXT } from './rule';
import { SALE_CITED_MARKED, SALE_CODE_FACTS } from '../casefile/record-sources';

/**
 * Two sales of the vehicle, neither by its maker, consecutive in date order among those sales (ties
 * by record id) and at most `rapid_resale_days` apart. The maker is vehicles.manufacturer_party_id
 * (import resolves it as every party: by manufacturer_id, else by normalised name); a vehicle with
 * no known maker has every sale counted, and its reason says so. One flag per vehicle, naming its
 * closest pair; every qualifying pair is evidence.
 *
 * The reason states only what the two records show: both sales' sellers, buyers, dates and invoices,
 * and whether the second seller is the first buyer (by party, so aliases of one party count as one).
 * When it is not, no sale in the case hands the vehicle on between them, and the reason says so
 * rather than calling the second sale a resale by the first buyer.
 */
export const rapidResale: RuleImpl = {
  id: 'rapid_resale',
  find(ctx) {
    // The vehicle's non-maker sales in (vin, date, id) order, into a table whose rowids follow it:
    // a sale's predecessor is then the row before it, found by rowid, not by a window over every
    // sale. The sales are read in table order and sorted (NOT INDEXED): along sales_vin_date every
    // sale was a table row read at random, a 16 KB page copied from the OS for one row. At a million
    // vehicles (1.45 M sales kept, sqlite3 with the finder's 32 MB cache) 12.3 s of CPU, 7.5 of
    // them in the kernel, against 7.3 s sorted.
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.resale_sales;
CREATE TEMP TABLE resale_sales AS
SELECT s.vin, julianday(s.invoice_date) AS jd, s.id, s.invoice_no, s.invoice_code, s.invoice_date, s.seller, s.buyer,
       s.seller_party_id AS seller_party, s.buyer_party_id AS buyer_party, s.price, s.document_id, s.row_no, s.page,
       v.manufacturer_party_id IS NULL AS no_maker
FROM sales s NOT INDEXED LEFT JOIN vehicles v ON v.vin = s.vin
WHERE v.manufacturer_party_id IS NULL OR s.seller_party_id <> v.manufacturer_party_id
ORDER BY s.vin, s.invoice_date, s.id;
DROP TABLE IF EXISTS temp.resale_pairs;
CREATE TEMP TABLE resale_pairs (vin TEXT, first INTEGER, second INTEGER, second_id INTEGER, gap INTEGER)`);
    // Two sales of one day have no order but their record ids: when the later id sold to the
    // earlier one's seller (and not the other way), the pair is told in that order, as the chain runs.
    ctx.db.prepare(`
INSERT INTO temp.resale_pairs
SELECT vin, CASE WHEN swap THEN b ELSE a END, CASE WHEN swap THEN a ELSE b END, second_id, gap
FROM (
  SELECT a.vin, a.rowid AS a, b.rowid AS b, b.id AS second_id, CAST(b.jd - a.jd AS INTEGER) AS gap,
         b.jd = a.jd AND b.buyer_party = a.seller_party AND a.buyer_party <> b.seller_party AS swap
  FROM temp.resale_sales a JOIN temp.resale_sales b ON b.rowid = a.rowid + 1
  WHERE b.vin = a.vin AND CAST(b.jd - a.jd AS INTEGER) <= @days
)`).run({ days: ctx.params.rapid_resale_days });
    // Per vehicle the closest pair (smallest gap, then the lowest id of the second sale): a lone
    // min() takes the bare columns from that row. An invoice is cited by code and number (the code a
    // later source gave a sale without one included: looked up for the two sales of a flag, not for every sale); the code
    // joins the facts only when the sale has one (json_patch drops a null), so facts without it read as before. The English reason is the one shared/flag-reasons.ts
    // builds from the facts (case-en.ts reason.rapid_resale*), word for word. Whether the vehicle has a
    // maker on record comes with the sale (no_maker, from the join above): looking the vehicle up
    // again for each flag cost 4.2 s of CPU against 2.3 for this statement at a million vehicles.
    ctx.db.prepare(`
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'rapid_resale:' || p.vin, p.vin,
       CASE WHEN p.gap = 0
         THEN printf('sold twice on %s: %s to %s (%s), %s to %s (%s)', a.invoice_date, a.seller, a.buyer, ${SALE_CITED_MARKED('a')}, b.seller, b.buyer, ${SALE_CITED_MARKED('b')})
         ELSE printf('sold twice %s apart: %s to %s on %s (%s), then %s to %s on %s (%s)',
                     ${DAYS_TEXT('p.gap')}, a.seller, a.buyer, a.invoice_date, ${SALE_CITED_MARKED('a')}, b.seller, b.buyer, b.invoice_date, ${SALE_CITED_MARKED('b')}) END
       || CASE WHEN b.seller_party = a.buyer_party THEN ''
               WHEN p.gap = 0 THEN '; neither seller is the buyer of the other sale'
               ELSE printf('; the second seller, %s, is not the first buyer, %s', b.seller, a.buyer) END
       || CASE WHEN a.no_maker THEN '; no maker is on record for the vehicle, so neither seller could be ruled out as the maker' ELSE '' END,
       json_object('days', p.gap, 'max_days', @days, 'pairs', p.pairs,
                   'handed_on', json(CASE WHEN b.seller_party = a.buyer_party THEN 'true' ELSE 'false' END),
                   'maker_on_record', json(CASE WHEN a.no_maker THEN 'false' ELSE 'true' END),
                   'first_sale', json_patch(json_object('invoice_no', a.invoice_no, 'date', a.invoice_date, 'seller', a.seller, 'buyer', a.buyer, 'price', a.price), ${SALE_CODE_FACTS('a', 'invoice_code', 'invoice_code_given')}),
                   'second_sale', json_patch(json_object('invoice_no', b.invoice_no, 'date', b.invoice_date, 'seller', b.seller, 'buyer', b.buyer, 'price', b.price), ${SALE_CODE_FACTS('b', 'invoice_code', 'invoice_code_given')})),
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
