import { CASE_EN } from './i18n/case-en';
import { message, renderMessage, type Message, type MessageParam } from './i18n/message';

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

/**
 * An invoice as cited, marked with the row that gave its code where a later source gave it
 * (casefile/record-sources.ts SALE_CODE_GIVEN): "144002410071 00012345 (code given by b.csv row 3)".
 * The timeline, flag reasons and exports' cells say it alike, the source cited as every citation is.
 */
export function codeGiven(invoice: string | null, given: Cited | null | undefined): MessageParam {
  return invoice !== null && given ? message('cite.code_given', { invoice, source: citation(given) }) : invoice;
}

/** A citation kept as JSON (a flag's facts, SQL's json_object of file_name, sheet, row and page), or null. */
export function citedOf(value: unknown): Cited | null {
  let v = value;
  if (typeof v === 'string') {
    try { v = JSON.parse(v) as unknown; } catch { return null; }
  }
  if (!v || typeof v !== 'object') return null;
  const c = v as Record<string, unknown>;
  if (typeof c.file_name !== 'string') return null;
  const int = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
  return { file_name: c.file_name, sheet: typeof c.sheet === 'string' ? c.sheet : null, row: int(c.row), page: int(c.page) };
}
