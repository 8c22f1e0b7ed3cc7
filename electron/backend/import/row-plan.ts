import type { RejectReason } from '../../../shared/contract/import';
import { EARLIEST_SERIAL, chinaDayIfOtherZone, excelSerialOf, parseDate, yearLastDate } from '../../../shared/dates';
import { parseNumber } from '../../../shared/numbers';
import { canonicalPartyId } from '../../../shared/party-id';
import { RECORD_FIELDS, matchHeadersToKind, type FieldSpec, type RecordKind } from '../../../shared/record-kinds';
import { rawKeyNames } from '../../../shared/raw-row';
import type { ValueMark, ValueMarkReason } from '../../../shared/value-marks';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { message, renderMessage, type Message } from '../../../shared/i18n/message';
import { detach, quoteValue } from '../../../shared/text';
import { VIN_CHARACTERS, canonicalVin, vinCheckDigit, vinProblem } from '../../../shared/vin';
import {
  parseCondition, parseCountries, parseCountry, parseCurrency, parseEvent, parseFuelType, parseInvoiceType, parseTransportMode,
} from '../../../shared/vocabulary';

/**
 * How one sheet's rows become records: which header fills which canonical column, and the JSON keys
 * of the raw row. Built once per sheet, used for every row (the hot path of an import).
 */
export type RowPlan = {
  kind: RecordKind;
  headers: string[];
  /** Canonical column per header position, or null when the header is kept only in raw. */
  columns: (string | null)[];
  /** Per field of RECORD_FIELDS[kind], the header position that fills it, or -1. */
  fieldAt: number[];
  /** Per header position, the field (index into a row's values) it fills, or -1: fieldAt turned round. */
  valueAt: number[];
  /** `"header":` for each header position, already JSON-encoded (duplicates made unique). */
  rawKeys: string[];
  /**
   * Fields that more than one header names (`VIN,VIN`, 车架号 beside VIN): per field, the positions
   * of its further columns. The first is read; a row where another gives a different value is
   * rejected (which of two VINs is the vehicle's the file does not say), an empty first cell takes
   * the other's. Empty for almost every file, so it costs nothing there.
   */
  twins: { f: number; at: number[] }[];
};

export type Value = string | number | null;
export type RowOutcome =
  /** `marks`: the values read differently from how their cells wrote them (absent when none: most rows). */
  | { ok: true; values: Value[]; marks?: ValueMark[] }
  | { ok: false; reason: RejectReason; message: string; msg: Message };

export function buildRowPlan(kind: RecordKind, headers: string[]): RowPlan {
  const match = matchHeadersToKind(kind, headers);
  const fieldAt = RECORD_FIELDS[kind].map((f) => match.columns.indexOf(f.name));
  const rawKeys = rawKeyNames(headers).map((key) => `${JSON.stringify(key)}:`);
  const valueAt = headers.map((_, i) => fieldAt.indexOf(i));
  return { kind, headers, columns: match.columns, fieldAt, valueAt, rawKeys, twins: twinColumns(kind, headers, fieldAt) };
}

/** Per field that a further header names too, those headers' positions (matchHeadersToKind reads the first only). */
function twinColumns(kind: RecordKind, headers: readonly string[], fieldAt: readonly number[]): RowPlan['twins'] {
  const specs = RECORD_FIELDS[kind];
  const out: RowPlan['twins'] = [];
  for (let f = 0; f < specs.length; f++) {
    const first = fieldAt[f]!;
    if (first < 0) continue;
    const at: number[] = [];
    for (let i = first + 1; i < headers.length; i++) {
      // The header matched alone: the field it names, taken by the first column.
      if (headers[i]!.trim() !== '' && matchHeadersToKind(kind, [headers[i]!]).columns[0] === specs[f]!.name) at.push(i);
    }
    if (at.length > 0) out.push({ f, at });
  }
  return out;
}

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

