import type Database from 'better-sqlite3';
import type { DestinationRow, RegionalInflationRow } from '../../../shared/contract/stats';

/**
 * Regional inflation (DOMAIN.md): vehicles by the city and month of their first initial
 * registration; those with a zero_mileage_export flag in the run; the value of their first sale
 * (the new-car sale booked in the region, sold again by the trader).
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
zero AS (SELECT DISTINCT vin FROM flags WHERE run_id = @run AND rule = 'zero_mileage_export'),
first_sale AS (
  SELECT vin, price FROM (
    SELECT vin, price, row_number() OVER (PARTITION BY vin ORDER BY invoice_date, id) AS n
    FROM sales WHERE vin IN (SELECT vin FROM zero)
  ) WHERE n = 1
)
SELECT r.city, r.month, count(*) AS registered, count(z.vin) AS zero_mileage_exports,
       coalesce(sum(CASE WHEN z.vin IS NOT NULL THEN s.price END), 0) AS double_counted_value,
       1.0 * count(z.vin) / count(*) AS share
FROM first_reg r LEFT JOIN zero z ON z.vin = r.vin LEFT JOIN first_sale s ON s.vin = r.vin
GROUP BY r.city, r.month ORDER BY r.city, r.month`).all({ run: runId ?? -1 }) as RegionalInflationRow[];
}

/** Exports per destination country and month of declaration, with those flagged zero_mileage_export. */
export function destinations(db: Database.Database, runId: number | null): DestinationRow[] {
  return db.prepare(`
WITH zero AS (SELECT CAST(json_extract(facts, '$.export_id') AS INTEGER) AS export_id FROM flags WHERE run_id = @run AND rule = 'zero_mileage_export')
SELECT e.destination_country AS country, substr(e.declaration_date, 1, 7) AS month, count(*) AS exports,
       count(z.export_id) AS zero_mileage_exports
FROM exports e LEFT JOIN zero z ON z.export_id = e.id
GROUP BY country, month ORDER BY country, month`).all({ run: runId ?? -1 }) as DestinationRow[];
}
