import type Database from 'better-sqlite3';
import { latestRunId } from '../casefile/latest-run';

/** Creates temp.export_vins: the VINs an export covers (all, or those flagged in the latest run). */
export function selectVehicles(db: Database.Database, flaggedOnly: boolean): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS export_vins (vin TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM temp.export_vins;');
  if (flaggedOnly) {
    db.prepare('INSERT OR IGNORE INTO temp.export_vins SELECT vin FROM flags WHERE run_id = ? AND vin IS NOT NULL').run(latestRunId(db) ?? -1);
  } else {
    db.exec('INSERT INTO temp.export_vins SELECT vin FROM vehicles');
  }
}

/**
 * Creates temp.export_parties: parties named in any record of the selected vehicles, plus (when
 * flagged only) parties flagged themselves; every party otherwise.
 */
export function selectParties(db: Database.Database, flaggedOnly: boolean): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS export_parties (id INTEGER PRIMARY KEY); DELETE FROM temp.export_parties;');
  if (!flaggedOnly) {
    db.exec('INSERT INTO temp.export_parties SELECT id FROM parties');
    return;
  }
  db.exec(`INSERT OR IGNORE INTO temp.export_parties
    SELECT seller_party_id FROM sales WHERE vin IN (SELECT vin FROM temp.export_vins)
    UNION SELECT buyer_party_id FROM sales WHERE vin IN (SELECT vin FROM temp.export_vins)
    UNION SELECT owner_party_id FROM registrations WHERE vin IN (SELECT vin FROM temp.export_vins)
    UNION SELECT exporter_party_id FROM exports WHERE vin IN (SELECT vin FROM temp.export_vins)
    UNION SELECT consignee_party_id FROM exports WHERE consignee_party_id IS NOT NULL AND vin IN (SELECT vin FROM temp.export_vins)
    UNION SELECT manufacturer_party_id FROM vehicles WHERE manufacturer_party_id IS NOT NULL AND vin IN (SELECT vin FROM temp.export_vins)`);
  db.prepare('INSERT OR IGNORE INTO temp.export_parties SELECT party_id FROM flags WHERE run_id = ? AND party_id IS NOT NULL').run(latestRunId(db) ?? -1);
}

export type DocumentRow = { id: number; file_name: string; sha256: string; media_type: string; size: number; kind: string | null; imported_at: string; rows_imported: number; pages: number | null };

export function allDocuments(db: Database.Database): DocumentRow[] {
  return db.prepare('SELECT id, file_name, sha256, media_type, size, kind, imported_at, rows_imported, pages FROM documents ORDER BY id').all() as DocumentRow[];
}