/**
 * The cells of a source row as a JSON array, as written, with null for a cell that its canonical
 * value repeats exactly (names, identifiers and VINs usually do): the record holds it already. The
 * headers are kept once per sheet in the document's info. A big import writes every byte of a record
 * twice (WAL, then the checkpoint) and reads it again for each index it builds; repeating headers and
 * canonical cells made the raw row of a Chinese invoice ledger three times as long.
 */
export function rawCellsJson(plan: RowPlan, cells: readonly string[], values: readonly Value[]): string {
  const kept: (string | null)[] = new Array(cells.length);
  const valueAt = plan.valueAt;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const at = i < valueAt.length ? valueAt[i]! : -1;
    kept[i] = at >= 0 && values[at] === cell ? null : cell;
  }
  // JSON.stringify gives one flat string; one built with += is a rope, and SQLite's binding of a
  // rope cost as much again as the whole insert (3 s more over a million rows).
  return JSON.stringify(kept);
}

/** The whole source row as a JSON object (rejected rows), header -> cell as written; cells past the header get `(column N)`. */
export function rawJson(plan: RowPlan, cells: readonly string[]): string {
  let out = '{';
  const keys = plan.rawKeys;
  for (let i = 0; i < cells.length; i++) {
    const key = i < keys.length ? keys[i] : `${JSON.stringify(`(column ${i + 1})`)}:`;
    const cell = cells[i]!;
    // Most cells need no escaping: quoting them directly spares a JSON.stringify call per cell.
    out += (i === 0 ? '' : ',') + key + (NEEDS_ESCAPE.test(cell) ? JSON.stringify(cell) : `"${cell}"`);
  }
  // Short rows still list every header, so the raw object always has the file's columns.
  for (let i = cells.length; i < keys.length; i++) out += (i === 0 ? '' : ',') + keys[i] + '""';
  return out + '}';
}

/**
 * Text NFKC leaves alone: printable ASCII and the CJK Unified Ideographs (with extension A), which is
 * most of any Chinese ledger. Only other text (full-width digits, compatibility forms) needs NFKC.
 */
const NFKC_STABLE = /^[\x20-\x7e\u3400-\u4dbf\u4e00-\u9fff]*$/;

const NORMALISED = new Map<string, string | null>();
const NORMALISED_LIMIT = 50_000;
const CLEAN_VIN = VIN_CHARACTERS;

/** Trimmed text (NFKC unless it is text NFKC leaves alone), or null when empty. */
function clean(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (NFKC_STABLE.test(value)) {
    const text = value.trim();
    return text === '' ? null : text;
  }
  // Such words repeat from row to row; NFKC (ICU) costs more than a Map lookup.
  const known = NORMALISED.get(value);
  if (known !== undefined) return known;
  const text = detach(value.normalize('NFKC').replaceAll('\u0000', '').trim());
  if (NORMALISED.size >= NORMALISED_LIMIT) NORMALISED.clear();
  NORMALISED.set(detach(value), text === '' ? null : text);
  return text === '' ? null : text;
}

/** The field by its name in the reader's language, with the file's header when that differs. */
function label(plan: RowPlan, spec: FieldSpec, at: number): Message {
  const header = plan.headers[at] ?? spec.name;
  const field = message(`fact.${spec.name}`);
  return header === spec.name ? field : message('reject.field_header', { field, header });
}

/** A rejected row's message and its English text (rejected_rows.message; the message is stored beside it). */
const rejection = (reason: RejectReason, msg: Message) => ({ ok: false as const, reason, message: renderMessage(msg, CASE_EN), msg });

type FieldCheck = { value: Value } | { reason: RejectReason; what: Message };

/**
 * Set by checkField when the value it returns is read differently from its text; validateRow takes
 * and clears it. A variable rather than a field of the result: one more shape of result made every
 * row's check polymorphic (10-15% more time validating plain rows).
 */
let markOfCheck: ValueMarkReason | null = null;

const vocabularies: Partial<Record<FieldSpec['type'], [(raw: string) => string | null, string]>> = {
  event: [parseEvent, 'reject.expect_event'],
  condition: [parseCondition, 'reject.expect_condition'],
  invoice_type: [parseInvoiceType, 'reject.expect_invoice_type'],
  fuel: [parseFuelType, 'reject.expect_fuel'],
  mode: [parseTransportMode, 'reject.expect_mode'],
  currency: [parseCurrency, 'reject.expect_currency'],
};

