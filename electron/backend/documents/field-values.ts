import { OCR_CONFIDENCE_FLOOR, type FieldMark } from '../../../shared/document-fields';
import { parseDate } from '../../../shared/dates';
import { parseNumber } from '../../../shared/numbers';
import { parseCurrency } from '../../../shared/vocabulary';
import { lowestConfidence } from './page-text';

/**
 * Values read from a labelled cell by their format: dates, amounts, and the values of a Chinese VAT
 * invoice that have a format of their own: the invoice code (发票代码,
 * 10 or 12 digits), the invoice number (发票号码, 8 digits, 20 on a fully digital invoice) and the
 * price (价税合计, figures after the amount in words). What the page gives is taken as printed or not
 * at all: a code that is not digits of its length is left empty with a `format_failed` mark saying
 * what was read, never "fixed" (an O read for a 0 may as well be an 8 read as a 6, and either makes
 * another valid code). A value OCR was unsure of is kept and marked `low_confidence`.
 */
export type ReadValue<T> = { value: T | null; marks: FieldMark[] };

/** What a field must look like; `format_failed` marks name these lengths on screen. */
export const INVOICE_CODE_LENGTHS = [10, 12] as const;
export const INVOICE_NO_LENGTHS = [8, 20] as const;

/** Confidences aligned with NFKC text only when NFKC kept its length (full-width digits map one to one). */
function normalized(value: string, conf: readonly (number | null)[] | null): { text: string; conf: readonly (number | null)[] | null } {
  const text = value.normalize('NFKC');
  return { text, conf: conf && text.length === value.length ? conf : null };
}

function lowMark(field: string, asRead: string, conf: readonly (number | null)[] | null): FieldMark[] {
  const confidence = lowestConfidence(conf);
  return confidence !== null && confidence < OCR_CONFIDENCE_FLOOR ? [{ field, kind: 'low_confidence', as_read: asRead, confidence }] : [];
}

const failed = (field: string, asRead: string, conf: readonly (number | null)[] | null): FieldMark =>
  ({ field, kind: 'format_failed', as_read: asRead, confidence: lowestConfidence(conf) });

/** `No.`, `№`, `NO:` printed before a number are not part of it. */
const NUMBER_SIGN = /^(?:n[o0]\s*[.:：]?|№)\s*/i;

/**
 * A code or number of digits of one of `lengths`: the first run of letters and digits (OCR's spaces
 * inside it closed up when that makes a run of a right length). Letters in it fail the format.
 */
export function readInvoiceDigits(field: string, value: string, conf: readonly (number | null)[] | null, lengths: readonly number[]): ReadValue<string> {
  const read = normalized(value, conf);
  const sign = NUMBER_SIGN.exec(read.text)?.[0].length ?? 0;
  const run = /[0-9A-Za-z]+(?:\s[0-9A-Za-z]+)*/.exec(read.text.slice(sign));
  if (!run) return { value: null, marks: [] };
  const from = sign + run.index;
  const pieces = run[0].split(/\s/);
  const fits = (text: string) => /^\d+$/.test(text) && lengths.includes(text.length);
  const joinedUpTo = (k: number) => pieces.slice(0, k).join('');
  // The first piece is the value unless the next one would extend it to a value of the format too
  // (`1440815634 02`: a 10-digit code, or a 12-digit one OCR split?): that is left to the analyst.
  // A first piece too short is closed up with the pieces after it (`1440 0241 0071`), as printed.
  let taken: string | null = null;
  let ambiguous = false;
  if (fits(pieces[0]!)) {
    ambiguous = pieces.length > 1 && fits(joinedUpTo(2));
    if (!ambiguous) taken = pieces[0]!;
  } else {
    for (let k = 2; k <= pieces.length && taken === null; k++) if (fits(joinedUpTo(k))) taken = pieces.slice(0, k).join(' ');
  }
  if (taken === null) {
    const shown = ambiguous ? pieces.slice(0, 2).join(' ') : pieces[0]!.length >= Math.min(...lengths) ? pieces[0]! : run[0];
    return { value: null, marks: [failed(field, shown, read.conf?.slice(from, from + shown.length) ?? null)] };
  }
  const span = read.conf?.slice(from, from + taken.length) ?? null;
  return { value: taken.replace(/\s/g, ''), marks: lowMark(field, taken, span) };
}

