import type { Message } from '../../../shared/i18n/message';
import type Database from 'better-sqlite3';
import type {
  DocumentFilter, DocumentRow, GridBlock, GridRequest, PartyFilter, PartyRow, RejectedFilter, RejectedRow,
  RuleRunRow, VehicleFilter, VehicleRow,
} from '../../../shared/contract/grids';
import { shownPartyCode } from '../../../shared/party-id';
import { normalizeName } from '../../../shared/text';
import { parseJsonObject, queryBlock, where, type GridSpec } from './grid-query';

/*
 * The plain grids: vehicles, parties, documents, rejected rows, rule runs. Sortable columns are
 * the ones with an index ending in the row id (the vin UNIQUE index carries the rowid at its end).
 */

export const VEHICLE_GRID: GridSpec = {
  from: 'vehicles',
  select: 'id, vin, maker, model_year, make, model, fuel_type, production_date',
  sortable: { id: 'id', vin: 'vin', maker: 'maker' },
  id: 'id',
  defaultSort: { col: 'vin', dir: 'asc' },
};

export function listVehicles(db: Database.Database, request: GridRequest<VehicleFilter>): GridBlock<VehicleRow> {
  const w = where();
  const filter = request.filter ?? {};
  if (filter.vin) {
    const prefix = filter.vin.toUpperCase();
    w.sql.push('vin >= ? AND vin < ?');
    w.params.push(prefix, `${prefix}\uffff`);
  }
  if (filter.maker) {
    w.sql.push('maker = ?');
    w.params.push(filter.maker);
  }
  return queryBlock<VehicleRow>(db, VEHICLE_GRID, request, w);
}

export const PARTY_GRID: GridSpec = {
  from: 'parties',
  select: 'id, name, party_id, id_kind, id_valid, is_person, country',
  sortable: { id: 'id', name: 'name' },
  id: 'id',
  defaultSort: { col: 'name', dir: 'asc' },
};

export function listParties(db: Database.Database, request: GridRequest<PartyFilter>): GridBlock<PartyRow> {
  const w = where();
  const name = request.filter?.name ? normalizeName(request.filter.name) : '';
  if (name) {
    // Prefix of the normalised name: a range on parties_norm_name.
    w.sql.push('norm_name >= ? AND norm_name < ?');
    w.params.push(name, `${name}\uffff`);
  }
  // A person's identity number is shown masked, as on every screen, sheet and export (shownPartyCode).
  return queryBlock<PartyRow>(db, PARTY_GRID, request, w, (row) => {
    const party = row as PartyRow;
    return { ...party, party_id: shownPartyCode(party.party_id, party.is_person === 1) };
  });
}

export const DOCUMENT_GRID: GridSpec = {
  from: 'documents',
  // A document of more pages than are read says how many it has (its too_many_pages warning, store-reading.ts).
  select: `id, file_name, size, media_type, sha256, kind, imported_at, rows_total, rows_imported, rows_rejected, pages,
    (SELECT json_extract(w.value, '$.skipped.to') FROM json_each(CASE WHEN json_valid(info) THEN info END, '$.warnings') w
      WHERE json_extract(w.value, '$.code') = 'too_many_pages') AS pages_in_file`,
  sortable: { id: 'id' },
  id: 'id',
  defaultSort: { col: 'id', dir: 'asc' },
};

export function listDocuments(db: Database.Database, request: GridRequest<DocumentFilter>): GridBlock<DocumentRow> {
  const w = where();
  if (request.filter?.kind) {
    w.sql.push('kind = ?');
    w.params.push(request.filter.kind);
  }
  return queryBlock<DocumentRow>(db, DOCUMENT_GRID, request, w);
}

export const REJECTED_GRID: GridSpec = {
  from: 'rejected_rows r',
  // The file name comes from a correlated lookup by primary key: cheaper than a join per block.
  select: 'r.id, r.document_id, (SELECT file_name FROM documents d WHERE d.id = r.document_id) AS file_name, r.sheet, r.row_no, r.raw, r.reason, r.message, r.message_key, r.message_params',
  sortable: { id: 'r.id', reason: 'r.reason' },
  id: 'r.id',
  defaultSort: { col: 'id', dir: 'asc' },
};

export function listRejected(db: Database.Database, request: GridRequest<RejectedFilter>): GridBlock<RejectedRow> {
  const w = where();
  const filter = request.filter ?? {};
  if (filter.reason) {
    w.sql.push('r.reason = ?');
    w.params.push(filter.reason);
  }
  if (filter.document_id !== undefined) {
    w.sql.push('r.document_id = ?');
    w.params.push(filter.document_id);
  }
  return queryBlock<RejectedRow>(db, REJECTED_GRID, request, w, ({ message_key: key, message_params: params, ...row }) => ({
    ...row, raw: parseJsonObject(row.raw), message_msg: typeof key === 'string' ? { key, params: parseJsonObject(params) as Message['params'] } : null,
  }) as RejectedRow);
}

export const RULE_RUN_GRID: GridSpec = {
  from: 'rule_runs',
  select: 'id, started, finished, app_version, status, params, counts',
  sortable: { id: 'id' },
  id: 'id',
  defaultSort: { col: 'id', dir: 'desc' },
};

export function listRuleRuns(db: Database.Database, request: GridRequest<Record<string, never>>): GridBlock<RuleRunRow> {
  return queryBlock<RuleRunRow>(db, RULE_RUN_GRID, request, where(), (row) => ({
    ...row,
    params: parseJsonObject(row.params),
    counts: row.counts ? (parseJsonObject(row.counts) as Record<string, number>) : null,
  }) as RuleRunRow);
}
