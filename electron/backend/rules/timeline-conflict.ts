import type { RuleImpl } from './rule';
import { DAYS_TEXT } from './rule';
import { SALE_CITED_MARKED, SALE_CODE_FACTS } from '../casefile/record-sources';

/**
 * Records that cannot be in this order: a sale or registration (any event) dated after the
 * vehicle's last export declaration, or an export declared before the earliest production date
 * read for the vehicle. One flag per vehicle naming its largest conflict; all conflicts are evidence.
 */
export const timelineConflict: RuleImpl = {
  id: 'timeline_conflict',
  find(ctx) {
    // The last declaration per vehicle once, then index seeks per vehicle for anything dated after
    // it; exports against the earliest production date by one seek each. The declarations are
    // grouped from the table read in order (NOT INDEXED: along exports_vin_date each was a row
    // found at random; at a million vehicles 3.5 s of CPU against 1.4).
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.last_export;
CREATE TEMP TABLE last_export (vin TEXT PRIMARY KEY, d TEXT, id INTEGER, declaration_no TEXT) WITHOUT ROWID;
INSERT INTO temp.last_export
SELECT vin, declaration_date, id, declaration_no FROM (
  SELECT vin, declaration_date, id, declaration_no, max(declaration_date || printf('%012d', id)) FROM exports NOT INDEXED GROUP BY vin
);
DROP TABLE IF EXISTS temp.timeline_conflicts;
CREATE TEMP TABLE timeline_conflicts AS
SELECT * FROM (
  SELECT s.vin, 'sales' AS kind, s.id, s.invoice_date AS d, 'exports' AS other_kind, x.id AS other_id, x.d AS other_d,
         printf('sale %s dated %s, %s after export declaration %s of %s', ${SALE_CITED_MARKED('s')}, s.invoice_date,
                ${DAYS_TEXT('CAST(julianday(s.invoice_date) - julianday(x.d) AS INTEGER)')}, x.declaration_no, x.d) AS what,
         CAST(julianday(s.invoice_date) - julianday(x.d) AS INTEGER) AS gap,
         s.invoice_no AS no, ${SALE_CODE_FACTS('s', 'record_code', 'record_code_given')} AS code_facts, NULL AS event, x.declaration_no AS other_no
  -- One seek per vehicle (CROSS JOIN keeps the declarations outside): left to itself, SQLite read
  -- every sale and looked its vehicle up (at a million vehicles 4.2-4.6 s of CPU against 0.4).
  -- The few sales found are put in table order, the order that scan gave them in.
  FROM temp.last_export x CROSS JOIN sales s INDEXED BY sales_vin_date ON s.vin = x.vin AND s.invoice_date > x.d
  ORDER BY s.id
)
UNION ALL
SELECT r.vin, 'registrations', r.id, r.registration_date, 'exports', x.id, x.d,
       printf('%s registration dated %s, %s after export declaration %s of %s', r.event, r.registration_date,
              ${DAYS_TEXT('CAST(julianday(r.registration_date) - julianday(x.d) AS INTEGER)')}, x.declaration_no, x.d),
       CAST(julianday(r.registration_date) - julianday(x.d) AS INTEGER),
       NULL, NULL, r.event, x.declaration_no
FROM temp.last_export x JOIN registrations r ON r.vin = x.vin AND r.registration_date > x.d
UNION ALL
SELECT e.vin, 'exports', e.id, e.declaration_date, 'vehicles',
       (SELECT v.id FROM vehicle_records v WHERE v.vin = e.vin AND v.production_date = e.pd ORDER BY v.id LIMIT 1), e.pd,
       printf('export declaration %s dated %s, %s before production on %s', e.declaration_no, e.declaration_date,
              ${DAYS_TEXT('CAST(julianday(e.pd) - julianday(e.declaration_date) AS INTEGER)')}, e.pd),
       CAST(julianday(e.pd) - julianday(e.declaration_date) AS INTEGER),
       e.declaration_no, NULL, NULL, NULL
FROM (
  SELECT x.id, x.vin, x.declaration_no, x.declaration_date,
         (SELECT min(v.production_date) FROM vehicle_records v WHERE v.vin = x.vin) AS pd
  FROM exports x NOT INDEXED
) e WHERE e.declaration_date < e.pd;

INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'timeline_conflict:' || c.vin, c.vin,
       c.what || CASE WHEN c.conflicts > 1 THEN printf(' (and %d more)', c.conflicts - 1) ELSE '' END,
       json_patch(json_object('conflicts', c.conflicts, 'record_kind', c.kind, 'record_id', c.id, 'date', c.d,
                   'against_kind', c.other_kind, 'against_id', c.other_id, 'against_date', c.other_d, 'days', c.gap,
                   'record_no', c.no, 'event', c.event, 'against_no', c.other_no), coalesce(c.code_facts, '{}')),
       NULL, NULL, c.gap, NULL
FROM (
  SELECT *, count(*) OVER (PARTITION BY vin) AS conflicts,
         row_number() OVER (PARTITION BY vin ORDER BY gap DESC, d, id) AS n
  FROM temp.timeline_conflicts
) c WHERE c.n = 1;

INSERT INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT 'timeline_conflict:' || vin, kind, id FROM temp.timeline_conflicts
UNION ALL
SELECT 'timeline_conflict:' || vin, other_kind, other_id FROM temp.timeline_conflicts;`);
  },
};
