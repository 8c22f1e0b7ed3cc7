import type { RuleImpl } from './rule';

/**
 * Records that cannot be in this order: a sale or registration (any event) dated after the
 * vehicle's last export declaration, or an export declared before the earliest production date
 * read for the vehicle. One flag per vehicle naming its largest conflict; all conflicts are evidence.
 */
export const timelineConflict: RuleImpl = {
  id: 'timeline_conflict',
  find(ctx) {
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.timeline_conflicts;
CREATE TEMP TABLE timeline_conflicts AS
WITH last_export AS (
  SELECT vin, declaration_date AS d, id, declaration_no FROM (
    SELECT vin, declaration_date, id, declaration_no,
           row_number() OVER (PARTITION BY vin ORDER BY declaration_date DESC, id DESC) AS n FROM exports
  ) WHERE n = 1
),
production AS (
  SELECT vin, production_date AS d, id FROM (
    SELECT vin, production_date, id,
           row_number() OVER (PARTITION BY vin ORDER BY production_date, id) AS n
    FROM vehicle_records WHERE production_date IS NOT NULL
  ) WHERE n = 1
)
SELECT s.vin, 'sales' AS kind, s.id, s.invoice_date AS d, 'exports' AS other_kind, x.id AS other_id, x.d AS other_d,
       printf('sale %s dated %s, %d days after export declaration %s of %s', s.invoice_no, s.invoice_date,
              CAST(julianday(s.invoice_date) - julianday(x.d) AS INTEGER), x.declaration_no, x.d) AS what,
       CAST(julianday(s.invoice_date) - julianday(x.d) AS INTEGER) AS gap
FROM sales s JOIN last_export x ON x.vin = s.vin WHERE s.invoice_date > x.d
UNION ALL
SELECT r.vin, 'registrations', r.id, r.registration_date, 'exports', x.id, x.d,
       printf('%s registration dated %s, %d days after export declaration %s of %s', r.event, r.registration_date,
              CAST(julianday(r.registration_date) - julianday(x.d) AS INTEGER), x.declaration_no, x.d),
       CAST(julianday(r.registration_date) - julianday(x.d) AS INTEGER)
FROM registrations r JOIN last_export x ON x.vin = r.vin WHERE r.registration_date > x.d
UNION ALL
SELECT e.vin, 'exports', e.id, e.declaration_date, 'vehicles', p.id, p.d,
       printf('export declaration %s dated %s, %d days before production on %s', e.declaration_no, e.declaration_date,
              CAST(julianday(p.d) - julianday(e.declaration_date) AS INTEGER), p.d),
       CAST(julianday(p.d) - julianday(e.declaration_date) AS INTEGER)
FROM exports e JOIN production p ON p.vin = e.vin WHERE e.declaration_date < p.d;

INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'timeline_conflict:' || c.vin, c.vin,
       c.what || CASE WHEN c.conflicts > 1 THEN printf(' (and %d more)', c.conflicts - 1) ELSE '' END,
       json_object('conflicts', c.conflicts, 'record_kind', c.kind, 'record_id', c.id, 'date', c.d,
                   'against_kind', c.other_kind, 'against_id', c.other_id, 'against_date', c.other_d, 'days', c.gap),
       NULL, NULL, c.gap, NULL
FROM (
  SELECT *, count(*) OVER (PARTITION BY vin) AS conflicts,
         row_number() OVER (PARTITION BY vin ORDER BY gap DESC, d, id) AS n
  FROM temp.timeline_conflicts
) c WHERE c.n = 1;

INSERT OR IGNORE INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT 'timeline_conflict:' || vin, kind, id FROM temp.timeline_conflicts
UNION ALL
SELECT 'timeline_conflict:' || vin, other_kind, other_id FROM temp.timeline_conflicts;`);
  },
};
