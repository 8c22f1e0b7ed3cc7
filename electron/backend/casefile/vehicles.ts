import type Database from 'better-sqlite3';
import { WMI_MAKERS } from '../../../shared/data/wmi';
import { vinModelYear } from '../../../shared/vin';
import { RECORD_TABLES, VIN_INDEXES } from './records';
import type { RecordKind } from '../../../shared/record-kinds';
import type { RegisterWrites } from './register-writes';

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
  private readonly insertMaster: Database.Statement;
  private readonly vehicleId: Database.Statement;
  private readonly updateMaster: Database.Statement;
  private readonly setManufacturer: Database.Statement;
  private readonly currentYear = new Date().getUTCFullYear();
  private readonly registerStatements = new Map<string, Database.Statement>();

  /** `writes`: an import's register writes, told which vehicles it updates (register-writes.ts). */
  constructor(private readonly db: Database.Database, private readonly writes: RegisterWrites | null = null) {
    defineVinFunctions(db);
    // A new vehicle is one insert. A known one is updated by id, the manufacturer (a foreign key)
    // by a statement of its own that writes only when it changes: SQLite opens a statement journal
    // for an update that may change a foreign key (it could fail halfway), and with 16 KB pages
    // that copied every page the row touched through a temporary file. As one upsert that was
    // 318 µs a master row against 4.5, and 9 s of system time for 700,000 vehicles.
    this.insertMaster = db.prepare(`INSERT INTO vehicles (vin, wmi, maker, model_year, make, model, fuel_type, production_date, manufacturer_party_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(vin) DO NOTHING`);
    this.vehicleId = db.prepare('SELECT id FROM vehicles WHERE vin = ?').pluck();
    this.updateMaster = db.prepare(`UPDATE vehicles SET make = coalesce(?, make), model = coalesce(?, model),
      fuel_type = coalesce(?, fuel_type), production_date = coalesce(?, production_date) WHERE id = ?`);
    this.setManufacturer = db.prepare('UPDATE vehicles SET manufacturer_party_id = ? WHERE id = ? AND manufacturer_party_id IS NOT ?');
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
    if (this.insertMaster.run(p).changes > 0) return;
    const id = this.vehicleId.get(vin) as number;
    // Told before the row is written: its block is held to its kept digest first (register-writes.ts).
    this.writes?.vehicle(id);
    this.updateMaster.run(data.make, data.model, data.fuel_type, data.production_date, id);
    if (data.manufacturer_party_id !== null) this.setManufacturer.run(data.manufacturer_party_id, id, data.manufacturer_party_id);
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
