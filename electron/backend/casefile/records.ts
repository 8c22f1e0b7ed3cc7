import type Database from 'better-sqlite3';
import type { Message } from '../../../shared/i18n/message';
import type { RejectReason } from '../../../shared/contract/import';
import { RECORD_FIELDS, type RecordKind } from '../../../shared/record-kinds';
import { deferIndexes, type DeferredIndexes } from './deferred-indexes';

/** The table each record kind lives in (migrations/001-initial.ts). */
export const RECORD_TABLES: Readonly<Record<RecordKind, string>> = {
  vehicles: 'vehicle_records', sales: 'sales', registrations: 'registrations',
  exports: 'exports', shipments: 'shipments', confirmations: 'confirmations',
};

/** Each kind's index that starts with the VIN (migrations/001-initial.ts). */
export const VIN_INDEXES: Readonly<Record<RecordKind, string>> = {
  vehicles: 'vehicle_records_vin', sales: 'sales_vin_date', registrations: 'registrations_vin_date',
  exports: 'exports_vin_date', shipments: 'shipments_vin_date', confirmations: 'confirmations_vin',
};

/** A party named in a record: its name column, its identifier column (if any) and the resolved-party column. */
export type PartyLink = { name: string; id: string | null; column: string };

export const PARTY_LINKS: Readonly<Record<RecordKind, readonly PartyLink[]>> = {
  vehicles: [{ name: 'manufacturer', id: 'manufacturer_id', column: 'manufacturer_party_id' }],
  sales: [{ name: 'seller', id: 'seller_id', column: 'seller_party_id' }, { name: 'buyer', id: 'buyer_id', column: 'buyer_party_id' }],
  registrations: [{ name: 'owner', id: 'owner_id', column: 'owner_party_id' }],
  exports: [{ name: 'exporter', id: 'exporter_id', column: 'exporter_party_id' }, { name: 'consignee', id: null, column: 'consignee_party_id' }],
  shipments: [{ name: 'consignee', id: null, column: 'consignee_party_id' }],
  confirmations: [{ name: 'maker', id: null, column: 'maker_party_id' }],
};

/**
 * Insert column order for a kind: provenance, then the canonical fields in RECORD_FIELDS order,
 * then the resolved party ids in PARTY_LINKS order. Names come from those constants, never from input.
 */
export function recordColumns(kind: RecordKind): string[] {
  return ['document_id', 'sheet', 'row_no', 'raw', ...RECORD_FIELDS[kind].map((f) => f.name), ...PARTY_LINKS[kind].map((p) => p.column)];
}

export function prepareRecordInsert(db: Database.Database, kind: RecordKind): Database.Statement {
  const columns = recordColumns(kind);
  return db.prepare(`INSERT INTO ${RECORD_TABLES[kind]} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
}

/** `message` is the English text; `msg` the same as a message key and parameters, for the reader's language. */
export function prepareRejectInsert(db: Database.Database): (documentId: number, sheet: string | null, rowNo: number, raw: string, reason: RejectReason, message: string, msg: Message) => void {
  const statement = db.prepare('INSERT INTO rejected_rows (document_id, sheet, row_no, raw, reason, message, message_key, message_params) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  return (documentId, sheet, rowNo, raw, reason, message, msg) => { statement.run(documentId, sheet, rowNo, raw, reason, message, msg.key, JSON.stringify(msg.params ?? {})); };
}

export type RejectedRow = {
  id: number;
  document_id: number;
  file_name: string;
  sheet: string | null;
  row_no: number;
  reason: RejectReason;
  message: string;
  raw: Record<string, string>;
};

/** Rejected rows in file and row order, optionally of one document. */
export function listRejectedRows(db: Database.Database, options: { documentId?: number; limit?: number; offset?: number } = {}): RejectedRow[] {
  const rows = db.prepare(`SELECT r.id, r.document_id, d.file_name, r.sheet, r.row_no, r.reason, r.message, r.raw
      FROM rejected_rows r JOIN documents d ON d.id = r.document_id
      WHERE (@doc IS NULL OR r.document_id = @doc)
      ORDER BY r.document_id, r.id LIMIT @limit OFFSET @offset`)
    .all({ doc: options.documentId ?? null, limit: options.limit ?? -1, offset: options.offset ?? 0 }) as (Omit<RejectedRow, 'raw'> & { raw: string })[];
  return rows.map((r) => ({ ...r, raw: JSON.parse(r.raw) as Record<string, string> }));
}

/**
 * Drops a record table's secondary indexes for a bulk load (deferred-indexes.ts) and gives back a
 * function that builds them again.
 */
export function deferRecordIndexes(db: Database.Database, kind: RecordKind): DeferredIndexes {
  const table = RECORD_TABLES[kind];
  // The document index stays: all of a file's rows share its document_id and come in rowid order, so
  // they only ever append to it, while rebuilding it would cost one more scan of the whole table.
  return deferIndexes(db, table, (index) => index !== `${table}_document`);
}

/** Rows already in a kind's table (the largest rowid: records are never deleted, and it costs nothing to read). */
export function recordRowsEstimate(db: Database.Database, kind: RecordKind): number {
  return (db.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM ${RECORD_TABLES[kind]}`).get() as { n: number }).n;
}
