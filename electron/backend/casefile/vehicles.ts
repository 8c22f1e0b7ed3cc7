import type Database from 'better-sqlite3';
import { WMI_MAKERS } from '../../../shared/data/wmi';
import { vinModelYear } from '../../../shared/vin';

/**
 * Above this many VINs the seen-set starts over: bounded memory on files of millions of rows (about
 * 80 bytes a VIN). A VIN met again after a reset costs one probe of the vin index, no new row.
 */
const CACHE_LIMIT = 400_000;

/** A flat copy: a VIN cut from a large text by the CSV parser would otherwise keep that text in memory. */
const detach = (text: string): string => (` ${text}`).slice(1);

export type VehicleMasterData = {
  make: string | null;
  model: string | null;
  fuel_type: string | null;
  production_date: string | null;
  manufacturer_party_id: number | null;
};

/**
 * Keeps one vehicles row per VIN seen in any record (maker from the WMI, model year from position 10),
 * and fills its master data from vehicles-kind records. VINs arrive validated and canonical.
 */
export class VehicleRegistry {
  private readonly seen = new Set<string>();
  private readonly insertSeen: Database.Statement;
  private readonly upsertMaster: Database.Statement;
  private readonly currentYear = new Date().getUTCFullYear();

  constructor(db: Database.Database) {
    this.insertSeen = db.prepare('INSERT INTO vehicles (vin, wmi, maker, model_year) VALUES (?, ?, ?, ?) ON CONFLICT(vin) DO NOTHING');
    this.upsertMaster = db.prepare(`INSERT INTO vehicles (vin, wmi, maker, model_year, make, model, fuel_type, production_date, manufacturer_party_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(vin) DO UPDATE SET
        make = coalesce(excluded.make, make), model = coalesce(excluded.model, model),
        fuel_type = coalesce(excluded.fuel_type, fuel_type), production_date = coalesce(excluded.production_date, production_date),
        manufacturer_party_id = coalesce(excluded.manufacturer_party_id, manufacturer_party_id)`);
  }

  /** Bound positionally from one reused array (no per-row arrays or spreads). */
  private readonly seenParams: (string | number | null)[] = [null, null, null, null];
  private readonly masterParams: (string | number | null)[] = new Array<string | number | null>(9).fill(null);

  private decode(vin: string, into: (string | number | null)[]): void {
    const wmi = vin.slice(0, 3);
    into[0] = vin;
    into[1] = wmi;
    into[2] = WMI_MAKERS[wmi]?.[0] ?? null;
    into[3] = vinModelYear(vin, this.currentYear);
  }

  see(vin: string): void {
    if (this.seen.has(vin)) return;
    if (this.seen.size >= CACHE_LIMIT) this.seen.clear();
    this.seen.add(detach(vin));
    this.decode(vin, this.seenParams);
    this.insertSeen.run(this.seenParams);
  }

  /** Master data wins over nothing but never erases what an earlier record gave. */
  master(vin: string, data: VehicleMasterData): void {
    if (this.seen.size >= CACHE_LIMIT) this.seen.clear();
    this.seen.add(detach(vin));
    const p = this.masterParams;
    this.decode(vin, p);
    p[4] = data.make;
    p[5] = data.model;
    p[6] = data.fuel_type;
    p[7] = data.production_date;
    p[8] = data.manufacturer_party_id;
    this.upsertMaster.run(p);
  }
}
