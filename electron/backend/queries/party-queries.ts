import type Database from 'better-sqlite3';
import { ZeroMileError } from '../../../shared/errors';
import type { PartyDetail, PartyFigures, PartyVehicle } from '../../../shared/contract/party';
import { shownPartyCode } from '../../../shared/party-id';
import { latestRunId } from '../casefile/latest-run';
import { nameMatches } from './name-matches';

type PartyRowDb = { id: number; name: string; party_id: string | null; id_kind: string | null; id_valid: number | null; is_person: number; country: string | null };

export function partyDetail(db: Database.Database, id: number): PartyDetail {
  const party = db.prepare('SELECT id, name, party_id, id_kind, id_valid, is_person, country FROM parties WHERE id = ?').get(id) as PartyRowDb | undefined;
  if (!party) throw new ZeroMileError('not_found', `No party with id ${id} in this case file.`);
  const aliases = (db.prepare('SELECT name FROM party_aliases WHERE party_id = ? AND name <> ? ORDER BY name').all(id, party.name) as { name: string }[]).map((r) => r.name);
  const runId = latestRunId(db);
  const held = heldDays(db, id);
  const period = db.prepare(`SELECT min(d) AS first, max(d) AS last FROM (
      SELECT invoice_date AS d FROM sales WHERE buyer_party_id = @id UNION ALL
      SELECT invoice_date FROM sales WHERE seller_party_id = @id UNION ALL
      SELECT declaration_date FROM exports WHERE exporter_party_id = @id)`).get({ id }) as { first: string | null; last: string | null };
  const code = shownPartyCode(party.party_id, party.is_person === 1);
  return {
    id: party.id,
    name: party.name,
    aliases,
    party_code: code,
    party_code_masked: code !== party.party_id,
    id_kind: party.id_kind,
    id_valid: party.id_valid === null ? null : party.id_valid === 1,
    is_person: party.is_person === 1,
    country: party.country,
    figures: { ...tradeCounts(db, id), median_days_held: median(held), ...flagCounts(db, id, runId) },
    period,
    name_matches: nameMatches(db, party),
  };
}

/**
 * Vehicles (distinct VINs, as `zeromile stats` counts them) and the invoices and declarations
 * behind them, each side read from its party index alone (migration 014: the index holds the
 * VIN and invoice type, so no row of the table is fetched).
 */
function tradeCounts(db: Database.Database, id: number): Omit<PartyFigures, 'median_days_held' | 'party_flags' | 'flagged_vehicles'> {
  const bought = db.prepare(`SELECT count(DISTINCT vin) AS vehicles, count(*) AS records, count(DISTINCT CASE WHEN invoice_type = 'new' THEN vin END) AS new_vehicles
    FROM sales WHERE buyer_party_id = ?`).get(id) as { vehicles: number; records: number; new_vehicles: number };
  const sold = db.prepare('SELECT count(DISTINCT vin) AS vehicles, count(*) AS records FROM sales WHERE seller_party_id = ?').get(id) as { vehicles: number; records: number };
  const exported = db.prepare('SELECT count(DISTINCT vin) AS vehicles, count(*) AS records FROM exports WHERE exporter_party_id = ?').get(id) as { vehicles: number; records: number };
  return {
    vehicles_bought: bought.vehicles, invoices_bought: bought.records, vehicles_bought_new: bought.new_vehicles,
    vehicles_sold: sold.vehicles, invoices_sold: sold.records,
    vehicles_exported: exported.vehicles, declarations: exported.records,
  };
}

/** The latest run's flags on the party itself, and its vehicles that run flagged (two different things, shown apart). */
function flagCounts(db: Database.Database, id: number, runId: number | null): Pick<PartyFigures, 'party_flags' | 'flagged_vehicles'> {
  if (runId === null) return { party_flags: 0, flagged_vehicles: 0 };
  return {
    party_flags: db.prepare('SELECT count(*) FROM flags WHERE party_id = ? AND run_id = ?').pluck().get(id, runId) as number,
    flagged_vehicles: countPartyFlaggedVins(db, id, runId),
  };
}

/** Days from the party's first purchase of each vehicle to its own export declaration of it. */
function heldDays(db: Database.Database, id: number): number[] {
  return (db.prepare(`SELECT CAST(julianday(e.d) - julianday(b.d) AS INTEGER) AS days
      FROM (SELECT vin, min(invoice_date) AS d FROM sales WHERE buyer_party_id = ? GROUP BY vin) b
      JOIN (SELECT vin, min(declaration_date) AS d FROM exports WHERE exporter_party_id = ? GROUP BY vin) e ON e.vin = b.vin
      WHERE e.d >= b.d`).all(id, id) as { days: number }[]).map((r) => r.days);
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Each vehicle's sales and export are found by VIN (`+` keeps SQLite off the party's own index, a loop over all its records per vehicle). */
export function partyVehicles(db: Database.Database, id: number, limit = 500): PartyVehicle[] {
  return db.prepare(`SELECT v.vin,
      (SELECT min(invoice_date) FROM sales s WHERE s.vin = v.vin AND +s.buyer_party_id = @id) AS bought,
      e.declaration_date AS exported, e.destination_country AS destination,
      CAST(julianday(e.declaration_date) - julianday((SELECT min(invoice_date) FROM sales s WHERE s.vin = v.vin AND +s.buyer_party_id = @id)) AS INTEGER) AS days
    FROM (SELECT vin FROM sales WHERE buyer_party_id = @id UNION SELECT vin FROM exports WHERE exporter_party_id = @id LIMIT @limit) v
    LEFT JOIN exports e ON e.vin = v.vin AND +e.exporter_party_id = @id
    GROUP BY v.vin ORDER BY v.vin`).all({ id, limit }) as PartyVehicle[];
}

/** The vehicles a party bought, sold or exported that a rule run flagged (evidence packs and the party's timelines). */
const PARTY_FLAGGED_VINS = `SELECT vin FROM (
    SELECT vin FROM sales WHERE buyer_party_id = @id UNION SELECT vin FROM sales WHERE seller_party_id = @id
    UNION SELECT vin FROM exports WHERE exporter_party_id = @id) v
  WHERE EXISTS (SELECT 1 FROM flags f WHERE f.vin = v.vin AND f.run_id = @run)`;

/** Those vehicles in VIN order: all of them, or one page. */
export function partyFlaggedVins(db: Database.Database, id: number, runId: number | null, page?: { offset: number; limit: number }): string[] {
  const params = { id, run: runId ?? -1 };
  if (!page) return db.prepare(`${PARTY_FLAGGED_VINS} ORDER BY vin`).pluck().all(params) as string[];
  return db.prepare(`${PARTY_FLAGGED_VINS} ORDER BY vin LIMIT @limit OFFSET @offset`).pluck().all({ ...params, ...page }) as string[];
}

export function countPartyFlaggedVins(db: Database.Database, id: number, runId: number | null): number {
  if (db.prepare('SELECT 1 FROM parties WHERE id = ?').get(id) === undefined) throw new ZeroMileError('not_found', `No party with id ${id} in this case file.`);
  return db.prepare(`SELECT count(*) FROM (${PARTY_FLAGGED_VINS})`).pluck().get({ id, run: runId ?? -1 }) as number;
}
