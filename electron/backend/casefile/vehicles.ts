import type Database from 'better-sqlite3';
import { WMI_MAKERS } from '../../../shared/data/wmi';
import { vinModelYear } from '../../../shared/vin';
import { RECORD_TABLES, VIN_INDEXES } from './records';
import type { RecordKind } from '../../../shared/record-kinds';

export type VehicleMasterData = {
  make: string | null;
  model: string | null;
  fuel_type: string | null;
  production_date: string | null;
  manufacturer_party_id: number | null;
};

/** SQL functions for the set-based registration: the maker of a WMI and the model year of a VIN. */
function defineVinFunctions(db: Database.Database): void {
  const currentYear = new Date().getUTCFullYear();
  db.function('zm_wmi_maker', { deterministic: true }, (wmi: unknown) => (typeof wmi === 'string' ? WMI_MAKERS[wmi]?.[0] ?? null : null));
  db.function('zm_model_year', { deterministic: true }, (vin: unknown) => (typeof vin === 'string' ? vinModelYear(vin, currentYear) : null));
}

/**
 * Keeps one vehicles row per VIN met in any record (maker from the WMI, model year from position 10),
 * and fills its master data from vehicles-kind records. VINs arrive validated and canonical.
 *
 * Records of the other kinds name their VINs in bulk: `registerRecords` adds the missing vehicles of a
 * range of freshly written records in one statement, in VIN order. A row-by-row upsert probed the
 * vin index at random for every record, which was the largest single cost of a big import.
 */
export class VehicleRegistry {
  private readonly upsertMaster: Database.Statement;
  private readonly currentYear = new Date().getUTCFullYear();
  private readonly registerStatements = new Map<string, Database.Statement>();

  private readonly setManufacturer: Database.Statement;

  constructor(private readonly db: Database.Database) {
    defineVinFunctions(db);
    // The upsert's update leaves the manufacturer, a foreign key, to a statement of its own: SQLite
    // opens a statement journal for an update that may change a foreign key (it could fail halfway),
    // and with 16 KB pages that copied every page the row's write touched, through a temporary file,
    // for every master row: 318 µs a row against 4.5 without, and 9 s of system time in an import of
    // 700,000 vehicles. A RETURNING clause would journal the same way.
    this.upsertMaster = db.prepare(`INSERT INTO vehicles (vin, wmi, maker, model_year, make, model, fuel_type, production_date, manufacturer_party_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(vin) DO UPDATE SET
        make = coalesce(excluded.make, make), model = coalesce(excluded.model, model),
        fuel_type = coalesce(excluded.fuel_type, fuel_type), production_date = coalesce(excluded.production_date, production_date)`);
    // Writes (and journals) only a vehicle whose manufacturer this row changes: one met before in
    // another record, with none or another one; a vehicle the upsert just inserted already has it.
    this.setManufacturer = db.prepare('UPDATE vehicles SET manufacturer_party_id = ? WHERE vin = ? AND manufacturer_party_id IS NOT ?');
  }

  /** Bound positionally from one reused array (no per-row arrays or spreads). */
  private readonly masterParams: (string | number | null)[] = new Array<string | number | null>(9).fill(null);

  /** A master row's values replace the vehicle's, but an empty field never erases what an earlier record gave. */
  master(vin: string, data: VehicleMasterData): void {
    const p = this.masterParams;
    const wmi = vin.slice(0, 3);
    p[0] = vin;
    p[1] = wmi;
    p[2] = WMI_MAKERS[wmi]?.[0] ?? null;
    p[3] = vinModelYear(vin, this.currentYear);
    p[4] = data.make;
    p[5] = data.model;
    p[6] = data.fuel_type;
    p[7] = data.production_date;
    p[8] = data.manufacturer_party_id;
    this.upsertMaster.run(p);
    if (data.manufacturer_party_id !== null) this.setManufacturer.run(data.manufacturer_party_id, vin, data.manufacturer_party_id);
  }

  /**
   * Adds a vehicle for every VIN of the records `fromId..toId` of a kind that has none yet. `bulk`:
   * the records are most of their table (a bulk load), so the VINs are read in order from the kind's
   * VIN index, which holds the record ids, rather than sorted from the records themselves.
   */
  registerRecords(kind: RecordKind, fromId: number, toId: number, bulk: boolean): void {
    const key = `${kind}:${bulk}`;
    let statement = this.registerStatements.get(key);
    if (!statement) {
      // GROUP BY gives the VINs sorted, so the vehicles' B-trees are probed and grown in order; the
      // WHERE clause also lets SQLite read ON CONFLICT as the upsert clause, not as a join constraint.
      statement = this.db.prepare(`INSERT INTO vehicles (vin, wmi, maker, model_year)
        SELECT vin, substr(vin, 1, 3), zm_wmi_maker(substr(vin, 1, 3)), zm_model_year(vin)
        FROM ${RECORD_TABLES[kind]}${bulk ? ` INDEXED BY ${VIN_INDEXES[kind]}` : ''} WHERE id BETWEEN ? AND ? GROUP BY vin
        ON CONFLICT(vin) DO NOTHING`);
      this.registerStatements.set(key, statement);
    }
    statement.run(fromId, toId);
  }
}
