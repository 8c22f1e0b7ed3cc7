import type Database from 'better-sqlite3';

/**
 * For every export declaration, the latest initial registration of the vehicle on or before the
 * declaration date and the calendar days between them. Three rules (zero_mileage_export,
 * early_export, missing_after_sales_confirmation) read it, so it is built once per run.
 * Several initial registrations on the anchor day: the one with the highest id (last read).
 */
export function buildExportAnchors(db: Database.Database): void {
  db.exec(`
DROP TABLE IF EXISTS temp.export_anchor;
CREATE TEMP TABLE export_anchor AS
SELECT x.export_id, x.vin, x.declaration_date, x.reg_id, r.registration_date AS reg_date,
       CAST(julianday(x.declaration_date) - julianday(r.registration_date) AS INTEGER) AS days
FROM (
  SELECT e.id AS export_id, e.vin, e.declaration_date,
         (SELECT r.id FROM registrations r
           WHERE r.vin = e.vin AND r.event = 'initial' AND r.registration_date <= e.declaration_date
           ORDER BY r.registration_date DESC, r.id DESC LIMIT 1) AS reg_id
  FROM exports e
) x
JOIN registrations r ON r.id = x.reg_id;
CREATE INDEX temp.export_anchor_export ON export_anchor(export_id);`);
}
