import type Database from 'better-sqlite3';
import type { RegisterChangedOutside } from '../../../shared/contract/import';
import { differingTables, factDigest, type FactDigests } from './fact-digests';
import { keptSinceCommit, registerChangedRows, REGISTERS } from './register-digest';
import { mergeChangedRows } from './row-digests';
import type { ChangedRows } from '../../../shared/contract/changed-rows';

/** A register found changed outside ZeroMile before an act wrote it: the act's audit entry says so, and the act's result. */
export type OutsideChange = RegisterChangedOutside;

const REGISTER_KEYS = ['parties', 'vehicles'] as const;

/**
 * SQLite's schema cookie (PRAGMA schema_version): every CREATE, DROP or ALTER by any connection adds
 * to it, and so does VACUUM. A trigger dropped and created again leaves the schema as it was but
 * the cookie moved on, which is what tells that the register triggers were away for a while.
 */
export function schemaCookie(db: Database.Database): number {
  return db.pragma('schema_version', { simple: true }) as number;
}

/**
 * Every act that writes the registers (an import, an accepted proposed record, a migration) commits
 * them whole in its audit entry, and verify holds the case to the newest commit. So a party or
 * vehicle edited outside ZeroMile and then an import looked committed: the import's commit took the
 * edit in, and verify said nothing. Before such an act writes, this looks whether the registers are
 * still the rows last committed, and the act's entry records any that are not, for verify to name
 * and for the act to tell its user.
 *
 * Cheap when nothing changed: since the last commit every register block keeps its digest (the
 * triggers drop a block's on any write; keptSinceCommit), and the schema cookie is the one that
 * commit recorded (registerCommitDetail), after the act's own work on the triggers. The cookie
 * catches the triggers dropped, the rows edited and the triggers created again (the sqlite3 shell
 * can do it in three lines): the kept digests then prove nothing. Otherwise, and after anything
 * else that changed the schema (a VACUUM, a copy made by VACUUM INTO, an entry made before the
 * cookie was recorded), the registers are hashed from their rows and compared with the last commit:
 * exact, never a false alarm, and 5.7 s at a million vehicles, paid once, since the act's entry
 * records the cookie again.
 */
export function registersChangedOutside(db: Database.Database): OutsideChange[] {
  const changes: OutsideChange[] = [];
  const cookie = schemaCookie(db);
  const commits = lastCommits(db);
  for (const key of REGISTER_KEYS) {
    const last = commits.get(key);
    if (!last) continue; // never committed: nothing to hold it to
    if (last.cookie === cookie && REGISTERS[key].every((t) => keptSinceCommit(db, t))) continue;
    const now = factDigest(db, key, undefined, last.tables);
    const tables = differingTables(last.tables, now);
    if (tables.length === 0) continue;
    // Named now, before the act writes them: its commit keeps the rows as they are, and its entry is then the record.
    const rows = registerChangedRows(db, key, tables, last.tables);
    changes.push({ key, committed_entry: last.entry, tables, ...(Object.keys(rows).length > 0 ? { rows } : {}) });
  }
  return changes;
}

/**
 * What an import found in the blocks it wrote with the triggers set aside (register-writes.ts: rows
 * that differed from their kept digest before it wrote them, changed outside ZeroMile without the
 * triggers firing), added to what was found before it began: a register named once, its tables merged.
 */
export function withBlockChanges(db: Database.Database, before: readonly OutsideChange[],
  blocks: readonly { key: OutsideChange['key']; tables: string[]; rows?: Record<string, ChangedRows> }[]): OutsideChange[] {
  if (blocks.length === 0) return [...before];
  const commits = lastCommits(db);
  const out = before.map((c) => ({ ...c, tables: [...c.tables] }));
  for (const found of blocks) {
    const known = out.find((c) => c.key === found.key);
    const last = commits.get(found.key);
    const rows = found.rows ?? {};
    if (known) {
      // A table the check before the act named already had every row of it compared: the blocks add nothing new there.
      const named = { ...known.rows };
      for (const [table, r] of Object.entries(rows)) if (!known.tables.includes(table)) named[table] = mergeChangedRows(named[table], r);
      known.tables = [...new Set([...known.tables, ...found.tables])].sort();
      if (Object.keys(named).length > 0) known.rows = named;
    } else if (last) {
      out.push({ key: found.key, committed_entry: last.entry, tables: found.tables, ...(Object.keys(rows).length > 0 ? { rows } : {}) });
    }
  }
  return out.sort((a, b) => REGISTER_KEYS.indexOf(a.key) - REGISTER_KEYS.indexOf(b.key));
}

/**
 * The acts whose audit entries commit the registers. registerCommitDetail takes only these, so an
 * act added later that commits them must be named here, where the check looks for the last commit:
 * by the action column, not by reading every entry's detail (200,000 verdicts since the last import
 * at a million vehicles: 190-235 ms with two LIKE scans of the detail, one per register).
 */
const REGISTER_COMMITS = ['import.file', 'proposed.accept', 'case.create', 'case.migrate'] as const;
export type RegisterCommit = (typeof REGISTER_COMMITS)[number];

/**
 * What the audit entry of an act that commits the registers carries beside its facts: the schema
 * cookie as the act leaves it (read after its own trigger and index work, inside its transaction),
 * and the registers it found changed outside ZeroMile before it wrote, if any.
 */
export function registerCommitDetail(db: Database.Database, _action: RegisterCommit, outside: readonly OutsideChange[]): { schema_cookie: number; registers_changed_outside?: OutsideChange[] } {
  return { schema_cookie: schemaCookie(db), ...(outside.length > 0 ? { registers_changed_outside: [...outside] } : {}) };
}

type Commit = { entry: number; tables: Record<string, string>; cookie: number | undefined };

/** The newest audit entry that committed each register, with the schema cookie it recorded (none before it did). */
function lastCommits(db: Database.Database): Map<OutsideChange['key'], Commit> {
  const found = new Map<OutsideChange['key'], Commit>();
  const entries = db.prepare(`SELECT id, detail FROM audit_log WHERE action IN (${REGISTER_COMMITS.map(() => '?').join(', ')}) ORDER BY id DESC`)
    .iterate(...REGISTER_COMMITS) as IterableIterator<{ id: number; detail: string }>;
  for (const entry of entries) {
    try {
      const detail = JSON.parse(entry.detail) as { facts?: FactDigests; schema_cookie?: unknown };
      for (const key of REGISTER_KEYS) {
        const tables = detail.facts?.[key];
        if (tables && !found.has(key)) found.set(key, { entry: entry.id, tables, cookie: typeof detail.schema_cookie === 'number' ? detail.schema_cookie : undefined });
      }
    } catch {
      // an edited entry: the chain walk of verify names it
    }
    if (found.size === REGISTER_KEYS.length) break;
  }
  return found;
}
