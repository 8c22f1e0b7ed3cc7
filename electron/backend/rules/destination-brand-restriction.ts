import type { RuleImpl } from './rule';
import { fillPackClauses } from './pack-clauses';

/**
 * DOMAIN.md destination_brand_restriction (a rule pack clause): a declaration as used to a
 * country whose pack lists the vehicle's brand (make) as officially distributed there, dated
 * inside the clause's period. One flag per vehicle, on its first such declaration (date, then
 * id); the flag names pack, clause and source. Declarations are read once, in VIN order.
 */
export const destinationBrandRestriction: RuleImpl = {
  id: 'destination_brand_restriction',
  onRunner: true,
  find(ctx) {
    if (fillPackClauses(ctx.db, 'destination_brand_restriction') === 0) return;
    ctx.db.exec(`
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'destination_brand_restriction:' || vin, vin,
       printf('exported as used to %s on %s (declaration %s) although its brand %s is officially distributed there (pack %s v%d, clause %s)',
              destination_country, declaration_date, declaration_no, make, pack_id, pack_version, clause_id),
       json_object('declaration_no', declaration_no, 'declaration_date', declaration_date, 'destination', destination_country,
                   'make', make, 'export_id', export_id, 'pack', pack_id, 'pack_version', pack_version, 'pack_revision', revision,
                   'clause', clause_id, 'source', source),
       exporter, destination_country, NULL, odometer_km
FROM (
  SELECT e.vin, e.id AS export_id, e.declaration_no, e.declaration_date, e.destination_country, e.exporter, e.odometer_km,
         v.make, c.pack_id, c.pack_version, c.revision, c.clause_id, c.source,
         row_number() OVER (PARTITION BY e.vin ORDER BY e.declaration_date, e.id, c.pack_id, c.clause_id) AS nth
  FROM exports e INDEXED BY exports_vin_date
  JOIN vehicles v ON v.vin = e.vin
  JOIN temp.pack_clauses c ON c.country = e.destination_country AND c.brand = lower(trim(v.make))
   AND e.declaration_date BETWEEN c.eff_from AND c.eff_to
  WHERE e.condition = 'used' AND v.make IS NOT NULL
)
WHERE nth = 1
ORDER BY vin;
INSERT INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT h.flag_key, 'exports', json_extract(h.facts, '$.export_id') FROM temp.rule_hits h;
INSERT INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT h.flag_key, 'vehicles', r.id FROM temp.rule_hits h JOIN vehicle_records r ON r.vin = h.vin;
DROP TABLE temp.pack_clauses;`);
  },
};
