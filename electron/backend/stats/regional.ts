import type Database from 'better-sqlite3';
import type { DestinationRow, RegionalInflationRow } from '../../../shared/contract/stats';

/**
 * Regional inflation (DOMAIN.md): vehicles by the city and month of their first initial
 * registration; those with a zero_mileage_export flag in the run; the value of their first sale
 * (the new-car sale booked in the region, sold again by the trader).
 *
 * One pass over the registrations in VIN order; each vehicle's flag and first sale are index
 * lookups (flags_vin, sales_vin_date), so the cost grows with the case, not with its square (the
 * former join of CTEs scanned the run's flagged VINs once per registered vehicle; without ANALYZE
 * the planner chose to search the run's flags by run alone, hence INDEXED BY). `marked` is
 * materialised so the flag lookup runs once per vehicle although three sums read it.
 */
export function regionalInflation(db: Database.Database, runId: number | null): RegionalInflationRow[] {
  return db.prepare(`
WITH first_reg AS (
  SELECT vin, city, month FROM (
    SELECT vin, coalesce(city, '(unknown)') AS city, substr(registration_date, 1, 7) AS month,
           row_number() OVER (PARTITION BY vin ORDER BY registration_date, id) AS n
    FROM registrations WHERE event = 'initial'
  ) WHERE n = 1
),
marked AS MATERIALIZED (
  SELECT r.city, r.month, r.vin,
         EXISTS (SELECT 1 FROM flags z INDEXED BY flags_vin WHERE z.vin = r.vin AND z.run_id = @run AND z.rule = 'zero_mileage_export') AS zero
  FROM first_reg r
)
SELECT city, month, count(*) AS registered, sum(zero) AS zero_mileage_exports,
       coalesce(sum(CASE WHEN zero THEN (SELECT s.price FROM sales s WHERE s.vin = m.vin ORDER BY s.invoice_date, s.id LIMIT 1) END), 0) AS double_counted_value,
       1.0 * sum(zero) / count(*) AS share
FROM marked m GROUP BY city, month ORDER BY city, month`).all({ run: runId ?? -1 }) as RegionalInflationRow[];
}

/**
 * Exports per destination country and month of declaration, with those flagged zero_mileage_export.
 * Two aggregates joined when both are small: the flagged side goes from the run's flags to their
 * declarations by primary key (the former LEFT JOIN of every declaration to an unindexed CTE of
 * flagged export ids scanned the CTE once per declaration and never finished at 1,000,000 vehicles).
 */
export function destinations(db: Database.Database, runId: number | null): DestinationRow[] {
  return db.prepare(`
WITH per_month AS (
  SELECT destination_country AS country, substr(declaration_date, 1, 7) AS month, count(*) AS exports FROM exports GROUP BY country, month
),
zero AS (
  SELECT e.destination_country AS country, substr(e.declaration_date, 1, 7) AS month, count(DISTINCT e.id) AS zero_mileage_exports
  FROM flags f JOIN exports e ON e.id = CAST(json_extract(f.facts, '$.export_id') AS INTEGER)
  WHERE f.run_id = @run AND f.rule = 'zero_mileage_export' GROUP BY country, month
)
SELECT p.country, p.month, p.exports, coalesce(z.zero_mileage_exports, 0) AS zero_mileage_exports
FROM per_month p LEFT JOIN zero z ON z.country IS p.country AND z.month IS p.month ORDER BY p.country, p.month`).all({ run: runId ?? -1 }) as DestinationRow[];
}
