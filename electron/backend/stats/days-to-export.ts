import type Database from 'better-sqlite3';
import type { DaysToExportUnplaced } from '../../../shared/contract/stats';

/**
 * Days from first registration to export, per exported vehicle: its first (initial) registration
 * and its first export declaration on or after it. A vehicle with no initial registration, or
 * exported only before it, has no such span: it is counted apart (`unplaced`), never dropped, so
 * the spans and the two counts add up to the exported vehicles.
 */
export type ExportSpans = { spans: { days: number; vehicles: number }[]; unplaced: DaysToExportUnplaced };

const NO_REGISTRATION = -1;
const BEFORE_REGISTRATION = -2;

export function exportSpans(db: Database.Database): ExportSpans {
  // One pass over the exports grouped by VIN; first registrations by the registrations' VIN index.
  const rows = db.prepare(`
WITH first_reg AS (SELECT vin, min(registration_date) AS d FROM registrations WHERE event = 'initial' GROUP BY vin),
per_vehicle AS (
  SELECT f.d AS registered, min(CASE WHEN e.declaration_date >= f.d THEN e.declaration_date END) AS exported
  FROM exports e LEFT JOIN first_reg f ON f.vin = e.vin GROUP BY e.vin)
SELECT CASE WHEN registered IS NULL THEN ${NO_REGISTRATION} WHEN exported IS NULL THEN ${BEFORE_REGISTRATION}
  ELSE CAST(julianday(exported) - julianday(registered) AS INTEGER) END AS days, count(*) AS vehicles
FROM per_vehicle GROUP BY days`).all() as { days: number; vehicles: number }[];
  const count = (days: number) => rows.find((r) => r.days === days)?.vehicles ?? 0;
  return {
    spans: rows.filter((r) => r.days >= 0),
    unplaced: { no_registration: count(NO_REGISTRATION), exported_before_registration: count(BEFORE_REGISTRATION) },
  };
}