/**
 * The longest value a field may hold. Names, numbers and places are short; a longer cell is a
 * damaged or hostile file (a 10 MB "party name" would fill every screen and export that shows it).
 */
export const MAX_VALUE_CHARS = 500;

/** Why a cell is not a date: a year-last date says its order and how to write it (DOMAIN.md's forms are year first). */
function notDate(text: string): Message {
  const hint = yearLastDate(text);
  if (!hint) return message('reject.not_date');
  if (hint.order === 'either') return message('reject.date_year_last_either', { day_first: hint.day_first, month_first: hint.month_first });
  return message(`reject.date_${hint.order === 'same' ? 'year_last' : hint.order}`, { iso: hint.iso });
}

function checkField(spec: FieldSpec, text: string): FieldCheck {
  if (text.length > MAX_VALUE_CHARS) return { reason: 'bad_value', what: message('reject.too_long', { length: text.length.toLocaleString('en-US'), max: MAX_VALUE_CHARS }) };
  switch (spec.type) {
    case 'text':
      return { value: text };
    case 'vin': {
      const vin = CLEAN_VIN.test(text) ? text : canonicalVin(text);
      const problem = vinProblem(vin);
      if (problem === null) return { value: vin };
      const why = problem === 'length' ? message('reject.vin_length', { length: vin.length })
        : problem === 'alphabet' ? message('reject.vin_alphabet')
          : message('reject.vin_check', { found: vin[8]!, expected: vinCheckDigit(vin) });
      return { reason: 'invalid_vin', what: why };
    }
    case 'date': {
      const date = parseDate(text);
      if (date === null) return { reason: 'bad_date', what: notDate(text) };
      // An Excel day number where the file wrote a bare number: a guess (a CSV has no cell types),
      // and no guess at all before 1980 (Excel's day 60 is its 29 February 1900, which never was).
      const serial = text.length > 11 ? null : excelSerialOf(text);
      if (serial === null) {
        if (text.length > 15 && chinaDayIfOtherZone(text) !== null) markOfCheck = 'other_zone';
        return { value: date };
      }
      if (serial < EARLIEST_SERIAL) return { reason: 'bad_date', what: message(serial === 60 ? 'reject.excel_serial_60' : 'reject.excel_serial_early', { date }) };
      markOfCheck = 'excel_serial';
      return { value: date };
    }
    case 'number': {
      const number = parseNumber(text);
      if (number === null) return { reason: 'bad_number', what: message('reject.not_number') };
      // A price, a declared value, an odometer reading: none is below zero. A sale's is a red-letter
      // invoice (红字发票), which cancels a sale: read as one it would be a second sale of the car.
      if (number < 0) return { reason: 'bad_number', what: message(spec.name === 'price' ? 'reject.negative_price' : 'reject.negative') };
      if (text.endsWith('万元')) markOfCheck = 'ten_thousand';
      return { value: number };
    }
    case 'party_id':
      // Invalid identifiers are kept (and the party marked), never a reason to reject the row.
      return { value: canonicalPartyId(text) };
    case 'country': {
      const code = parseCountry(text);
      return code === null ? { reason: 'bad_country', what: message('reject.not_country') } : { value: code };
    }
    case 'countries': {
      const codes = parseCountries(text);
      return codes === null ? { reason: 'bad_country', what: message('reject.not_countries') } : { value: `,${codes.join(',')},` };
    }
    default: {
      const [parse, expected] = vocabularies[spec.type]!;
      const code = parse(text);
      return code === null ? { reason: 'bad_value', what: message(expected) } : { value: code };
    }
  }
}

/** Fields read as a cell shows them (a number cell's format's zeros kept): text and identifiers. */
const READ_AS_SHOWN = new Set<FieldSpec['type']>(['text', 'party_id']);

