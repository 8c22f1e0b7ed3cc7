import { RECORD_TABLES } from '../casefile/records';

/**
 * The sheet of a flag's evidence row `e` (flag_evidence does not hold it): looked up on the record
 * itself, or for a further source of a record (a negative id, record-sources.ts) on that source's
 * row, one primary-key read per evidence row. A workbook's row number means nothing without its
 * sheet (every sheet has a row 3).
 */
export const RECORD_SHEET_SQL = `CASE WHEN e.record_id < 0 THEN (SELECT sheet FROM record_sources WHERE id = -e.record_id) ELSE CASE e.record_kind ${Object.entries(RECORD_TABLES)
  .map(([kind, table]) => `WHEN '${kind}' THEN (SELECT sheet FROM ${table} WHERE id = e.record_id)`).join(' ')} END END`;

export { registerCitation } from '../casefile/citation-functions';

/**
 * A flag's evidence as one cell of a table export (flags table, queue export): each record it
 * rests on as `file sheet S, row N sha256:HASH` (`file row N`, `file page N` outside a workbook),
 * joined by `; `. Expects the flag as `f` and registerCitation on the connection.
 */
export const FLAG_EVIDENCE_CELL_SQL = `(SELECT group_concat(zm_citation(d.file_name, ${RECORD_SHEET_SQL}, e.row_no, e.page) || ' sha256:' || d.sha256, '; ')
  FROM flag_evidence e JOIN documents d ON d.id = e.document_id WHERE e.flag_id = f.id)`;
