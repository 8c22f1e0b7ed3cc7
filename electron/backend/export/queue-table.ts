import type Database from 'better-sqlite3';
import { FLAG_EVIDENCE_CELL_SQL, registerCitation } from './evidence-citation';
import type { FlagFilter } from '../../../shared/contract/flags';
import type { GridSort } from '../../../shared/contract/grids';
import { FLAG_GRID, flagWhere } from '../queries/flag-queries';
import { latestRunId } from '../casefile/latest-run';
import { removedRulePacks } from '../casefile/rule-packs';
import { orderBy } from '../queries/grid-query';
import { evidenceSheet, readLazily, type ExportTable } from './case-tables';
import type { Cell } from './neutralise';

/** The flag queue as the analyst filtered and sorted it: what a CSV or XLSX of "this queue" holds. */
export type QueueSelection = { filter: FlagFilter; sort?: GridSort | null };

export const QUEUE_COLUMNS = ['flag_id', 'run_id', 'rule', 'severity', 'vin', 'party', 'reason', 'maker', 'exporter', 'destination', 'days', 'km',
  'verdict', 'verdict_reason', 'verdict_analyst', 'verdict_at', 'evidence', 'pack_removed'] as const;

/**
 * The rule pack a flag came from, when that pack was removed from the case since (removedRulePacks:
 * pack id to the time of its removal), in the words of the queue's 'pack removed' badge title
 * (renderer en.ts flags.pack_removed_title), the export's language being English; empty otherwise.
 */
export function packRemovedText(pack: string, removedAt: string): string {
  return `Rule pack ${pack} was removed from the case on ${removedAt}: later rule runs do not use it; this flag stays as evidence.`;
}

/** The SQL of a flag's pack (a pack rule's facts name it), read only when some pack was removed. */
const packSql = (removed: boolean): string => (removed ? `CASE WHEN f.facts LIKE '%"pack"%' THEN json_extract(f.facts, '$.pack') END` : 'NULL');

/** Rows whose last cell is the flag's pack id (or null), that cell replaced by the removal's words. */
function markRemoved(rows: Iterable<Cell[]>, removed: ReadonlyMap<string, string>): Iterable<Cell[]> {
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

const removedPacks = (db: Database.Database): Map<string, string> => new Map(removedRulePacks(db).map((p) => [p.pack_id, p.saved_at]));

// The grid's sort columns, on the flags row of a query that joins other tables.
const JOINED_FLAG_GRID = { ...FLAG_GRID, id: 'f.id', sortable: Object.fromEntries(Object.entries(FLAG_GRID.sortable).map(([k, v]) => [k, `f.${v}`])) };

/** The SQL of the queue's export, exposed so the query-plan test can EXPLAIN it. */
export function queueSql(runId: number, selection: QueueSelection, packsRemoved = false): { sql: string; params: unknown[] } {
  const w = flagWhere(runId, selection.filter, 'f.');
  return {
    sql: `SELECT f.id, f.run_id, f.rule, f.severity, f.vin, p.name, f.reason, f.maker, f.exporter, f.destination, f.days, f.km,
        f.status, r.reason, r.analyst, r.updated_at,
        ${FLAG_EVIDENCE_CELL_SQL}, ${packSql(packsRemoved)}
      FROM flags f LEFT JOIN parties p ON p.id = f.party_id LEFT JOIN reviews r ON r.flag_key = f.flag_key
      WHERE ${w.sql.join(' AND ')} ORDER BY ${orderBy(JOINED_FLAG_GRID, selection.sort)}`,
    params: w.params,
  };
}

/**
 * The queue's flags in the queue's order, read lazily from one statement (SQLite sorts on disk
 * past its cache), so a queue of a million flags streams to the file without sitting in memory.
 */
export function queueTable(db: Database.Database, selection: QueueSelection): ExportTable {
  const runId = latestRunId(db);
  const removed = removedPacks(db);
  const { sql, params } = queueSql(runId ?? -1, selection, removed.size > 0);
  registerCitation(db);
  const rows = readLazily(db.prepare(sql).raw(true), ...params);
  return { name: 'flags', columns: QUEUE_COLUMNS, rows: markRemoved(rows, removed) };
}

/**
 * The queue's evidence sheet, for its XLSX: every citation of the queue's flags, one a row. A
 * party-level flag cites thousands of records, past the 32,767 characters of the flags sheet's
 * evidence cell, which is cut there with the mark; here none is cut.
 */
export function queueEvidenceTable(db: Database.Database, selection: QueueSelection): ExportTable {
  const w = flagWhere(latestRunId(db) ?? -1, selection.filter, 'f.');
  const removed = removedPacks(db);
  const sheet = evidenceSheet(db, w.sql.join(' AND '), w.params, packSql(removed.size > 0));
  return { ...sheet, columns: [...sheet.columns, 'pack_removed'], rows: markRemoved(sheet.rows, removed) };
}
