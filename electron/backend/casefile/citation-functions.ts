import type Database from 'better-sqlite3';
import { citationText, citedOf, codeGiven } from '../../../shared/citation';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { renderMessage } from '../../../shared/i18n/message';

const registered = new WeakSet<Database.Database>();

/**
 * zm_citation(file, sheet, row, page): a record's citation in SQL, written by shared/citation.ts
 * as every screen, sheet and command writes it; zm_code_given the same for an invoice whose code a
 * later source gave. Registered on the connection that prepares FLAG_EVIDENCE_CELL_SQL or
 * SALE_CITED_MARKED (the rule finders' and the runner's too).
 */
export function registerCitation(db: Database.Database): void {
  if (registered.has(db)) return;
  registered.add(db);
  db.function('zm_citation', { deterministic: true }, (file: unknown, sheet: unknown, row: unknown, page: unknown) => citationText({
    file_name: String(file), sheet: typeof sheet === 'string' ? sheet : null,
    row: row === null ? null : Number(row), page: page === null ? null : Number(page),
  }));
  // zm_code_given(invoice, given): an invoice marked with the row that gave its code (record-sources.ts SALE_CITED_MARKED).
  db.function('zm_code_given', { deterministic: true }, (invoice: unknown, given: unknown) => {
    if (invoice === null || given === null) return invoice;
    const marked = codeGiven(String(invoice), citedOf(given));
    return typeof marked === 'object' && marked !== null ? renderMessage(marked, CASE_EN) : String(invoice);
  });
}
