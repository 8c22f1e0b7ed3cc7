import type Database from 'better-sqlite3';
import type { PartyNetwork } from '../../../shared/contract/chain';
import type { PartyTradeFigures } from '../../../shared/contract/party';
import type { RecordKind } from '../../../shared/record-kinds';
import { PARTY_LINKS, RECORD_TABLES } from './records';
import { CHANGE_ACTIONS_SQL } from './run-freshness';
import { keptUntilWritten } from './write-token';

/** What a busy party's page shows of its trade, as summed after a run (queries/party-sums.ts, migration 025). */
export type PartySums = { figures: PartyTradeFigures; network: PartyNetwork; flagged_vins: string[] };

/**
 * Whether the party's stored sums answer for the case as it is: summed after the latest run
 * (`runId`), and no record imported or accepted since they were read (the audit log's entries past
 * the one they were read at, by the partial index audit_log_changes) that the party's page shows.
 * A rule pack saved changes no record, nor does a file that imported none (a PDF or scan whose
 * records wait for review, a table all of whose rows were rejected), as run-freshness.ts counts
 * them; a file that imported rows may touch any party. Records accepted one by one from documents
 * (a review accepts them all day) are held against the party (acceptsTouch). When the sums do not
 * answer, the page sums the party's records itself.
 */
function sumsHold(db: Database.Database, id: number, runId: number | null): boolean {
  if (runId === null) return false;
  const auditId = db.prepare(`SELECT audit_id FROM party_sums WHERE run_id = ? AND party_id = ? AND ${CURRENT_SUMS}`).pluck().get(runId, id) as number | undefined;
  if (auditId === undefined) return false;
  const changes = db.prepare(`SELECT action, detail FROM audit_log WHERE ${CHANGE_ACTIONS_SQL} AND id > ? AND action <> 'packs.save'
    AND (action <> 'import.file' OR coalesce(json_extract(detail, '$.imported'), 1) > 0)`).all(auditId) as { action: string; detail: string }[];
  if (changes.length === 0) return true;
  if (changes.some((c) => c.action !== 'proposed.accept')) return false;
  // Weighed once per write token: each handler of the page asks (figures, network, the timelines
  // twice), and the weighing reads the accepted records and walks the stored network's nodes (a
  // trader's 3.5 MB network: 44-161 ms a time at the million-vehicle case).
  const kept = touchedKept(db);
  const key = `${runId}:${id}`;
  let touched = kept.get(key);
  if (touched === undefined) kept.set(key, (touched = acceptsTouch(db, id, runId, changes.map((c) => JSON.parse(c.detail) as { kind?: string; record_id?: number }))));
  return !touched;
}

/** Each connection's answers of acceptsTouch, by run and party, while nothing is written (writeToken). */
const touchedKept = keptUntilWritten((): Map<string, boolean> => new Map());

/**
 * Whether records accepted since the sums change what the party's page shows: a record of a
 * vehicle the party bought, sold, exported or received (its figures, flows, places and months), or a record
 * naming the party or a party drawn in its network (a counterparty's name, identifier or part: an
 * accepted record can give a name-only party its ID, make a party a maker or an exporter). A
 * record not found, or of a kind not known, is taken to touch it.
 */
function acceptsTouch(db: Database.Database, id: number, runId: number, accepts: readonly { kind?: string; record_id?: number }[]): boolean {
  const vins = new Set<string>();
  const named = new Set<number>();
  for (const { kind, record_id } of accepts) {
    if (kind === undefined || !(kind in RECORD_TABLES) || record_id === undefined) return true;
    const links = PARTY_LINKS[kind as RecordKind].map((link) => link.column);
    const row = db.prepare(`SELECT vin${links.map((column) => `, ${column}`).join('')} FROM ${RECORD_TABLES[kind as RecordKind]} WHERE id = ?`).raw().get(record_id) as (string | number | null)[] | undefined;
    if (!row) return true;
    vins.add(row[0] as string);
    for (const party of row.slice(1)) if (party !== null) named.add(party as number);
  }
  if (named.has(id)) return true;
  const trades = db.prepare(`SELECT 1 FROM sales WHERE vin = @vin AND (seller_party_id = @id OR buyer_party_id = @id)
    UNION ALL SELECT 1 FROM exports WHERE vin = @vin AND (exporter_party_id = @id OR consignee_party_id = @id) LIMIT 1`);
  for (const vin of vins) if (trades.get({ vin, id }) !== undefined) return true;
  return named.size > 0 && db.prepare(`SELECT 1 FROM party_sums s, json_each(s.network, '$.nodes') n
    WHERE s.run_id = ? AND s.party_id = ? AND json_extract(n.value, '$.id') IN (SELECT value FROM json_each(?)) LIMIT 1`).get(runId, id, JSON.stringify([...named])) !== undefined;
}

