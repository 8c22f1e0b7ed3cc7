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
    // Compact work tables from one pass over sales and exports (table scans, not index walks:
    // an index order would fetch the wide rows at random); they carry each record's provenance so
    // evidence needs no second look-up. The purchase kept per (party, vehicle) is the earliest:
    // a lone min() makes SQLite take the bare columns from that very row.
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.new_purchases;
CREATE TEMP TABLE new_purchases AS
SELECT party, vin, sale_id, d, document_id, row_no, page FROM (
  SELECT s.buyer_party_id AS party, s.vin, s.id AS sale_id, s.invoice_date AS d, s.document_id, s.row_no, s.page,
         min(s.invoice_date || printf('%012d', s.id)) AS k
  FROM sales s NOT INDEXED
  WHERE s.invoice_type = 'new'
     OR (s.invoice_type IS NULL AND NOT EXISTS (
           SELECT 1 FROM sales f WHERE f.vin = s.vin AND (f.invoice_date < s.invoice_date OR (f.invoice_date = s.invoice_date AND f.id < s.id))))
  GROUP BY s.vin, s.buyer_party_id
);
DROP TABLE IF EXISTS temp.exporter_parties;
CREATE TEMP TABLE exporter_parties (party INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO temp.exporter_parties SELECT exporter_party_id FROM exports NOT INDEXED;
DROP TABLE IF EXISTS temp.intermediary_exits;
CREATE TEMP TABLE intermediary_exits (
  vin TEXT, party INTEGER, d TEXT, kind TEXT, id INTEGER, document_id INTEGER, row_no INTEGER, page INTEGER,
  PRIMARY KEY (vin, party, d, kind, id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO temp.intermediary_exits
SELECT vin, exporter_party_id, declaration_date, 'exports', id, document_id, row_no, page FROM exports NOT INDEXED
UNION ALL
SELECT vin, seller_party_id, invoice_date, 'sales', id, document_id, row_no, page FROM sales NOT INDEXED
WHERE buyer_party_id IN (SELECT party FROM temp.exporter_parties)
ORDER BY 1, 2, 3, 4, 5;
DROP TABLE IF EXISTS temp.intermediary_moves;
CREATE TEMP TABLE intermediary_moves (party INTEGER, vin TEXT, kind TEXT, id INTEGER, document_id INTEGER, row_no INTEGER, page INTEGER);`);
    // For each purchase, the first way the vehicle left the party within the window (the first
    // key of the exits table in range: date, then kind, then id). Purchases come out of their
    // GROUP BY in vehicle order, so these seeks walk the exits table front to back.
    ctx.db.prepare(`
INSERT INTO temp.intermediary_moves
SELECT party, vin, kind, id, document_id, row_no, page FROM (
  SELECT p.party, p.vin, x.kind, x.id, x.document_id, x.row_no, x.page, min(x.d || x.kind || printf('%012d', x.id)) AS k
  FROM temp.new_purchases p
  JOIN temp.intermediary_exits x ON x.vin = p.vin AND x.party = p.party AND x.d >= p.d AND x.d <= date(p.d, printf('+%d days', @max_days))
  GROUP BY p.rowid
)`).run({ max_days: args.max_days });
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
INSERT OR IGNORE INTO temp.rule_evidence (flag_key, record_kind, record_id, document_id, row_no, page)
SELECT 'trade_intermediary:' || party, 'sales', sale_id, document_id, row_no, page FROM temp.new_purchases WHERE party IN (SELECT party_id FROM temp.rule_hits)
UNION ALL
SELECT 'trade_intermediary:' || party, kind, id, document_id, row_no, page FROM temp.intermediary_moves WHERE party IN (SELECT party_id FROM temp.rule_hits)
ORDER BY 1, 2, 3;`);
  },
};