/** Which of the two a fuzzily matched label (`发票呈码`) names: the one whose format the digits fit. */
export function invoiceTargetByDigits(target: 'invoice_code' | 'invoice_no', value: string): 'invoice_code' | 'invoice_no' {
  const digits = NUMBER_SIGN[Symbol.replace](value.normalize('NFKC').trim(), '').split(/\s/)[0] ?? '';
  if (!/^\d+$/.test(digits)) return target;
  const asCode = (INVOICE_CODE_LENGTHS as readonly number[]).includes(digits.length);
  const asNo = (INVOICE_NO_LENGTHS as readonly number[]).includes(digits.length);
  return asCode && !asNo ? 'invoice_code' : asNo && !asCode ? 'invoice_no' : target;
}

/**
 * Amounts in figures: `189,800.00`, `189 800`, `189800`; a run that is not one of these (`189.800.00`,
 * `1 89,800`, `18,98,00`) is one token, so it fails the format whole rather than lend a part of itself.
 */
const FIGURES = /\d{1,3}(?:(?:,\s?|\s)\d{3})+(?:\.\s?\d+)?|\d+(?:[.,]\s?\d+)*/g;
/** OCR sets a space after a separator now and then (`279, 500. 00`): the same characters, the same amount. */
const FIGURES_FORMAT = /^(?:\d{1,3}(?:(?:,\s?|\s)\d{3})+|\d+)(?:\.\s?\d{1,2})?$/;

/** Chinese capital numerals of an amount in words (人民币大写). */
const WORD_DIGITS: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 壹: 1, 贰: 2, 貳: 2, 叁: 3, 參: 3, 肆: 4, 伍: 5, 陆: 6, 陸: 6, 柒: 7, 捌: 8, 玖: 9 };
const WORD_UNITS: Readonly<Record<string, number>> = { 拾: 10, 佰: 100, 仟: 1000 };
const WORDS = /[零〇壹贰貳叁參肆伍陆陸柒捌玖拾佰仟万萬亿億圆圓元角分整正]{2,}/u;

/**
 * The amount in words before the figures, whole: a run of capital numerals with its 元, standing
 * between non-Chinese characters (or after 大写). A run cut short by a character OCR misread
 * (`喜拾玖万…`) is no amount in words: comparing a part of it would call right figures wrong.
 */
function amountWords(text: string): string | null {
  const runs = [...text.matchAll(new RegExp(WORDS.source, 'gu'))];
  const run = runs.at(-1);
  if (!run || !/[元圆圓]/u.test(run[0])) return null;
  const before = text[(run.index ?? 0) - 1];
  const after = text[(run.index ?? 0) + run[0].length];
  const han = (ch: string | undefined) => ch !== undefined && /\p{Script=Han}/u.test(ch);
  return (han(before) && before !== '写') || han(after) ? null : run[0];
}

/** An amount in capital numerals (`壹拾捌万玖仟捌佰元整` = 189800); null when it does not parse as one. */
export function amountInWords(words: string): number | null {
  let total = 0;
  let section = 0; // below 万
  let digit: number | null = null;
  let fraction = 0;
  let any = false;
  for (const ch of words) {
    if (ch in WORD_DIGITS) {
      digit = WORD_DIGITS[ch]!;
      any = true;
    } else if (ch in WORD_UNITS) {
      section += (digit ?? 1) * WORD_UNITS[ch]!;
      digit = null;
    } else if (ch === '万' || ch === '萬' || ch === '亿' || ch === '億') {
      const scale = ch === '万' || ch === '萬' ? 10_000 : 100_000_000;
      total = (total + section + (digit ?? 0)) * scale;
      section = 0;
      digit = null;
    } else if (ch === '圆' || ch === '圓' || ch === '元') {
      total += section + (digit ?? 0);
      section = 0;
      digit = null;
    } else if (ch === '角' || ch === '分') {
      if (digit === null) return null;
      fraction += digit * (ch === '角' ? 0.1 : 0.01);
      digit = null;
    }
  }
  if (!any || digit !== null || section !== 0 || !/[元圆圓角分]/u.test(words)) return null;
  return Math.round((total + fraction) * 100) / 100;
}

/**
 * The price of an invoice: the last amount in figures (the total is written in words first), its
 * currency (¥ ￥ 元 人民币 CNY; $ USD 美元; absent: the caller's default), 万元 read as ten thousand
 * yuan. A figure that fails the format leaves the price empty with `format_failed`; the amount in
 * words, when it reads, must agree with the figures or the price is marked `words_differ`.
 */
