import type Database from 'better-sqlite3';
import { ZeroMileError } from '../../../shared/errors';
import type { PartyDetail, PartyVehicle } from '../../../shared/contract/party';
import { shownPartyCode } from '../../../shared/party-id';
import { latestRunId } from '../casefile/latest-run';
import { storedFlaggedVins, storedPartyFigures } from '../casefile/party-sums';
import { nameMatches } from './name-matches';
import { tradeFigures } from './party-figures';
import { partyTrades } from './party-trades';

type PartyRowDb = { id: number; name: string; party_id: string | null; id_kind: string | null; id_valid: number | null; is_person: number; country: string | null };

export function partyDetail(db: Database.Database, id: number): PartyDetail {
  const party = db.prepare('SELECT id, name, party_id, id_kind, id_valid, is_person, country FROM parties WHERE id = ?').get(id) as PartyRowDb | undefined;
  if (!party) throw new ZeroMileError('not_found', `No party with id ${id} in this case file.`);
  const aliases = (db.prepare('SELECT name FROM party_aliases WHERE party_id = ? AND name <> ? ORDER BY name').all(id, party.name) as { name: string }[]).map((r) => r.name);
  // A busy party's figures as the summary thread stored them after the latest run (party-sums.ts), else summed from its trades.
  const runId = latestRunId(db);
  const { figures, period } = storedPartyFigures(db, id, runId) ?? tradeFigures(partyTrades(db, id, runId));
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
    figures: { ...figures, party_flags: partyFlagCount(db, id, runId) },
    period,
    name_matches: nameMatches(db, party),
  };
}

/** The latest run's flags on the party itself (trade_intermediary), not on a vehicle. */
function partyFlagCount(db: Database.Database, id: number, runId: number | null): number {
  return runId === null ? 0 : db.prepare('SELECT count(*) FROM flags WHERE party_id = ? AND run_id = ?').pluck().get(id, runId) as number;
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

/** The vehicles a party bought, sold, exported or received (as consignee) that a rule run flagged (evidence packs and the party's timelines). */
const PARTY_FLAGGED_VINS = `SELECT vin FROM (
    SELECT vin FROM sales WHERE buyer_party_id = @id UNION SELECT vin FROM sales WHERE seller_party_id = @id
    UNION SELECT vin FROM exports WHERE exporter_party_id = @id UNION SELECT vin FROM exports WHERE consignee_party_id = @id) v
  WHERE EXISTS (SELECT 1 FROM flags f WHERE f.vin = v.vin AND f.run_id = @run)`;

/** Those vehicles in VIN order: all of them, or one page (a busy party's as stored after the run, party-sums.ts). */
export function partyFlaggedVins(db: Database.Database, id: number, runId: number | null, page?: { offset: number; limit: number }): string[] {
  const stored = storedFlaggedVins(db, id, runId, page);
  if (stored) return stored;
  const params = { id, run: runId ?? -1 };
  if (!page) return db.prepare(`${PARTY_FLAGGED_VINS} ORDER BY vin`).pluck().all(params) as string[];
  return db.prepare(`${PARTY_FLAGGED_VINS} ORDER BY vin LIMIT @limit OFFSET @offset`).pluck().all({ ...params, ...page }) as string[];
}

export function countPartyFlaggedVins(db: Database.Database, id: number, runId: number | null): number {
  if (db.prepare('SELECT 1 FROM parties WHERE id = ?').get(id) === undefined) throw new ZeroMileError('not_found', `No party with id ${id} in this case file.`);
  const stored = storedPartyFigures(db, id, runId);
  if (stored) return stored.figures.flagged_vehicles;
  return db.prepare(`SELECT count(*) FROM (${PARTY_FLAGGED_VINS})`).pluck().get({ id, run: runId ?? -1 }) as number;
}
