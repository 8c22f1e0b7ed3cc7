import { firstAnchorPerVehicle, insertAnchorEvidence } from './export-anchor';
import type { RuleContext, RuleImpl } from './rule';
import { DAYS_TEXT, KM_TEXT } from './rule';

/**
 * Exports whose declaration shows at most `max_km` on the odometer (or none) within `max_days`
 * of the latest initial registration on or before it; `early` selects the other side of the km
 * threshold (early_export). One flag per vehicle: its earliest qualifying declaration.
 */
export function findRegistrationToExport(ctx: RuleContext, rule: 'zero_mileage_export' | 'early_export'): void {
  const kmTest = rule === 'zero_mileage_export'
    ? '(a.odometer_km IS NULL OR a.odometer_km <= @max_km)'
    : 'a.odometer_km > @max_km';
  const args = { max_km: ctx.params.zero_mileage_max_km, max_days: ctx.params.zero_mileage_max_days, rule };
  firstAnchorPerVehicle(ctx.db, `a.days <= @max_days AND ${kmTest}`, { max_km: args.max_km, max_days: args.max_days });
  ctx.db.prepare(`
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT @rule || ':' || vin, vin,
       printf('exported %s after first registration, %s', ${DAYS_TEXT('days')}, ${KM_TEXT('odometer_km')}),
       json_object('declaration_no', declaration_no, 'declaration_date', declaration_date,
                   'registration_date', reg_date, 'days', days, 'odometer_km', odometer_km,
                   'max_days', @max_days, 'max_km', @max_km, 'export_id', export_id, 'registration_id', reg_id),
       exporter, destination_country, days, odometer_km
FROM temp.anchor_hits`).run(args);
}

export const zeroMileageExport: RuleImpl = {
  id: 'zero_mileage_export',
  find: (ctx) => findRegistrationToExport(ctx, 'zero_mileage_export'),
  evidence: (ctx) => insertAnchorEvidence(ctx.db, 'zero_mileage_export'),
  readsExportAnchor: true,
};
