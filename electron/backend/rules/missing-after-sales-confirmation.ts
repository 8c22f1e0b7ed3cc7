import type { RuleImpl } from './rule';

/**
 * Declarations from `confirmation_required_from` on, within `confirmation_max_days` of the
 * latest initial registration before them, with no confirmation record of the vehicle naming the
 * destination country (confirmations.countries is stored as ',RU,KZ,').
 */
export const missingAfterSalesConfirmation: RuleImpl = {
  id: 'missing_after_sales_confirmation',
  find(ctx) {
    ctx.db.prepare(`
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'missing_after_sales_confirmation:' || vin, vin,
       printf('exported to %s on %s, %d days after first registration, without a maker confirmation naming %s',
              destination_country, declaration_date, days, destination_country),
       json_object('declaration_no', declaration_no, 'declaration_date', declaration_date,
                   'registration_date', reg_date, 'days', days, 'destination', destination_country,
                   'required_from', @from, 'max_days', @max_days, 'export_id', export_id, 'registration_id', reg_id),
       exporter, destination_country, days, odometer_km
FROM (
  SELECT a.vin, a.days, a.reg_date, a.reg_id, a.export_id, e.declaration_no, e.declaration_date,
         e.odometer_km, e.exporter, e.destination_country,
         row_number() OVER (PARTITION BY a.vin ORDER BY e.declaration_date, e.id) AS n
  FROM temp.export_anchor a JOIN exports e ON e.id = a.export_id
  WHERE e.declaration_date >= @from AND a.days <= @max_days
    AND NOT EXISTS (SELECT 1 FROM confirmations c
                    WHERE c.vin = e.vin AND instr(c.countries, ',' || e.destination_country || ',') > 0)
) WHERE n = 1`).run({ from: ctx.params.confirmation_required_from, max_days: ctx.params.confirmation_max_days });
    // The confirmations that exist but name other countries are evidence too: they show what was checked.
    ctx.db.exec(`
INSERT INTO temp.rule_evidence (flag_key, record_kind, record_id)
SELECT flag_key, 'exports', json_extract(facts, '$.export_id') FROM temp.rule_hits
UNION ALL
SELECT flag_key, 'registrations', json_extract(facts, '$.registration_id') FROM temp.rule_hits
UNION ALL
SELECT h.flag_key, 'confirmations', c.id FROM temp.rule_hits h JOIN confirmations c ON c.vin = h.vin`);
  },
};
