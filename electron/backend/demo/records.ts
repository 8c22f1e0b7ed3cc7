import type { RecordKind } from '../../../shared/record-kinds';

/**
 * The demo's records in canonical form (DOMAIN.md columns, ISO dates, numbers, codes), as the
 * generator makes them and as a reader of the written files gets them back. The ground truth is
 * evaluated over these, so the same evaluation runs on the generator's rows and on the files.
 */
export type VehicleRow = {
  vin: string; make: string | null; model: string | null; fuel_type: string | null;
  production_date: string | null; manufacturer: string | null; manufacturer_id: string | null;
};
export type SaleRow = {
  invoice_no: string; invoice_date: string; vin: string;
  seller: string; seller_id: string | null; buyer: string; buyer_id: string | null;
  price: number | null; invoice_type: 'new' | 'used' | null;
};
export type RegistrationRow = {
  registration_date: string; event: 'initial' | 'transfer' | 'deregistration'; vin: string;
  owner: string; owner_id: string | null; plate: string | null; city: string | null; province: string | null;
  odometer_km: number | null;
};
export type ExportRow = {
  declaration_no: string; declaration_date: string; vin: string;
  exporter: string; exporter_id: string | null; consignee: string | null; destination_country: string;
  port: string | null; declared_value: number | null; odometer_km: number | null; condition: 'new' | 'used' | null;
};
export type ShipmentRow = {
  bl_no: string; departure_date: string; vin: string; carrier: string | null; mode: 'sea' | 'rail' | 'road' | null;
  port_of_loading: string | null; port_of_discharge: string | null; consignee: string | null;
};
export type ConfirmationRow = { vin: string; issued_date: string; maker: string | null; countries: string[] };

export type RowOf = {
  vehicles: VehicleRow; sales: SaleRow; registrations: RegistrationRow;
  exports: ExportRow; shipments: ShipmentRow; confirmations: ConfirmationRow;
};

/** Everything known about one vehicle: the unit the per-vehicle rules look at. */
export type VehicleHistory = { [K in RecordKind]: RowOf[K][] } & { vin: string };

export function emptyHistory(vin: string): VehicleHistory {
  return { vin, vehicles: [], sales: [], registrations: [], exports: [], shipments: [], confirmations: [] };
}
