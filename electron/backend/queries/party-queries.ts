import type Database from 'better-sqlite3';
import { ZeroMileError } from '../../../shared/errors';
import type { EvidenceRef } from '../../../shared/contract/chain';
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

/** A record's place in its source document, read with the record (the first purchase, export or receipt of a vehicle). */
const source = (alias: string, doc: string) => `${alias}.id AS ${alias}_record, ${alias}.document_id AS ${alias}_document, ${doc}.sha256 AS ${alias}_sha256,
      ${doc}.file_name AS ${alias}_file, ${alias}.sheet AS ${alias}_sheet, ${alias}.row_no AS ${alias}_row, ${alias}.page AS ${alias}_page`;

/**
 * The party's first `limit` vehicles in VIN order, of those it bought, exported or received (as
 * consignee: a foreign buyer), each with its first such record (by date, then id) and that
 * record's source. Each kind gives its own first `limit` VINs and the union keeps the first
 * `limit` of them, so a consignee's are read from exports_consignee (migration 026, in VIN order)
 * and stop at `limit`; a vehicle's records are then found by VIN (`+` keeps SQLite off the party's
 * own index for purchases and exports, a loop over all its records per vehicle).
 */
const PARTY_VEHICLES = `WITH v AS (
    SELECT vin FROM (SELECT vin FROM sales WHERE buyer_party_id = @id GROUP BY vin ORDER BY vin LIMIT @limit)
    UNION SELECT vin FROM (SELECT vin FROM exports WHERE exporter_party_id = @id GROUP BY vin ORDER BY vin LIMIT @limit)
    UNION SELECT vin FROM (SELECT vin FROM exports WHERE consignee_party_id = @id GROUP BY vin ORDER BY vin LIMIT @limit)
    ORDER BY vin LIMIT @limit)
  SELECT v.vin, b.invoice_date AS bought, e.declaration_date AS exported, e.destination_country AS destination,
      CAST(julianday(e.declaration_date) - julianday(b.invoice_date) AS INTEGER) AS days,
      r.declaration_date AS received, r.exporter_party_id AS exporter_id, px.name AS exporter_name,
      ${source('b', 'bd')}, ${source('e', 'ed')}, ${source('r', 'rd')}
    FROM v
    LEFT JOIN sales b ON b.id = (SELECT s.id FROM sales s WHERE s.vin = v.vin AND +s.buyer_party_id = @id ORDER BY s.invoice_date, s.id LIMIT 1)
    LEFT JOIN documents bd ON bd.id = b.document_id
    LEFT JOIN exports e ON e.id = (SELECT x.id FROM exports x WHERE x.vin = v.vin AND +x.exporter_party_id = @id ORDER BY x.declaration_date, x.id LIMIT 1)
    LEFT JOIN documents ed ON ed.id = e.document_id
    LEFT JOIN exports r ON r.id = (SELECT x.id FROM exports x WHERE x.consignee_party_id = @id AND x.vin = v.vin ORDER BY x.declaration_date, x.id LIMIT 1)
    LEFT JOIN documents rd ON rd.id = r.document_id
    LEFT JOIN parties px ON px.id = r.exporter_party_id
    ORDER BY v.vin`;

type SourceCols = { record: number | null; document: number; sha256: string; file: string; sheet: string | null; row: number | null; page: number | null };

function evidenceOf(row: Record<string, unknown>, alias: 'b' | 'e' | 'r', kind: 'sales' | 'exports'): EvidenceRef | null {
  const col = <K extends keyof SourceCols>(key: K) => row[`${alias}_${key}`] as SourceCols[K];
  const id = col('record');
  if (id === null) return null;
  return { record_kind: kind, record_id: id, document_id: col('document'), document_sha256: col('sha256'), file_name: col('file'), sheet: col('sheet'), row: col('row'), page: col('page') };
}

/** The party's vehicles for its page: what it bought, exported and received, each date cited to its record. */
export function partyVehicles(db: Database.Database, id: number, limit = 500): PartyVehicle[] {
  return (db.prepare(PARTY_VEHICLES).all({ id, limit }) as Record<string, unknown>[]).map((row) => {
    const exporterId = row.exporter_id as number | null;
    return {
      vin: row.vin as string,
      bought: row.bought as string | null,
      exported: row.exported as string | null,
      destination: row.destination as string | null,
      days: row.days as number | null,
      received: row.received as string | null,
      exporter: exporterId === null ? null : { id: exporterId, name: row.exporter_name as string },
      sources: { bought: evidenceOf(row, 'b', 'sales'), exported: evidenceOf(row, 'e', 'exports'), received: evidenceOf(row, 'r', 'exports') },
    };
  });
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
