import type { RuleImpl } from './rule';
import { DAYS_TEXT } from './rule';

/**
 * Party-level: a party that bought at least `intermediary_min_vehicles` vehicles new and, for at
 * least `intermediary_export_share` of them, exported the vehicle itself or sold it to an exporter
 * (a party on any export declaration) within `intermediary_max_days` of buying.
 * "Bought new": a sale with invoice_type 'new', or with no invoice type when it is the vehicle's
 * first sale. One purchase per (party, vehicle): the earliest. A purchase's exit is the first way
 * out in the window, by date, then kind ('exports' before 'sales'), then record id.
 */
export const tradeIntermediary: RuleImpl = {
  id: 'trade_intermediary',
  find(ctx) {
    const args = {
      min: ctx.params.intermediary_min_vehicles,
      share: ctx.params.intermediary_export_share,
      max_days: ctx.params.intermediary_max_days,
    };
    // Work tables with integer parties and day numbers; records carry their provenance, read
    // with them anyway, so evidence needs no random look-ups. Purchases are read in table order
    // and sorted by (vin, date, id) into a table keyed (vin, party): INSERT OR IGNORE keeps the
    // earliest. Along sales_vin_date each sale was a table row read at random: at a million
    // vehicles 8.3 s of CPU against 3.1 sorted.
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.new_purchases;
CREATE TEMP TABLE new_purchases (
  vin TEXT, party INTEGER, jd REAL, sale_id INTEGER, document_id INTEGER, row_no INTEGER, page INTEGER, by_name INTEGER, PRIMARY KEY (vin, party)
) WITHOUT ROWID;
INSERT OR IGNORE INTO temp.new_purchases
SELECT s.vin, s.buyer_party_id, julianday(s.invoice_date), s.id, s.document_id, s.row_no, s.page, s.buyer_id IS NULL
FROM sales s NOT INDEXED
WHERE s.invoice_type = 'new'
   OR (s.invoice_type IS NULL AND NOT EXISTS (
         SELECT 1 FROM sales f WHERE f.vin = s.vin AND (f.invoice_date < s.invoice_date OR (f.invoice_date = s.invoice_date AND f.id < s.id))))
ORDER BY s.vin, s.invoice_date, s.id;
DROP TABLE IF EXISTS temp.exporter_parties;
CREATE TEMP TABLE exporter_parties (party INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO temp.exporter_parties SELECT exporter_party_id FROM exports NOT INDEXED;
DROP TABLE IF EXISTS temp.intermediary_moves;
CREATE TEMP TABLE intermediary_moves (
  vin TEXT, party INTEGER, jd REAL, kind TEXT, id INTEGER, document_id INTEGER, row_no INTEGER, page INTEGER, by_name INTEGER, PRIMARY KEY (vin, party)
) WITHOUT ROWID;`);
    // Each way out (an export declaration by the party, a sale by it to an exporter) meets the
    // party's purchase of that vehicle by key; within the window the earliest exit is kept.
    const exits = ctx.db.prepare(`
INSERT INTO temp.intermediary_moves (vin, party, jd, kind, id, document_id, row_no, page, by_name)
SELECT p.vin, p.party, x.jd, x.kind, x.id, x.document_id, x.row_no, x.page, x.by_name
FROM (
  SELECT vin, exporter_party_id AS party, julianday(declaration_date) AS jd, 'exports' AS kind, id, document_id, row_no, page,
         exporter_id IS NULL AS by_name FROM exports NOT INDEXED
  UNION ALL
  SELECT vin, seller_party_id, julianday(invoice_date), 'sales', id, document_id, row_no, page, seller_id IS NULL FROM sales NOT INDEXED
  WHERE buyer_party_id IN (SELECT party FROM temp.exporter_parties)
) x
JOIN temp.new_purchases p ON p.vin = x.vin AND p.party = x.party
WHERE x.jd >= p.jd AND x.jd <= p.jd + @max_days
ON CONFLICT (vin, party) DO UPDATE SET jd = excluded.jd, kind = excluded.kind, id = excluded.id,
  document_id = excluded.document_id, row_no = excluded.row_no, page = excluded.page, by_name = excluded.by_name
WHERE (excluded.jd, excluded.kind, excluded.id) < (intermediary_moves.jd, intermediary_moves.kind, intermediary_moves.id)`);
    exits.run({ max_days: args.max_days });
    ctx.db.prepare(`
INSERT INTO temp.rule_hits (flag_key, vin, party_id, reason, facts, exporter, destination, days, km)
SELECT 'trade_intermediary:' || b.party, NULL, b.party,
       printf('bought %d %s new; exported or sold to an exporter %d of them (%d%%) within %s', b.bought,
              CASE b.bought WHEN 1 THEN 'vehicle' ELSE 'vehicles' END, m.moved,
              CAST(round(100.0 * m.moved / b.bought) AS INTEGER), ${DAYS_TEXT('@max_days')})
       -- A party without a USCC or ID number is every record of its name (DOMAIN.md): the flag
       -- may rest on several traders or people who share it, and says so.
       || CASE WHEN pa.party_id IS NULL THEN '; known by name only (no USCC or ID number), so these may be the records of several parties of that name'
               WHEN b.by_name + m.by_name > 0 THEN printf('; %d of these records name it without its USCC or ID number (matched by name only)', b.by_name + m.by_name)
               ELSE '' END,
       json_object('bought_new', b.bought, 'moved', m.moved, 'exported', m.exported,
                   'sold_to_exporter', m.moved - m.exported, 'share', 1.0 * m.moved / b.bought,
                   'min_vehicles', @min, 'min_share', @share, 'max_days', @max_days,
                   'identified', json(CASE WHEN pa.party_id IS NULL THEN 'false' ELSE 'true' END), 'by_name_records', b.by_name + m.by_name),
       pa.name, NULL, NULL, NULL
FROM (SELECT party, count(*) AS bought, sum(by_name) AS by_name FROM temp.new_purchases GROUP BY party HAVING count(*) >= @min) b
JOIN (SELECT party, count(*) AS moved, sum(kind = 'exports') AS exported, sum(by_name) AS by_name FROM temp.intermediary_moves GROUP BY party) m ON m.party = b.party
JOIN parties pa ON pa.id = b.party
WHERE m.moved >= @share * b.bought AND m.moved > 0`).run(args);
  },
  // Evidence of the flagged parties only, straight into scratch.flag_evidence (over a million rows at the
  // bench's size): every purchase, and the exit of each vehicle that left, sorted by flag so
  // that the case's flag_evidence grows at its end.
  evidence(ctx) {
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.intermediary_flagged;
CREATE TEMP TABLE intermediary_flagged (party INTEGER PRIMARY KEY, flag_id INTEGER NOT NULL);
INSERT INTO temp.intermediary_flagged SELECT h.party_id, i.flag_id FROM temp.hit_ids i JOIN temp.rule_hits h ON h.flag_key = i.flag_key;
INSERT OR IGNORE INTO scratch.flag_evidence (flag_id, record_kind, record_id, document_id, row_no, page)
SELECT f.flag_id, 'sales', p.sale_id, p.document_id, p.row_no, p.page
FROM temp.new_purchases p JOIN temp.intermediary_flagged f ON f.party = p.party
UNION ALL
SELECT f.flag_id, m.kind, m.id, m.document_id, m.row_no, m.page
FROM temp.intermediary_moves m JOIN temp.intermediary_flagged f ON f.party = m.party
ORDER BY 1, 2, 3;
DROP TABLE temp.intermediary_flagged;
DROP TABLE temp.intermediary_moves;
DROP TABLE temp.new_purchases;
DROP TABLE temp.exporter_parties;`);
  },
};
