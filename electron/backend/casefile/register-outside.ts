import type Database from 'better-sqlite3';
import { differingTables, factDigest, type FactDigests } from './fact-digests';
import { keptSinceCommit, REGISTERS } from './register-digest';

/** A register found changed outside ZeroMile before an act wrote it: the act's audit entry says so. */
export type OutsideChange = { key: 'parties' | 'vehicles'; committed_entry: number; tables: string[] };

const REGISTER_KEYS = ['parties', 'vehicles'] as const;

/**
 * Every act that writes the registers (an import, an accepted proposed record) commits them whole
 * in its audit entry, and verify holds the case to the newest commit. So a party or vehicle edited
 * outside ZeroMile and then an import looked committed: the import's commit took the edit in, and
 * verify said nothing. Before such an act writes, this looks whether the registers are still the
 * rows last committed, and the act's entry records any that are not, for verify to name.
 *
 * Cheap when nothing changed: since the last commit, every register block keeps its digest (the
 * triggers drop a block's on any write; keptSinceCommit). Only when one does not, or a trigger is
 * gone, are the registers hashed from their rows and compared with the last commit (1.7 s at a
 * million vehicles).
 */
export function registersChangedOutside(db: Database.Database): OutsideChange[] {
  const changes: OutsideChange[] = [];
  for (const key of REGISTER_KEYS) {
    if (REGISTERS[key].every((t) => keptSinceCommit(db, t))) continue;
    const last = lastCommit(db, key);
    if (!last) continue; // never committed: nothing to hold it to
    const now = factDigest(db, key, undefined, last.tables);
    const tables = differingTables(last.tables, now);
    if (tables.length > 0) changes.push({ key, committed_entry: last.entry, tables });
  }
  return changes;
}

/** The newest audit entry that committed this register. */
function lastCommit(db: Database.Database, key: string): { entry: number; tables: Record<string, string> } | null {
  const entries = db.prepare(`SELECT id, detail FROM audit_log WHERE detail LIKE '%"facts":%' AND detail LIKE ? ORDER BY id DESC`)
    .iterate(`%"${key}":%`) as IterableIterator<{ id: number; detail: string }>;
  for (const entry of entries) {
    try {
      const facts = (JSON.parse(entry.detail) as { facts?: FactDigests }).facts;
      const tables = facts?.[key];
      if (tables) return { entry: entry.id, tables };
    } catch {
      // an edited entry: the chain walk of verify names it
    }
  }
  return null;
}
