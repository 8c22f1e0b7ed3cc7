import type Database from 'better-sqlite3';
import { RECORD_FIELDS, type RecordKind } from '../../../shared/record-kinds';
import { PARTY_LINKS, RECORD_TABLES } from './records';

/**
 * What makes two rows the same real-world fact (issue 16): the same invoice for the same VIN is one
 * sale however many files carry it. Vehicle master rows have no such key (each is a description).
 */
export const NATURAL_KEYS: Readonly<Partial<Record<RecordKind, readonly string[]>>> = {
  sales: ['vin', 'invoice_no'],
  exports: ['vin', 'declaration_no'],
  registrations: ['vin', 'event', 'registration_date', 'plate'],
  shipments: ['vin', 'bl_no'],
  confirmations: ['vin', 'countries', 'issued_date'],
};

/** A further source of a record: the row that told the same fact again. */
export type RecordSourceRow = {
  id: number; record_kind: RecordKind; record_id: number; document_id: number; sheet: string | null;
  row_no: number | null; page: number | null; raw: string; fields: string; differs: string | null;
};

/** The fields compared between two sources of one fact: every canonical field but the key. */
export function comparedFields(kind: RecordKind): string[] {
  const key = new Set(NATURAL_KEYS[kind] ?? []);
  return RECORD_FIELDS[kind].map((f) => f.name).filter((name) => !key.has(name));
}

const statements = new WeakMap<Database.Database, Map<RecordKind, { move: Database.Statement; remove: Database.Statement }>>();

function prepare(db: Database.Database, kind: RecordKind): { move: Database.Statement; remove: Database.Statement } | null {
  const key = NATURAL_KEYS[kind];
  if (!key) return null;
  let byKind = statements.get(db);
  if (!byKind) statements.set(db, (byKind = new Map()));
  const cached = byKind.get(kind);
  if (cached) return cached;
  const table = RECORD_TABLES[kind];
  // Names come from RECORD_FIELDS and NATURAL_KEYS, never from input. `vin` first: the lookups walk
  // each kind's index that starts with the VIN, and a VIN has a handful of records.
  const same = (a: string, b: string) => key.map((f) => `${a}.${f} IS ${b}.${f}`).join(' AND ');
  const fields = RECORD_FIELDS[kind].map((f) => f.name);
  const values = `json_object(${fields.map((f) => `'${f}', n.${f}`).join(', ')})`;
  // A value one source leaves empty is not a disagreement; two different values are.
  const differs = `nullif(rtrim(${comparedFields(kind).map((f) => `CASE WHEN n.${f} IS NOT NULL AND k.${f} IS NOT NULL AND n.${f} IS NOT k.${f} THEN '${f},' ELSE '' END`).join(' || ')}, ','), '')`;
  const first = `(SELECT min(m.id) FROM ${table} m WHERE m.vin = n.vin AND ${same('m', 'n')})`;
  const prepared = {
    move: db.prepare(`INSERT INTO record_sources (record_kind, record_id, document_id, sheet, row_no, page, raw, fields, differs)
      SELECT '${kind}', k.id, n.document_id, n.sheet, n.row_no, n.page, n.raw, ${values}, ${differs}
      FROM ${table} n JOIN ${table} k ON k.id = ${first}
      WHERE n.id >= @from AND n.id <= @to AND k.id < n.id ORDER BY n.id`),
    remove: db.prepare(`DELETE FROM ${table} WHERE id >= @from AND id <= @to
      AND EXISTS (SELECT 1 FROM ${table} n WHERE n.vin = ${table}.vin AND ${same('n', table)} AND n.id < ${table}.id)`),
  };
  byKind.set(kind, prepared);
  return prepared;
}

/**
 * Folds the records just written (ids from..to) that tell a fact the case already had, or that an
 * earlier row of the same file told, into sources of the first record of that fact. Returns how many
 * were folded. Runs inside the import's transaction, before vehicles are registered.
 */
export function foldSameFacts(db: Database.Database, kind: RecordKind, from: number, to: number): number {
  const prepared = prepare(db, kind);
  if (!prepared || from <= 0 || to < from) return 0;
  const moved = prepared.move.run({ from, to }).changes;
  if (moved > 0) prepared.remove.run({ from, to });
  return moved;
}

/** The further sources of one record, oldest first. */
export function recordSourceRows(db: Database.Database, kind: RecordKind, recordId: number): RecordSourceRow[] {
  return db.prepare('SELECT * FROM record_sources WHERE record_kind = ? AND record_id = ? ORDER BY id').all(kind, recordId) as RecordSourceRow[];
}

/** Party columns of a kind, for callers that show a source's names. */
export const sourcePartyFields = (kind: RecordKind): string[] => PARTY_LINKS[kind].map((p) => p.name);
