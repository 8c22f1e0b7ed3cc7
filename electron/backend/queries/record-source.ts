import type Database from 'better-sqlite3';
import { ZeroMileError } from '../../../shared/errors';
import type { RecordKind } from '../../../shared/record-kinds';
import type { RecordSource } from '../../../shared/contract/vehicle';
import { RECORD_TABLES } from '../casefile/records';
import { rawRowObject } from '../../../shared/raw-row';
import { parseJsonObject } from './grid-query';

/** The source of one record: its document (name, SHA-256), the sheet and row or page, and the raw cells. */
export function recordSource(db: Database.Database, kind: RecordKind, id: number): RecordSource {
  // Own keys only: the kind names the table, so nothing inherited may pass as one.
  const table = Object.hasOwn(RECORD_TABLES, kind) ? RECORD_TABLES[kind] : undefined;
  if (!table) throw new ZeroMileError('bad_argument', `Unknown record kind ${String(kind)}.`);
  const row = (id < 0 ? furtherSource(db, kind, -id)
    : db.prepare(`SELECT r.*, d.file_name, d.sha256, d.media_type, d.info
    FROM ${table} r JOIN documents d ON d.id = r.document_id WHERE r.id = ?`).get(id)) as
    ({ id: number; document_id: number; sheet: string | null; row_no: number | null; page: number | null; raw: string; file_name: string; sha256: string; media_type: string; info: string | null } & Record<string, unknown>) | undefined;
  if (!row) throw new ZeroMileError('not_found', `No ${kind} record ${id} in this case file.`);
  const pageText = row.page === null ? null
    : (db.prepare('SELECT text FROM document_pages WHERE document_id = ? AND page = ?').get(row.document_id, row.page) as { text: string } | undefined)?.text ?? null;
  return {
    record_kind: kind,
    record_id: row.id,
    document_id: row.document_id,
    file_name: row.file_name,
    sha256: row.sha256,
    media_type: row.media_type,
    sheet: row.sheet,
    row_no: row.row_no,
    page: row.page,
    raw: rawRow(row, row.info),
    page_text: pageText,
  };
}

/**
 * A further source of a record (record_sources, casefile/record-sources.ts), cited with the negative
 * of its id: its own document, row and cells, with the canonical values it gave (which rebuild the
 * cells its row stored as null, as for a record).
 */
function furtherSource(db: Database.Database, kind: RecordKind, sourceId: number): Record<string, unknown> | undefined {
  const row = db.prepare(`SELECT -s.id AS id, s.record_id AS source_of, s.document_id, s.sheet, s.row_no, s.page, s.raw, s.fields,
      d.file_name, d.sha256, d.media_type, d.info
    FROM record_sources s JOIN documents d ON d.id = s.document_id WHERE s.id = ? AND s.record_kind = ?`).get(sourceId, kind) as { fields: string } | undefined;
  return row ? { ...parseJsonObject(row.fields), ...row } : undefined;
}

type SheetHeaders = { sheet: string | null; headers?: string[]; columns?: (string | null)[] };

/**
 * A record's raw row as header -> cell: table rows are stored as cell arrays (null where the record's
 * canonical column holds the cell as written), their headers and columns once per sheet in the
 * document's info; a record accepted from a page keeps its fields as an object.
 */
function rawRow(record: Record<string, unknown> & { raw: string; sheet: string | null }, info: string | null): Record<string, unknown> {
  let cells: unknown;
  try {
    cells = JSON.parse(record.raw);
  } catch {
    return {};
  }
  if (!Array.isArray(cells)) return parseJsonObject(record.raw);
  const sheets = (parseJsonObject(info).sheets ?? []) as SheetHeaders[];
  const sheet = Array.isArray(sheets) ? sheets.find((s) => s.sheet === record.sheet) : undefined;
  return rawRowObject(sheet?.headers ?? [], sheet?.columns ?? [], cells, record);
}