/** One stored part of the party's sums (each read alone: a trader's network is megabytes its figures do not need), or null (sumsHold). */
function storedPart(db: Database.Database, id: number, runId: number | null, part: 'figures' | 'network'): string | null {
  if (!sumsHold(db, id, runId)) return null;
  return db.prepare(`SELECT ${part} FROM party_sums WHERE run_id = ? AND party_id = ?`).pluck().get(runId, id) as string;
}

export function storedPartyFigures(db: Database.Database, id: number, runId: number | null): PartyTradeFigures | null {
  const text = storedPart(db, id, runId, 'figures');
  if (text === null) return null;
  const { sums_format: _, ...figures } = JSON.parse(text) as PartyTradeFigures & { sums_format?: number };
  return figures;
}

export function storedPartyNetwork(db: Database.Database, id: number, runId: number | null): PartyNetwork | null {
  const text = storedPart(db, id, runId, 'network');
  return text === null ? null : (JSON.parse(text) as PartyNetwork);
}

/** The party's vehicles the run flagged, in VIN order: all, or one page (taken by json_each from the stored array), or null (sumsHold). */
export function storedFlaggedVins(db: Database.Database, id: number, runId: number | null, page?: { offset: number; limit: number }): string[] | null {
  if (!sumsHold(db, id, runId)) return null;
  const vins = 'SELECT j.value FROM party_sums s, json_each(s.flagged_vins) j WHERE s.run_id = @run AND s.party_id = @id';
  return db.prepare(page ? `${vins} LIMIT @limit OFFSET @offset` : vins).pluck().all({ run: runId, id, ...page }) as string[];
}

/**
 * The form of the sums stored now, kept in the stored figures as `sums_format` (the small part, so
 * the check never reads a megabyte network); sums of another form are not read, and are summed
 * again at the next open (their page from the records until then). Raise it whenever what is
 * stored changes shape or meaning. 1 (no sums_format): before a consignee's declarations were
 * read, or a network node's figures were its links' counts added up; 2: a node's vehicles and
 * flagged vehicles are its distinct vehicles over all its links with the party.
 */
export const SUMS_FORMAT = 2;
const CURRENT_SUMS = `json_extract(figures, '$.sums_format') IS ${SUMS_FORMAT}`;

/** Whether run `runId`'s busy parties were all summed and stored, in the current form. */
export function partySumsStored(db: Database.Database, runId: number): boolean {
  return db.prepare(`SELECT 1 FROM party_sums_runs r WHERE r.run_id = ? AND NOT EXISTS (SELECT 1 FROM party_sums WHERE run_id = r.run_id AND NOT ${CURRENT_SUMS})`).get(runId) !== undefined;
}

/** The parties of run `runId` whose sums are stored in the current form. */
export function partiesSummed(db: Database.Database, runId: number): Set<number> {
  return new Set(db.prepare(`SELECT party_id FROM party_sums WHERE run_id = ? AND ${CURRENT_SUMS}`).pluck().all(runId) as number[]);
}

/** Stores one party's sums, read at audit entry `auditId`. */
export function storePartySums(db: Database.Database, runId: number, id: number, auditId: number, sums: PartySums): void {
  db.prepare('INSERT OR REPLACE INTO party_sums (run_id, party_id, audit_id, figures, network, flagged_vins) VALUES (?, ?, ?, ?, ?, ?)')
    .run(runId, id, auditId, JSON.stringify({ ...sums.figures, sums_format: SUMS_FORMAT }), JSON.stringify(sums.network), JSON.stringify(sums.flagged_vins));
}

/** Marks run `runId`'s busy parties all stored, and lets earlier runs' sums go (only the latest run's are read). */
export function markPartySumsStored(db: Database.Database, runId: number, parties: number, ms: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM party_sums WHERE run_id <> ?').run(runId);
    db.prepare('DELETE FROM party_sums_runs WHERE run_id <> ?').run(runId);
    db.prepare('INSERT OR REPLACE INTO party_sums_runs (run_id, computed, parties, ms) VALUES (?, ?, ?, ?)').run(runId, new Date().toISOString(), parties, Math.round(ms));
  })();
}
