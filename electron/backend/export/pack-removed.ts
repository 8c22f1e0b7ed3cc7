import type Database from 'better-sqlite3';
import { removedRulePacks } from '../casefile/rule-packs';
import type { Cell } from './neutralise';

/**
 * The 'pack removed' mark of a flag in an export (a last column pack_removed): the flag queue's
 * export and the whole case's (CSV and XLSX, their flags and evidence sheets) say alike that a
 * flag's rule pack was removed from the case since the run. FtM carries no flags.
 */

/**
 * The rule pack a flag came from, when that pack was removed from the case since (removedRulePacks:
 * pack id to the time of its removal), in the words of the queue's 'pack removed' badge title
 * (renderer en.ts flags.pack_removed_title), the export's language being English; empty otherwise.
 */
export function packRemovedText(pack: string, removedAt: string): string {
  return `Rule pack ${pack} was removed from the case on ${removedAt}: later rule runs do not use it; this flag stays as evidence.`;
}

/** The removed packs, pack id to the time of its removal, read once an export. */
export const removedPacks = (db: Database.Database): Map<string, string> => new Map(removedRulePacks(db).map((p) => [p.pack_id, p.saved_at]));

/** The SQL of a flag `f`'s pack (a pack rule's facts name it), read only when some pack was removed. */
export const packSql = (removed: boolean): string => (removed ? `CASE WHEN f.facts LIKE '%"pack"%' THEN json_extract(f.facts, '$.pack') END` : 'NULL');

/** Rows whose last cell is the flag's pack id (or null), that cell replaced by the removal's words. */
export function markRemoved(rows: Iterable<Cell[]>, removed: ReadonlyMap<string, string>): Iterable<Cell[]> {
  if (removed.size === 0) return rows;
  return {
    *[Symbol.iterator]() {
      for (const row of rows) {
        const pack = row[row.length - 1];
        const at = typeof pack === 'string' ? removed.get(pack) : undefined;
        row[row.length - 1] = at === undefined ? null : packRemovedText(pack as string, at);
        yield row;
      }
    },
  };
}
