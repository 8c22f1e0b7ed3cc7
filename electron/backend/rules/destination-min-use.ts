import type { RuleImpl } from './rule';
import { DAYS_TEXT } from './rule';
import { fillPackClauses } from './pack-clauses';

/**
 * DOMAIN.md destination_min_use (a rule pack clause): a declaration as used to a country whose
 * pack sets a minimum use, fewer than `min_days` days after the vehicle's first initial
 * registration on or before the declaration, or with an odometer reading under `min_km`, dated
 * inside the clause's period. One flag per vehicle, on its first such declaration.
 */
export const destinationMinUse: RuleImpl = {
  id: 'destination_min_use',
  onRunner: true,
  find(ctx) {
    if (fillPackClauses(ctx.db, 'destination_min_use') === 0) return;
    ctx.db.exec(`
DROP TABLE IF EXISTS temp.min_use_hits;
CREATE TEMP TABLE min_use_hits AS
SELECT * FROM (
  SELECT x.*, r.registration_date AS reg_date, row_number() OVER (PARTITION BY x.vin ORDER BY x.declaration_date, x.export_id, x.pack_id, x.clause_id) AS nth
  FROM (
    SELECT e.vin, e.id AS export_id, e.declaration_no, e.declaration_date, e.destination_country, e.exporter, e.odometer_km,
           c.pack_id, c.pack_version, c.revision, c.clause_id, c.source, c.min_days, c.min_km,
           (SELECT r.id FROM registrations r WHERE r.vin = e.vin AND r.event = 'initial' AND r.registration_date <= e.declaration_date
             ORDER BY r.registration_date, r.id LIMIT 1) AS reg_id
    FROM exports e INDEXED BY exports_vin_date
    JOIN temp.pack_clauses c ON c.country = e.destination_country AND e.declaration_date BETWEEN c.eff_from AND c.eff_to
    WHERE e.condition = 'used'
  ) x
  LEFT JOIN registrations r ON r.id = x.reg_id
  WHERE (x.min_days IS NOT NULL AND r.id IS NOT NULL AND julianday(x.declaration_date) - julianday(r.registration_date) < x.min_days)
     OR (x.min_km IS NOT NULL AND x.odometer_km IS NOT NULL AND x.odometer_km < x.min_km)
) WHERE nth = 1;
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'destination_min_use:' || h.vin, h.vin,
       printf('exported as used to %s on %s (declaration %s) %s, under the minimum use of the pack (%s) (pack %s v%d, clause %s)',
              h.destination_country, h.declaration_date, h.declaration_no,
              CASE WHEN h.reg_date IS NULL THEN 'with no initial registration on record'
                   ELSE ${DAYS_TEXT('CAST(julianday(h.declaration_date) - julianday(h.reg_date) AS INTEGER)')} || ' after first registration' END,
              -- printf('%d', NULL) is '0', not NULL: a clause with a minimum km only names no days.
              CASE WHEN h.min_days IS NULL THEN '' ELSE ${DAYS_TEXT('h.min_days', '1 day')} END
                   || CASE WHEN h.min_days IS NOT NULL AND h.min_km IS NOT NULL THEN ', ' ELSE '' END
                   || CASE WHEN h.min_km IS NULL THEN '' ELSE printf('%.0f km', h.min_km) END,
              h.pack_id, h.pack_version, h.clause_id),
       json_object('declaration_no', h.declaration_no, 'declaration_date', h.declaration_date, 'destination', h.destination_country,
                   'registration_date', h.reg_date, 'min_days', h.min_days, 'min_km', h.min_km, 'export_id', h.export_id,
                   'registration_id', CASE WHEN h.reg_date IS NULL THEN NULL ELSE h.reg_id END, 'pack', h.pack_id, 'pack_version', h.pack_version, 'pack_revision', h.revision,
                   'clause', h.clause_id, 'source', h.source),
       h.exporter, h.destination_country,
       CASE WHEN h.reg_date IS NULL THEN NULL ELSE CAST(julianday(h.declaration_date) - julianday(h.reg_date) AS INTEGER) END,
       h.odometer_km
FROM temp.min_use_hits h
ORDER BY h.vin;
INSERT INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT h.flag_key, 'exports', json_extract(h.facts, '$.export_id') FROM temp.rule_hits h;
INSERT INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT h.flag_key, 'registrations', json_extract(h.facts, '$.registration_id') FROM temp.rule_hits h
WHERE json_extract(h.facts, '$.registration_id') IS NOT NULL;
DROP TABLE temp.min_use_hits;
DROP TABLE temp.pack_clauses;`);
  },
};
