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
    // Compact work tables from one pass over sales and exports; the per-purchase lookups then
    // stay in memory instead of seeking into the wide record tables.
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.new_purchases;
CREATE TEMP TABLE new_purchases AS
SELECT party, vin, CAST(substr(k, 11) AS INTEGER) AS sale_id, substr(k, 1, 10) AS d FROM (
  SELECT s.buyer_party_id AS party, s.vin, min(s.invoice_date || printf('%012d', s.id)) AS k
  FROM sales s
  WHERE s.invoice_type = 'new'
     OR (s.invoice_type IS NULL AND NOT EXISTS (
           SELECT 1 FROM sales f WHERE f.vin = s.vin AND (f.invoice_date < s.invoice_date OR (f.invoice_date = s.invoice_date AND f.id < s.id))))
  GROUP BY s.buyer_party_id, s.vin
);
DROP TABLE IF EXISTS temp.exporter_parties;
CREATE TEMP TABLE exporter_parties (party INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO temp.exporter_parties SELECT exporter_party_id FROM exports;
DROP TABLE IF EXISTS temp.intermediary_exits;
CREATE TEMP TABLE intermediary_exits AS
SELECT vin, exporter_party_id AS party, declaration_date AS d, 'exports' AS kind, id FROM exports
UNION ALL
SELECT vin, seller_party_id, invoice_date, 'sales', id FROM sales WHERE buyer_party_id IN (SELECT party FROM temp.exporter_parties);
CREATE INDEX temp.intermediary_exits_key ON intermediary_exits(vin, party, d);
DROP TABLE IF EXISTS temp.intermediary_moves;
CREATE TEMP TABLE intermediary_moves (party INTEGER, vin TEXT, kind TEXT, id INTEGER);`);
    // For each purchase, the first way the vehicle left the party within the window.
    ctx.db.prepare(`
INSERT INTO temp.intermediary_moves
SELECT p.party, p.vin, x.kind, x.id FROM temp.new_purchases p
JOIN temp.intermediary_exits x ON x.rowid = (
  SELECT y.rowid FROM temp.intermediary_exits y
  WHERE y.vin = p.vin AND y.party = p.party AND y.d >= p.d AND y.d <= date(p.d, printf('+%d days', @max_days))
  ORDER BY y.d, y.kind, y.id LIMIT 1)`).run({ max_days: args.max_days });
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
    // One pass over the work tables (not one per flagged party): they hold a row per purchase.
    ctx.db.exec(`
INSERT OR IGNORE INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT 'trade_intermediary:' || party, 'sales', sale_id FROM temp.new_purchases WHERE party IN (SELECT party_id FROM temp.rule_hits)
UNION ALL
SELECT 'trade_intermediary:' || party, kind, id FROM temp.intermediary_moves WHERE party IN (SELECT party_id FROM temp.rule_hits);`);
  },
};
