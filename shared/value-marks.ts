import type { ReadDifferently, TwinColumns } from './contract/import';
import { joinMessages, message, type Message } from './i18n/message';
import { quoteValue } from './text';

/**
 * Why a value was read differently from how its cell wrote it (the product's standard: a value
 * changed on the way in carries a mark the analyst sees). Kept with the row (value_marks) only for
 * the rows that have one:
 * - excel_serial: a bare number in a date field read as an Excel day number (45663 -> 2025-01-06).
 *   A date-formatted XLSX cell is a date as written and carries none; a CSV has no cell types, so
 *   there the reading is a guess.
 * - ten_thousand: an amount written in 万元 (ten thousand yuan) multiplied out (14.5万元 -> 145000).
 * - other_zone: a date-time naming a time zone read as the day it writes, which is another day in
 *   China (UTC+8): 2025-12-31T16:30:00Z is 1 January 2026 there.
 * - vin_reshaped: a VIN written in lower case, in full-width characters, or with spaces or dashes
 *   inside, read upper-case, half-width and joined up.
 */
export const VALUE_MARK_REASONS = ['excel_serial', 'other_zone', 'ten_thousand', 'vin_reshaped'] as const;
export type ValueMarkReason = (typeof VALUE_MARK_REASONS)[number];

/** A value read differently from its cell: the field (canonical column), the cell as written, why. */
export type ValueMark = { field: string; written: string; reason: ValueMarkReason };

/** A mark as a screen or a sheet shows it: with the value the record holds. */
export type ValueMarkShown = ValueMark & { value: string | number | null };

/** A mark of a date field: shown by the date (a timeline line's, a holder's acquired date), not by the line. */
export const isDateField = (field: string): boolean => field.endsWith('_date');

/** A mark of an amount: a holder's row shows the acquiring record's as its price. */
export const isPriceField = (field: string): boolean => field === 'price' || field === 'declared_value';

/** A timeline line's marks of its date field (shown by the date) and of its other fields (shown by the line), on screen and on paper. */
export function splitDateMarks(marks: readonly ValueMarkShown[] | undefined): [ValueMarkShown[], ValueMarkShown[]] {
  const all = marks ?? [];
  return [all.filter((m) => isDateField(m.field)), all.filter((m) => !isDateField(m.field))];
}

/** A written cell is quoted to this many characters in a mark (a date or a VIN is far shorter). */
const WRITTEN_CHARS = 60;

/** "price: written “14.5万元”, read as 145000: 万元 is ten thousand yuan" in the reader's language. */
export function valueMarkMessage(mark: ValueMarkShown): Message {
  return message(`mark.${mark.reason}`, {
    field: message(`fact.${mark.field}`), written: quoteValue(mark.written, WRITTEN_CHARS), value: mark.value === null ? '' : String(mark.value),
  });
}

/** Counts of marks by reason, the reasons in their order: "3 Excel day numbers read as dates, 1 amount in 万元 …". */
export function markCountsMessage(byReason: Readonly<Partial<Record<ValueMarkReason, number>>>): Message[] {
  return VALUE_MARK_REASONS.filter((r) => (byReason[r] ?? 0) > 0).map((r) => message(`marks.count_${r}`, { count: byReason[r]! }));
}

/**
 * An import's values read differently from their cells, as its result says them: the count by
 * reason, then each named mark with its row ("row 12: price: written “14.5万元”, read as 145000 …").
 */
export function readDifferentlyMessages(read: ReadDifferently): Message[] {
  const counts = joinMessages(markCountsMessage(read.by_reason), 'marks.list');
  const lines = [message('marks.summary', { count: read.total, counts })];
  for (const named of read.named) {
    const mark = valueMarkMessage(named);
    lines.push(named.sheet === null ? message('marks.at_row', { row: named.row_no, mark }) : message('marks.at_sheet_row', { sheet: named.sheet, row: named.row_no, mark }));
  }
  if (read.total > read.named.length) lines.push(message('marks.more', { count: read.total - read.named.length }));
  return lines;
}

/** A field two or more columns give, as the import's result says it, with the rows rejected where they differ. */
export function twinColumnsMessage(twin: TwinColumns): Message {
  const columns = joinMessages(twin.columns.map((c) => message('reject.column_at', { header: quoteValue(c.header), column: c.column })), 'marks.list');
  const more = twin.rows_total > twin.rows.length ? message('twins.rows_more', { count: twin.rows_total - twin.rows.length }) : null;
  const rows = twin.rows.length > 0 ? message('twins.rows', { rows: message(twin.rows.length === 1 ? 'twins.row_one' : 'twins.row_many', { rows: twin.rows.join(', ') }), more }) : null;
  const params = { columns, field: message(`fact.${twin.field}`), count: twin.rows_total, rows };
  return twin.sheet === null ? message('twins.summary', params) : message('twins.summary_sheet', { ...params, sheet: twin.sheet });
}
