import type Database from 'better-sqlite3';

/**
 * For every export declaration, the latest initial registration of the vehicle on or before the
 * declaration date and the calendar days between them. Three rules (zero_mileage_export,
 * early_export, missing_after_sales_confirmation) read it, so it is built once per run, with the
 * declaration's columns and both records' provenance, so those rules never go back to the record
 * tables. Several initial registrations on the anchor day: the one with the highest id (last read).
 *
 * Rows are in (vin, declaration_date, export_id) order, so a rule finds a vehicle's first
 * qualifying declaration as the row after another vehicle's. The declarations are read in table
 * order and sorted: along exports_vin_date each was a table row found at random (at a million
 * vehicles, sqlite3 with the finder's 32 MB cache: 5.6 s of CPU, 3.9 in the kernel, against 2.7).
 * The registration's id is taken from the joined row: naming the subquery's result twice would
 * run the subquery twice per declaration.
 */
export function buildExportAnchors(db: Database.Database): void {
  db.exec(`
DROP TABLE IF EXISTS temp.export_anchor;
CREATE TEMP TABLE export_anchor AS
SELECT x.export_id, x.vin, x.declaration_no, x.declaration_date, x.odometer_km, x.exporter, x.destination_country,
       x.export_doc, x.export_row, x.export_page,
       r.id AS reg_id, r.registration_date AS reg_date, r.document_id AS reg_doc, r.row_no AS reg_row, r.page AS reg_page,
       CAST(julianday(x.declaration_date) - julianday(r.registration_date) AS INTEGER) AS days
FROM (
  SELECT e.id AS export_id, e.vin, e.declaration_no, e.declaration_date, e.odometer_km, e.exporter, e.destination_country,
         e.document_id AS export_doc, e.row_no AS export_row, e.page AS export_page,
         (SELECT r.id FROM registrations r
           WHERE r.vin = e.vin AND r.event = 'initial' AND r.registration_date <= e.declaration_date
           ORDER BY r.registration_date DESC, r.id DESC LIMIT 1) AS reg_id
  FROM exports e NOT INDEXED
) x
JOIN registrations r ON r.id = x.reg_id
ORDER BY x.vin, x.declaration_date, x.export_id;`);
}

/**
 * temp.anchor_hits: for each vehicle, the first row of temp.export_anchor (in its order: date,
 * then declaration id) that meets `condition`. The qualifying rows are copied in order, then
 * every row whose predecessor is the same vehicle is deleted: no window over them is needed.
 */
export function firstAnchorPerVehicle(db: Database.Database, condition: string, args: Record<string, unknown>): void {
  db.exec('DROP TABLE IF EXISTS temp.anchor_hits');
  db.prepare(`CREATE TEMP TABLE anchor_hits AS SELECT a.* FROM temp.export_anchor a WHERE ${condition} ORDER BY a.rowid`).run(args);
  db.exec(`
DELETE FROM temp.anchor_hits WHERE rowid IN (
  SELECT q.rowid FROM temp.anchor_hits q JOIN temp.anchor_hits p ON p.rowid = q.rowid - 1 WHERE p.vin = q.vin)`);
}

/**
 * Evidence of a flag found on the export anchor: the declaration and the registration it was
 * measured from, for every row of temp.anchor_hits, written straight into scratch.flag_evidence (run from
 * a rule's evidence step, once temp.hit_ids holds the flag ids); then drops temp.anchor_hits.
 */
export function insertAnchorEvidence(db: Database.Database, rule: string): void {
  db.prepare(`
INSERT OR IGNORE INTO scratch.flag_evidence (flag_id, record_kind, record_id, document_id, row_no, page)
SELECT i.flag_id, 'exports', a.export_id, a.export_doc, a.export_row, a.export_page
FROM temp.anchor_hits a JOIN temp.hit_ids i ON i.flag_key = @rule || ':' || a.vin
UNION ALL
SELECT i.flag_id, 'registrations', a.reg_id, a.reg_doc, a.reg_row, a.reg_page
FROM temp.anchor_hits a JOIN temp.hit_ids i ON i.flag_key = @rule || ':' || a.vin`).run({ rule });
  db.exec('DROP TABLE temp.anchor_hits');
}
