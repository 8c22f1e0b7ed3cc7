import type { SheetSummary } from '../../../shared/contract/import';
import type { SheetInfo } from './table-reading';

/** Unread headers named in an import's result, at most; the document's info keeps every one. */
const UNREAD_SHOWN = 30;
/** A header is cut to this many characters in the result (a header row may be one huge cell). */
const HEADER_CHARS = 200;

/**
 * What the analyst is told of each sheet read: its kind and rows, and the headers whose cells were
 * kept with each row as written but read into no field (an unknown or misspelt column), so a column of the file is never passed over in silence.
 */
export function sheetSummaries(sheets: readonly SheetInfo[]): SheetSummary[] {
  return sheets.map((info) => {
    // A further column of a field is read (twin_columns names it, with the rows where it differs).
    const twins = new Set((info.twin_columns ?? []).flatMap((t) => t.columns.slice(1).map((c) => c.column - 1)));
    const unread = info.kind === null ? [] : info.headers.filter((header, i) => header.trim() !== '' && info.columns[i] == null && !twins.has(i));
    return {
      sheet: info.sheet, kind: info.kind, rows: info.rows,
      unread: unread.slice(0, UNREAD_SHOWN).map((header) => (header.length > HEADER_CHARS ? `${header.slice(0, HEADER_CHARS)}…` : header)),
      unread_more: Math.max(0, unread.length - UNREAD_SHOWN),
      ...(info.skipped_msg ? { skipped: info.skipped_msg } : {}),
    };
  });
}
