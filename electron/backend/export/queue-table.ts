import type Database from 'better-sqlite3';
import { FLAG_EVIDENCE_CELL_SQL, registerCitation } from './evidence-citation';
import type { FlagFilter } from '../../../shared/contract/flags';
import type { GridSort } from '../../../shared/contract/grids';
import { FLAG_GRID, flagWhere } from '../queries/flag-queries';
import { latestRunId } from '../casefile/latest-run';
import { orderBy } from '../queries/grid-query';
import { evidenceSheet, readLazily, type ExportTable } from './case-tables';
import { markRemoved, packSql, removedPacks } from './pack-removed';

/** The flag queue as the analyst filtered and sorted it: what a CSV or XLSX of "this queue" holds. */
export type QueueSelection = { filter: FlagFilter; sort?: GridSort | null };

export const QUEUE_COLUMNS = ['flag_id', 'run_id', 'rule', 'severity', 'vin', 'party', 'reason', 'maker', 'exporter', 'destination', 'days', 'km',
  'verdict', 'verdict_reason', 'verdict_analyst', 'verdict_at', 'evidence', 'pack_removed'] as const;

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
  return evidenceSheet(db, w.sql.join(' AND '), w.params);
}
