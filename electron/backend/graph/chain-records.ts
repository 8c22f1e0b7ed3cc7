import type Database from 'better-sqlite3';
import type { RecordKind } from '../../../shared/record-kinds';
import { PROVENANCE_COLUMNS, type ProvenanceRow } from './evidence';
import { SALE_CODE, SALE_CODE_SOURCE } from '../casefile/record-sources';
import type { ValueMarkShown } from '../../../shared/value-marks';

/** The records of one vehicle, each with its provenance, read by index on vin. */
export type PartyCols = { party_id: number | null; party_name: string | null; party_code: string | null; is_person: number | null };
export type VehicleRecordRow = ProvenanceRow & { production_date: string | null; manufacturer: string | null; manufacturer_id: string | null; manufacturer_party_id: number | null };
export type SaleRow = ProvenanceRow & {
  invoice_no: string; invoice_date: string; seller: string; seller_id: string | null; seller_party_id: number; buyer: string; buyer_id: string | null; buyer_party_id: number;
  price: number | null; currency: string | null; invoice_type: string | null; invoice_code: string | null;
  /** The code the sale is cited with: its own, else the one a further source gave (record-sources.ts SALE_CODE). */
  cited_code: string | null;
  /** The further source that gave it (the negative of its record_sources id, as sourcesOf names it), null when the sale has its own. */
  code_source: number | null;
};
export type RegistrationRow = ProvenanceRow & {
  registration_date: string; event: string; owner: string; owner_id: string | null; owner_party_id: number; plate: string | null; city: string | null; odometer_km: number | null;
};
export type ExportRow = ProvenanceRow & {
  declaration_no: string; declaration_date: string; exporter: string; exporter_id: string | null; exporter_party_id: number; consignee: string | null;
  consignee_party_id: number | null; destination_country: string; port: string | null; declared_value: number | null;
  currency: string | null; odometer_km: number | null;
};
export type ShipmentRow = ProvenanceRow & {
  bl_no: string; departure_date: string; carrier: string | null; mode: string | null; port_of_loading: string | null;
  port_of_discharge: string | null; consignee: string | null; consignee_party_id: number | null;
};
export type ConfirmationRow = ProvenanceRow & { issued_date: string; maker: string | null; countries: string };
export type PartyRow = { id: number; name: string; party_id: string | null; is_person: number };

export type VehicleRecords = {
  vehicle: { maker: string | null; model_year: number | null; make: string | null; model: string | null; fuel_type: string | null; production_date: string | null; manufacturer_party_id: number | null } | undefined;
  vehicleRecords: VehicleRecordRow[];
  sales: SaleRow[];
  registrations: RegistrationRow[];
  exports: ExportRow[];
  shipments: ShipmentRow[];
  confirmations: ConfirmationRow[];
  party(id: number | null): PartyRow | undefined;
  /** Further sources of a record (record_sources), each as a provenance row with the negative source id. */
  sourcesOf(kind: RecordKind, id: number): ProvenanceRow[];
  /** The values of a record's row read differently from its cells (value_marks), each with the value the record holds. */
  marksOf(row: ProvenanceRow): ValueMarkShown[];
};

export function readVehicleRecords(db: Database.Database, vin: string): VehicleRecords {
  const list = <T>(table: string, columns: string, order: string): T[] =>
    db.prepare(`SELECT ${PROVENANCE_COLUMNS}, ${columns} FROM ${table} r JOIN documents d ON d.id = r.document_id WHERE r.vin = ? ORDER BY ${order}, r.id`).all(vin) as T[];
  const partyStatement = db.prepare('SELECT id, name, party_id, is_person FROM parties WHERE id = ?');
  // Most records have one source: one indexed probe per record finds none.
  const sourcesStatement = db.prepare(`SELECT -r.id AS id, r.document_id, r.sheet, r.row_no, r.page, d.sha256, d.file_name
    FROM record_sources r JOIN documents d ON d.id = r.document_id WHERE r.record_kind = ? AND r.record_id = ? ORDER BY r.id`);
  const parties = new Map<number, PartyRow | undefined>();
  // A mark names its source row, so a row folded into another record's sources keeps it. One indexed probe a record.
  const marksStatement = db.prepare('SELECT field, written, reason FROM value_marks WHERE document_id = ? AND row_no = ? AND sheet IS ? ORDER BY id');
  return {
    vehicle: db.prepare('SELECT maker, model_year, make, model, fuel_type, production_date, manufacturer_party_id FROM vehicles WHERE vin = ?').get(vin) as VehicleRecords['vehicle'],
    vehicleRecords: list('vehicle_records', 'r.production_date, r.manufacturer, r.manufacturer_id, r.manufacturer_party_id', 'r.production_date'),
    sales: list('sales', 'r.invoice_no, r.invoice_date, r.seller, r.seller_id, r.seller_party_id, r.buyer, r.buyer_id, r.buyer_party_id, r.price, r.currency, r.invoice_type, r.invoice_code, '
      + `${SALE_CODE('r')} AS cited_code, -(${SALE_CODE_SOURCE('r')}) AS code_source`, 'r.invoice_date'),
    registrations: list('registrations', 'r.registration_date, r.event, r.owner, r.owner_id, r.owner_party_id, r.plate, r.city, r.odometer_km', 'r.registration_date'),
    exports: list('exports', 'r.declaration_no, r.declaration_date, r.exporter, r.exporter_id, r.exporter_party_id, r.consignee, r.consignee_party_id, r.destination_country, r.port, r.declared_value, r.currency, r.odometer_km', 'r.declaration_date'),
    shipments: list('shipments', 'r.bl_no, r.departure_date, r.carrier, r.mode, r.port_of_loading, r.port_of_discharge, r.consignee, r.consignee_party_id', 'r.departure_date'),
    confirmations: list('confirmations', 'r.issued_date, r.maker, r.countries', 'r.issued_date'),
    sourcesOf(kind, id) {
      return sourcesStatement.all(kind, id) as ProvenanceRow[];
    },
    marksOf(row) {
      if (row.row_no === null) return [];
      const marks = marksStatement.all(row.document_id, row.row_no, row.sheet) as Omit<ValueMarkShown, 'value'>[];
      const values = row as unknown as Record<string, string | number | null | undefined>;
      return marks.map((m) => ({ ...m, value: m.field === 'vin' ? vin : values[m.field] ?? null }));
    },
    party(id) {
      if (id === null) return undefined;
      if (!parties.has(id)) parties.set(id, partyStatement.get(id) as PartyRow | undefined);
      return parties.get(id);
    },
  };
}