/** A field's cell at `at`, cleaned: the text it shows where the field reads that (SourceRow.shown), else as held. */
function cellText(spec: FieldSpec, cells: readonly string[], shown: Readonly<Record<number, string>> | undefined, at: number): string | null {
  return clean(shown?.[at] !== undefined && READ_AS_SHOWN.has(spec.type) ? shown[at] : cells[at]);
}

/**
 * Validates one data row against the plan: every canonical value, or the first reason to reject it.
 * `shown` (SourceRow.shown) gives the text a text field reads instead of the cell as held.
 */
export function validateRow(plan: RowPlan, cells: readonly string[], shown?: Readonly<Record<number, string>>): RowOutcome {
  const specs = RECORD_FIELDS[plan.kind];
  // Built by push, so the array is packed: the structured clone that carries it to the writer copies
  // a packed array element by element, but walks a holey one (new Array(n)) as an object, key by key.
  const values: Value[] = [];
  let marks: ValueMark[] | undefined;
  const twins = plan.twins.length > 0 ? plan.twins : null;
  for (let f = 0; f < specs.length; f++) {
    const spec = specs[f]!;
    let at = plan.fieldAt[f]!;
    let text = at < 0 ? null : cellText(spec, cells, shown, at);
    if (twins !== null) {
      const twin = twins.find((t) => t.f === f);
      if (twin) {
        const found = readTwins(plan, spec, at, text, twin.at, cells, shown);
        if ('reason' in found) return found;
        ({ at, text } = found);
      }
    }
    if (text === null) {
      if (spec.required) return rejection('missing_field', message('reject.empty', { field: label(plan, spec, at) }));
      values.push(null);
      continue;
    }
    const check = checkField(spec, text);
    if ('reason' in check) {
      return rejection(check.reason, message('reject.value', { field: label(plan, spec, at), value: quoteValue(text), what: check.what }));
    }
    values.push(check.value);
    // A VIN written in lower case, in full-width characters (which clean() made half-width) or with
    // spaces or dashes inside: read as the VIN, marked. Spaces around it are no change.
    if (markOfCheck !== null) {
      (marks ??= []).push({ field: spec.name, written: cells[at]!, reason: markOfCheck });
      markOfCheck = null;
    } else if (spec.type === 'vin' && check.value !== cells[at] && check.value !== cells[at]!.trim()) (marks ??= []).push({ field: spec.name, written: cells[at]!, reason: 'vin_reshaped' });
  }
  return marks ? { ok: true, values, marks } : { ok: true, values };
}

/**
 * A field two or more columns give: the first column's text, or the first non-empty one's when it
 * is empty; a rejection when two give values that differ once read (the file says two things).
 */
function readTwins(plan: RowPlan, spec: FieldSpec, at: number, text: string | null, twins: readonly number[], cells: readonly string[], shown: Readonly<Record<number, string>> | undefined): { at: number; text: string | null } | Extract<RowOutcome, { ok: false }> {
  let chosen = { at, text };
  const read = (t: string) => {
    const check = checkField(spec, t);
    // Compared only: the chosen cell's own check (validateRow) says whether it is marked.
    markOfCheck = null;
    return 'reason' in check ? t : check.value;
  };
  for (const other of twins) {
    const otherText = cellText(spec, cells, shown, other);
    if (otherText === null) continue;
    if (chosen.text === null) {
      chosen = { at: other, text: otherText };
      continue;
    }
    if (read(otherText) !== read(chosen.text)) {
      return rejection('bad_row', message('reject.columns_disagree', {
        field: message(`fact.${spec.name}`), first: columnLabel(plan, chosen.at), second: columnLabel(plan, other), a: quoteValue(chosen.text), b: quoteValue(otherText),
      }));
    }
  }
  return chosen;
}

/** A column named by its header and its place ("“VIN” (column 2)"), since twin columns may share a header. */
export function columnLabel(plan: Pick<RowPlan, 'headers'>, at: number): Message {
  return message('reject.column_at', { header: quoteValue(plan.headers[at] ?? ''), column: at + 1 });
}
