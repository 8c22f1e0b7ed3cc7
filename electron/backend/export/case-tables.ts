import type Database from 'better-sqlite3';
import { FLAG_EVIDENCE_CELL_SQL, RECORD_SHEET_SQL, registerCitation } from './evidence-citation';
import { shownPartyCode, type MaskOptions } from '../../../shared/party-id';
import type { Cell } from './neutralise';
import { markRemoved, packSql, removedPacks } from './pack-removed';
import { selectParties, selectVehicles } from './case-queries';
import { latestRunId } from '../casefile/latest-run';
import { SALE_CITED_MARKED } from '../casefile/record-sources';
import { byNameRecordsSql } from '../queries/name-matches';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { renderMessage } from '../../../shared/i18n/message';
import { isDateField, isPriceField, valueMarkMessage, type ValueMark } from '../../../shared/value-marks';

/**
 * The four tables analysts take to a spreadsheet: flags, vehicles, parties and records (every
 * record with the document and row it was read from). CSV writes one, XLSX all four as sheets.
 */
export const TABLE_NAMES = ['flags', 'vehicles', 'parties', 'records'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** A sheet's name: one of the tables, or (XLSX only) the flags' evidence one citation a row. */
export type ExportTable = { name: TableName | typeof EVIDENCE_SHEET; columns: readonly string[]; rows: Iterable<Cell[]> };

export type TableOptions = MaskOptions & { flaggedOnly: boolean };

/**
 * A statement's rows, read when iterated, not when the table is built: an open iterator holds the
 * connection, so a table whose file could not be opened (a read-only folder) left it busy and the
 * export failed with "This database connection is busy" instead of naming the path.
 */
export function readLazily(statement: Database.Statement, ...params: unknown[]): Iterable<Cell[]> {
  return { [Symbol.iterator]: () => (statement.iterate(...params) as IterableIterator<Cell[]>)[Symbol.iterator]() };
}

/** Builds one table; selected rows are read lazily so big cases stream. */
export function exportTable(db: Database.Database, name: TableName, options: TableOptions): ExportTable {
  selectVehicles(db, options.flaggedOnly);
  switch (name) {
    case 'flags': return flagsTable(db);
    case 'vehicles': return vehiclesTable(db);
    case 'parties':
      selectParties(db, options.flaggedOnly);
      return partiesTable(db, options);
    case 'records': return recordsTable(db, options);
    default: {
      const never: never = name;
      throw new Error(`unknown table ${String(never)}`);
    }
  }
}

/** The latest run's flags, with the queue export's last column pack_removed (pack-removed.ts). */
function flagsTable(db: Database.Database): ExportTable {
  const columns = ['flag_id', 'run_id', 'rule', 'severity', 'vin', 'party', 'reason', 'days', 'km', 'exporter', 'destination',
    'verdict', 'verdict_reason', 'verdict_analyst', 'evidence', 'pack_removed'] as const;
  registerCitation(db);
  const removed = removedPacks(db);
  const statement = db.prepare(`SELECT f.id, f.run_id, f.rule, f.severity, f.vin, p.name AS party, f.reason, f.days, f.km, f.exporter, f.destination,
      coalesce(r.status, f.status) AS verdict, r.reason AS verdict_reason, r.analyst,
      ${FLAG_EVIDENCE_CELL_SQL} AS evidence, ${packSql(removed.size > 0)} AS pack
    FROM flags f LEFT JOIN parties p ON p.id = f.party_id LEFT JOIN reviews r ON r.flag_key = f.flag_key
    WHERE f.run_id = ? AND (f.vin IS NULL OR f.vin IN (SELECT vin FROM temp.export_vins))
    ORDER BY f.id`).raw(true);
  return { name: 'flags', columns, rows: markRemoved(readLazily(statement, latestRunId(db) ?? -1), removed) };
}

/** The workbook's sheet of the flags' evidence (XLSX only: a CSV's cell has no length limit). */
export const EVIDENCE_SHEET = 'evidence';

/**
 * One row per record a flag of the latest run rests on: the flag, the record and the document, sheet,
 * row or page and SHA-256 it was read from, with the citation as the flags sheet writes it. A
 * party-level flag (trade_intermediary) cites thousands of records, past the 32,767 characters of
 * an Excel cell: the flags sheet's evidence cell is cut there (with the mark), and every citation
 * stays here, found by flag_id. Same flags as the flags sheet (flaggedOnly, the selection).
 */
export function flagEvidenceTable(db: Database.Database, options: TableOptions): ExportTable {
  selectVehicles(db, options.flaggedOnly);
  return evidenceSheet(db, 'f.run_id = ? AND (f.vin IS NULL OR f.vin IN (SELECT vin FROM temp.export_vins))', [latestRunId(db) ?? -1]);
}

/**
 * The evidence sheet of the flags `where` selects (a condition on flags `f`), one citation a row,
 * by flag id: the whole export's (flagEvidenceTable) and the flag queue's as filtered on screen.
 * Each row ends with its flag's pack_removed mark, as the flags sheet's row does.
 */
export function evidenceSheet(db: Database.Database, where: string, params: unknown[]): ExportTable {
  const columns = ['flag_id', 'rule', 'vin', 'party', 'record_kind', 'record_id', 'file_name', 'sha256', 'sheet', 'row', 'page', 'citation', 'pack_removed'] as const;
  registerCitation(db);
  const removed = removedPacks(db);
  const statement = db.prepare(`SELECT flag_id, rule, vin, party, record_kind, record_id, file_name, sha256, sheet, row_no, page,
      zm_citation(file_name, sheet, row_no, page) || ' sha256:' || sha256, pack
    FROM (SELECT f.id AS flag_id, f.rule, f.vin, p.name AS party, e.record_kind, e.record_id, d.file_name, d.sha256,
        ${RECORD_SHEET_SQL} AS sheet, e.row_no, e.page, ${packSql(removed.size > 0)} AS pack
      FROM flags f JOIN flag_evidence e ON e.flag_id = f.id JOIN documents d ON d.id = e.document_id LEFT JOIN parties p ON p.id = f.party_id
      WHERE ${where}
      ORDER BY f.id, e.record_kind, e.record_id)`).raw(true);
  return { name: EVIDENCE_SHEET, columns, rows: markRemoved(readLazily(statement, ...params), removed) };
}

function vehiclesTable(db: Database.Database): ExportTable {
  const columns = ['vin', 'maker', 'make', 'model', 'model_year', 'fuel_type', 'production_date', 'first_registration',
    'first_export', 'destination', 'flags'] as const;
  // Aggregates joined once rather than correlated per vehicle: a correlated flags sub-select took minutes on 20k vehicles.
  const statement = db.prepare(`WITH reg AS (SELECT vin, min(registration_date) AS first_reg FROM registrations WHERE event = 'initial' GROUP BY vin),
      exp AS (SELECT vin, declaration_date, destination_country, row_number() OVER (PARTITION BY vin ORDER BY declaration_date, id) AS n FROM exports),
      fl AS (SELECT vin, group_concat(rule, ' ') AS rules FROM (SELECT DISTINCT vin, rule FROM flags WHERE run_id = ? AND vin IS NOT NULL ORDER BY vin, rule) GROUP BY vin)
    SELECT v.vin, v.maker, v.make, v.model, v.model_year, v.fuel_type, v.production_date, reg.first_reg, exp.declaration_date, exp.destination_country, fl.rules
    FROM vehicles v LEFT JOIN reg ON reg.vin = v.vin LEFT JOIN exp ON exp.vin = v.vin AND exp.n = 1 LEFT JOIN fl ON fl.vin = v.vin
    WHERE v.vin IN (SELECT vin FROM temp.export_vins) ORDER BY v.vin`).raw(true);
  return { name: 'vehicles', columns, rows: readLazily(statement, latestRunId(db) ?? -1) };
}

/**
 * One row a party. records_by_name counts the records that name an identified party without its USCC
 * or ID number (matched to it by name only, as the party view counts them); it is empty for a party
 * without an identifier, which is its name (id_number empty) and to which nothing is matched.
 */
function partiesTable(db: Database.Database, options: MaskOptions): ExportTable {
  const columns = ['party_row', 'name', 'kind', 'id_number', 'id_valid', 'country', 'vehicles_sold', 'vehicles_bought', 'vehicles_exported',
    'records_by_name'] as const;
  const statement = db.prepare(`SELECT p.id, p.name, p.is_person, p.party_id, p.id_valid, p.country,
      (SELECT count(DISTINCT vin) FROM sales WHERE seller_party_id = p.id),
      (SELECT count(DISTINCT vin) FROM sales WHERE buyer_party_id = p.id),
      (SELECT count(DISTINCT vin) FROM exports WHERE exporter_party_id = p.id),
      CASE WHEN p.party_id IS NOT NULL THEN ${byNameRecordsSql('p.id')} END
    FROM parties p WHERE p.id IN (SELECT id FROM temp.export_parties) ORDER BY p.id`);
  type Row = { id: number; name: string; is_person: number; party_id: string | null; id_valid: number | null; country: string | null; [k: string]: unknown };
  function* rows(): Iterable<Cell[]> {
    for (const row of statement.iterate() as Iterable<Row>) {
      const counts = Object.values(row).slice(6) as number[];
      yield [row.id, row.name, row.is_person ? 'person' : 'company', shownPartyCode(row.party_id, row.is_person === 1, options),
        row.id_valid === null ? null : row.id_valid ? 'valid' : 'invalid', row.country, ...counts];
    }
  }
  return { name: 'parties', columns, rows: rows() };
}

/** Per record kind, the columns shaped alike: kind, id, vin, date, reference, party, its id, counterparty, amount, currency, km. */
const RECORD_COLUMNS: readonly [table: string, columns: string][] = [
  ['vehicle_records', `'vehicles', r.id, r.vin, r.production_date, NULL, r.manufacturer, r.manufacturer_id, NULL, NULL, NULL, NULL`],
  ['sales', `'sales', r.id, r.vin, r.invoice_date, ${SALE_CITED_MARKED('r')}, r.seller, r.seller_id, r.buyer, r.price, coalesce(r.currency, 'CNY'), NULL`],
  ['registrations', `'registrations', r.id, r.vin, r.registration_date, r.event || coalesce(' ' || r.plate, ''), r.owner, r.owner_id, NULL, NULL, NULL, r.odometer_km`],
  ['exports', `'exports', r.id, r.vin, r.declaration_date, r.declaration_no, r.exporter, r.exporter_id, r.consignee, r.declared_value, coalesce(r.currency, 'CNY'), r.odometer_km`],
  ['shipments', `'shipments', r.id, r.vin, r.departure_date, r.bl_no, r.carrier, NULL, r.consignee, NULL, NULL, NULL`],
  ['confirmations', `'confirmations', r.id, r.vin, r.issued_date, r.countries, r.maker, NULL, NULL, NULL, NULL, NULL`],
];

function recordsTable(db: Database.Database, options: MaskOptions): ExportTable {
  const columns = ['record_kind', 'record_id', 'vin', 'date', 'reference', 'party', 'party_id_number', 'counterparty', 'amount', 'currency',
    'odometer_km', 'file_name', 'sha256', 'sheet', 'row', 'page', 'read_differently'] as const;
  registerCitation(db);
  // Walks each table in document order and probes the selection, which beats sorting after an IN look-up.
  // A row's values read differently from its cells (value_marks), as the evidence sheet prints them: one indexed probe a record, null for most.
  const statements = RECORD_COLUMNS.map(([table, columns]) => db.prepare(`SELECT ${columns}, r.document_id, r.sheet, r.row_no, r.page, d.file_name, d.sha256,
      (SELECT json_group_array(json_array(m.field, m.written, m.reason)) FROM value_marks m
        WHERE m.document_id = r.document_id AND m.row_no = r.row_no AND m.sheet IS r.sheet HAVING count(*) > 0)
      FROM ${table} r JOIN documents d ON d.id = r.document_id WHERE EXISTS (SELECT 1 FROM temp.export_vins e WHERE e.vin = r.vin)
      ORDER BY r.document_id, r.row_no, r.page, r.id`).raw(true));
  function* rows(): Iterable<Cell[]> {
    for (const statement of statements) {
      for (const r of statement.iterate() as Iterable<Cell[]>) {
        const [kind, id, vin, date, reference, party, partyId, counterparty, amount, currency, km, , sheet, row, page, fileName, sha, marks] = r;
        yield [kind, id, vin, date, reference, party, shownPartyCode(partyId as string | null, false, options), counterparty, amount, currency, km,
          fileName, sha, sheet, row, page, marks === null ? null : marksCell(marks as string, { vin: vin ?? null, date: date ?? null, amount: amount ?? null })] as Cell[];
      }
    }
  }
  return { name: 'records', columns, rows: rows() };
}

/** A record's marks in one cell, in the words of the evidence sheet: the value each names is the one the row's columns show. */
function marksCell(json: string, shown: { vin: Cell; date: Cell; amount: Cell }): string {
  return (JSON.parse(json) as [ValueMark['field'], string, ValueMark['reason']][]).map(([field, written, reason]) => {
    const value = field === 'vin' ? shown.vin : isDateField(field) ? shown.date : isPriceField(field) ? shown.amount : null;
    return renderMessage(valueMarkMessage({ field, written, reason, value }), CASE_EN);
  }).join('; ');
}