export function readPrice(field: string, value: string, conf: readonly (number | null)[] | null): ReadValue<number> & { currency: string | null } {
  const read = normalized(value, conf);
  const text = read.text;
  const found = [...text.matchAll(FIGURES)].at(-1);
  const currency = readCurrency(text);
  if (!found) {
    const words = WORDS.exec(text)?.[0];
    return { value: null, currency, marks: words ? [failed(field, words, null)] : [] };
  }
  const at = found.index ?? 0;
  const token = found[0];
  // Digits just before the figures, set off by a space only (`1 89,800.00`): one amount OCR split, not two.
  const before = /[\d,.][\s]+$/.test(text.slice(0, at)) ? (/[\d,.\s]+$/.exec(text.slice(0, at))?.[0] ?? '') : '';
  const span = read.conf?.slice(at - before.length, at + token.length) ?? null;
  if (before !== '' || !FIGURES_FORMAT.test(token)) return { value: null, currency, marks: [failed(field, (before + token).trim(), span)] };
  const tenThousands = /^\s*万元/.test(text.slice(at + token.length));
  const figures = Number(token.replace(/[,\s]/g, '')) * (tenThousands ? 10_000 : 1);
  const marks = lowMark(field, token, span);
  const words = amountWords(text.slice(0, at));
  const inWords = words ? amountInWords(words) : null;
  if (words && inWords !== null && Math.abs(inWords - figures) > 0.005) marks.push({ field, kind: 'words_differ', as_read: `${words} / ${token}`, confidence: lowestConfidence(span) });
  return { value: Math.round(figures * 100) / 100, currency, marks };
}

/** The currency an amount is written in, by its sign or word. */
export function readCurrency(value: string): string | null {
  const direct = parseCurrency(value);
  if (direct) return direct;
  const m = /美元|人民币|欧元|卢布|USD|CNY|RMB|EUR|RUB|[¥$€元圆]/i.exec(value.normalize('NFKC'));
  return m ? parseCurrency(m[0] === '圆' ? '元' : m[0]) : null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function readDate(value: string): string | null {
  const text = value.normalize('NFKC');
  // 年月日 spaced wide (full-width digits): OCR reads `2 1 日` for 21日; closed up only before 月 and 日.
  const chinese = /(\d{4})\s*年\s*(\d(?:\s?\d)?)\s*月\s*(\d(?:\s?\d)?)\s*日/.exec(text);
  if (chinese) return parseDate(`${chinese[1]}-${chinese[2]!.replace(/\s/g, '')}-${chinese[3]!.replace(/\s/g, '')}`);
  const m = /\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8}/.exec(text);
  if (m) return parseDate(m[0].replace(/\s+/g, ''));
  // English forms: `5 March 2024`, `05-Mar-2024`, `March 5, 2024`.
  const dayFirst = /(\d{1,2})[\s-]+([A-Za-z]{3})[a-z]*\.?[\s-]+(\d{4})/.exec(text);
  const monthFirst = /([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(text);
  const [day, month, year] = dayFirst ? [dayFirst[1], dayFirst[2], dayFirst[3]] : monthFirst ? [monthFirst[2], monthFirst[1], monthFirst[3]] : [];
  const monthNo = MONTHS.indexOf((month ?? '').toLowerCase()) + 1;
  return monthNo > 0 ? parseDate(`${year}-${monthNo}-${day}`) : null;
}

/**
 * An invoice's date: kept when it reads as a date, marked when OCR was unsure of a character of it,
 * left empty with `format_failed` when the cell holds something that is no date.
 */
export function readInvoiceDate(value: string, conf: readonly (number | null)[] | null): ReadValue<string> {
  const read = normalized(value, conf);
  const date = readDate(read.text);
  if (date === null) return { value: null, marks: read.text.trim() === '' ? [] : [failed('invoice_date', read.text.trim(), read.conf)] };
  const digits = read.conf?.filter((_, i) => /[0-9]/.test(read.text[i] ?? '')) ?? null;
  return { value: date, marks: lowMark('invoice_date', read.text.trim(), digits) };
}

/** A tax rate field that says the sale is zero-rated for export: 0%, 零税率, 免税, 出口. */
export function zeroRated(value: string): boolean {
  return /^0(?:\.0+)?\s*%?$|零税率|免税|出口|zero[- ]?rated?|exempt/i.test(value.normalize('NFKC').trim());
}

/** The last amount in the value: invoices write the total in words first, then in figures. */
export function readAmount(value: string): number | null {
  const numbers = [...value.normalize('NFKC').matchAll(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g)];
  const last = numbers.at(-1);
  return last ? parseNumber(last[0]) : null;
}
