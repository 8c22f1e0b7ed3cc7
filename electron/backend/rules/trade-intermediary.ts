import type { RuleImpl } from './rule';

/**
 * Party-level: a party that bought at least `intermediary_min_vehicles` vehicles new and, for at
 * least `intermediary_export_share` of them, exported the vehicle itself or sold it to an exporter
 * (a party on any export declaration) within `intermediary_max_days` of buying.
 * "Bought new": a sale with invoice_type 'new', or with no invoice type when it is the vehicle's
 * first sale. One purchase per (party, vehicle): the earliest.
 */
export const tradeIntermediary: RuleImpl = {
  id: 'trade_intermediary',
  find(ctx) {
    const args = {
      min: ctx.params.intermediary_min_vehicles,
      share: ctx.params.intermediary_export_share,
      max_days: ctx.params.intermediary_max_days,
    };
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.new_purchases;
CREATE TEMP TABLE new_purchases AS
SELECT party, vin, sale_id, d FROM (
  SELECT buyer_party_id AS party, vin, id AS sale_id, invoice_date AS d,
         row_number() OVER (PARTITION BY buyer_party_id, vin ORDER BY invoice_date, id) AS k
  FROM (
    SELECT s.*, row_number() OVER (PARTITION BY s.vin ORDER BY s.invoice_date, s.id) AS first_sale
    FROM sales s
  ) WHERE invoice_type = 'new' OR (invoice_type IS NULL AND first_sale = 1)
) WHERE k = 1;
DROP TABLE IF EXISTS temp.exporter_parties;
CREATE TEMP TABLE exporter_parties AS SELECT DISTINCT exporter_party_id AS party FROM exports;
CREATE INDEX temp.exporter_parties_party ON exporter_parties(party);
DROP TABLE IF EXISTS temp.intermediary_moves;
CREATE TEMP TABLE intermediary_moves (party INTEGER, vin TEXT, kind TEXT, id INTEGER);`);
    // For each purchase, the first way the vehicle left the party within the window.
    ctx.db.prepare(`
INSERT INTO temp.intermediary_moves
SELECT party, vin, CASE WHEN export_id IS NOT NULL THEN 'exports' ELSE 'sales' END, coalesce(export_id, sale_id) FROM (
  SELECT p.party, p.vin,
         (SELECT e.id FROM exports e WHERE e.vin = p.vin AND e.exporter_party_id = p.party
            AND e.declaration_date >= p.d AND julianday(e.declaration_date) - julianday(p.d) <= @max_days
          ORDER BY e.declaration_date, e.id LIMIT 1) AS export_id,
         (SELECT s.id FROM sales s JOIN temp.exporter_parties x ON x.party = s.buyer_party_id
           WHERE s.vin = p.vin AND s.seller_party_id = p.party
             AND s.invoice_date >= p.d AND julianday(s.invoice_date) - julianday(p.d) <= @max_days
          ORDER BY s.invoice_date, s.id LIMIT 1) AS sale_id
  FROM temp.new_purchases p
) WHERE export_id IS NOT NULL OR sale_id IS NOT NULL`).run({ max_days: args.max_days });
    ctx.db.prepare(`
INSERT INTO temp.rule_hits (flag_key, vin, party_id, reason, facts, exporter, destination, days, km)
SELECT 'trade_intermediary:' || b.party, NULL, b.party,
       printf('bought %d vehicles new; exported or sold to an exporter %d of them (%d%%) within %d days', b.bought, coalesce(m.moved, 0),
              CAST(round(100.0 * coalesce(m.moved, 0) / b.bought) AS INTEGER), @max_days),
       json_object('bought_new', b.bought, 'moved', coalesce(m.moved, 0), 'exported', coalesce(m.exported, 0),
                   'sold_to_exporter', coalesce(m.moved, 0) - coalesce(m.exported, 0), 'share', 1.0 * coalesce(m.moved, 0) / b.bought,
                   'min_vehicles', @min, 'min_share', @share, 'max_days', @max_days),
       pa.name, NULL, NULL, NULL
FROM (SELECT party, count(*) AS bought FROM temp.new_purchases GROUP BY party HAVING count(*) >= @min) b
LEFT JOIN (SELECT party, count(*) AS moved, sum(kind = 'exports') AS exported FROM temp.intermediary_moves GROUP BY party) m ON m.party = b.party
JOIN parties pa ON pa.id = b.party
WHERE coalesce(m.moved, 0) >= @share * b.bought AND coalesce(m.moved, 0) > 0`).run(args);
    ctx.db.exec(`
INSERT OR IGNORE INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT h.flag_key, 'sales', p.sale_id FROM temp.rule_hits h JOIN temp.new_purchases p ON p.party = h.party_id
UNION ALL
SELECT h.flag_key, m.kind, m.id FROM temp.rule_hits h JOIN temp.intermediary_moves m ON m.party = h.party_id;`);
  },
};
