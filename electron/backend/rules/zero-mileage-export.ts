import type { RuleContext, RuleImpl } from './rule';
import { KM_TEXT } from './rule';

/**
 * Exports whose declaration shows at most `max_km` on the odometer (or none) within `max_days`
 * of the latest initial registration on or before it; `early` selects the other side of the km
 * threshold (early_export). One flag per vehicle: its earliest qualifying declaration.
 */
export function findRegistrationToExport(ctx: RuleContext, rule: 'zero_mileage_export' | 'early_export'): void {
  const kmTest = rule === 'zero_mileage_export'
    ? '(e.odometer_km IS NULL OR e.odometer_km <= @max_km)'
    : 'e.odometer_km > @max_km';
  const args = { max_km: ctx.params.zero_mileage_max_km, max_days: ctx.params.zero_mileage_max_days, rule };
  ctx.db.prepare(`
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT @rule || ':' || vin, vin,
       printf('exported %d days after first registration, %s', days, ${KM_TEXT('km')}),
       json_object('declaration_no', declaration_no, 'declaration_date', declaration_date,
                   'registration_date', reg_date, 'days', days, 'odometer_km', km,
                   'max_days', @max_days, 'max_km', @max_km, 'export_id', export_id, 'registration_id', reg_id),
       exporter, destination_country, days, km
FROM (
  SELECT a.vin, a.days, a.reg_date, a.reg_id, a.export_id, e.declaration_no, e.declaration_date,
         e.odometer_km AS km, e.exporter, e.destination_country,
         row_number() OVER (PARTITION BY a.vin ORDER BY e.declaration_date, e.id) AS n
  FROM temp.export_anchor a JOIN exports e ON e.id = a.export_id
  WHERE a.days <= @max_days AND ${kmTest}
) WHERE n = 1`).run(args);
  ctx.db.exec(`
INSERT INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT flag_key, 'exports', json_extract(facts, '$.export_id') FROM temp.rule_hits
UNION ALL
SELECT flag_key, 'registrations', json_extract(facts, '$.registration_id') FROM temp.rule_hits`);
}

export const zeroMileageExport: RuleImpl = {
  id: 'zero_mileage_export',
  find: (ctx) => findRegistrationToExport(ctx, 'zero_mileage_export'),
};
