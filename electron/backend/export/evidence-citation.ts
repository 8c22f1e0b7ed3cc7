import { RECORD_TABLES } from '../casefile/records';

/**
 * A flag's evidence as one cell of a table export (flags table, queue export): each record it
 * rests on as `file [sheet S] row N | page N sha256:HASH`, joined by `; `. A workbook's row
 * number means nothing without its sheet (every sheet has a row 3), so the sheet is looked up
 * on the record itself (flag_evidence does not hold it): one primary-key read per evidence row.
 * Expects the flag as `f`.
 */
const recordSheet = `CASE e.record_kind ${Object.entries(RECORD_TABLES)
  .map(([kind, table]) => `WHEN '${kind}' THEN (SELECT sheet FROM ${table} WHERE id = e.record_id)`).join(' ')} END`;

export const FLAG_EVIDENCE_CELL_SQL = `(SELECT group_concat(d.file_name || coalesce(' sheet ' || ${recordSheet}, '') || ' '
    || coalesce('row ' || e.row_no, 'page ' || e.page, '') || ' sha256:' || d.sha256, '; ')
  FROM flag_evidence e JOIN documents d ON d.id = e.document_id WHERE e.flag_id = f.id)`;
