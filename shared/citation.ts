import { CASE_EN } from './i18n/case-en';
import { message, renderMessage, type Message } from './i18n/message';

/**
 * The one form of a citation of a record or source row: the document, then where in it. A
 * workbook's row is named with its sheet ("merged.xlsx sheet 登记, row 3"): every sheet has a
 * row 3, so a row number alone is ambiguous. A CSV's row is "row 3", a scanned page "page 2".
 * Every reader cites through here (CLI, vehicle page, chain graph, timeline, evidence sheet, case
 * report, exports' citation cells), rendered in the reader's language from the case catalogue.
 */
export type CitedPlace = { sheet: string | null; row: number | null; page: number | null };
export type Cited = CitedPlace & { file_name: string };

/** Where in its document, with a leading space (' sheet S, row N', ' row N', ' page N'), or null for the whole document. */
export function citedPlace(p: CitedPlace): Message | null {
  if (p.row !== null) return p.sheet !== null && p.sheet !== '' ? message('cite.sheet_row', { sheet: p.sheet, row: p.row }) : message('cite.row', { row: p.row });
  return p.page !== null ? message('cite.page', { page: p.page }) : null;
}

/** The document and the place in it. */
export const citation = (c: Cited): Message => message('cite.first', { file: c.file_name, place: citedPlace(c) });

/** A citation in English (the CLI, export cells, logs). */
export const citationText = (c: Cited): string => renderMessage(citation(c), CASE_EN);

/** A place alone, without its leading space ('sheet S, row N'), in English. */
export const citedPlaceText = (p: CitedPlace): string => {
  const m = citedPlace(p);
  return m ? renderMessage(m, CASE_EN).trimStart() : '';
};
