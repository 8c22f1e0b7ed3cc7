/**
 * Calendar dates as `YYYY-MM-DD` strings: the form stored in the case file, compared as text,
 * and turned into day numbers by SQLite's julianday().
 */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function isoFromParts(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Excel's day number (1900 date system, with its fictitious 1900-02-29 folded by the 1899-12-30 epoch). */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 120_000) return null;
  const date = new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return isoFromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * The first Excel day number read as a date: 1980-01-01. No record of a vehicle with a 17-character
 * VIN (ISO 3779, in use from 1981) is dated earlier, and the serials below it include Excel's
 * calendar quirk (day 60 is its 29 February 1900, which never was): such a serial is a number
 * mistaken for a date, and the row is rejected naming it rather than dated 1900.
 */
export const EARLIEST_SERIAL = 29_221;

/** A bare number of up to 5 digits with an optional fraction: what parseDate reads as an Excel day number. */
const SERIAL_TEXT = /^\d{1,5}(?:\.\d+)?$/;

/** The Excel day number a bare number of up to 5 digits (with an optional fraction) writes, or null. */
export function excelSerialOf(text: string): number | null {
  return SERIAL_TEXT.test(text) ? Math.floor(Number(text)) : null;
}

/**
 * Reads `2024-03-05`, `2024/3/5`, `2024.3.5`, `20240305`, `2024年3月5日`, an ISO timestamp,
 * or an Excel serial number (a bare number of up to 5 digits, with an optional fraction).
 * Returns null for anything that is not a real calendar date.
 */
export function parseDate(raw: string): string | null {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return null;
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  if (SERIAL_TEXT.test(text)) return excelSerialToIso(Number(text));
  return null;
}

const ZONED = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** China Standard Time, UTC+8 all year: the zone of the registrations, invoices and declarations a case holds. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * The day in China (UTC+8) of a date-time that names its time zone (`2025-12-31T16:30:00Z`,
 * `…T20:00:00-08:00`) when it differs from the day written, else null. parseDate reads the day as
 * written; a moment written in another zone can be the next (or the previous) day in China, across
 * a month, a year or a rule's start date, so the record is marked.
 */
export function chinaDayIfOtherZone(raw: string): string | null {
  const m = ZONED.exec(raw.normalize('NFKC').trim());
  if (!m) return null;
  const written = isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  if (written === null) return null;
  const zone = m[7]!;
  const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) - offsetMin * 60_000;
  const china = new Date(utc + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  return china === written ? null : china;
}

/**
 * Why a date with the year last (`27.06.2026`, `05/06/2026`, `06-27-2026`) is not read, and how to
 * write it: DOMAIN.md's forms are all year first, and a day-first date is never guessed into one.
 * Dotted dates are day first where they are written (Europe, Russia, Central Asia); with slashes or
 * dashes a day past 12 tells the order, else both readings are named. Null for anything else, or
 * where no reading is a calendar date (the row is then "not a date").
 */
export type YearLastDate =
  | { order: 'day_first' | 'month_first'; iso: string }
  | { order: 'either'; day_first: string; month_first: string }
  | { order: 'same'; iso: string };

export function yearLastDate(raw: string): YearLastDate | null {
  const m = /^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*([-/.])\s*(\d{4})$/.exec(raw.normalize('NFKC').trim());
  if (!m || m[2] !== m[4]) return null;
  const [first, second, year] = [Number(m[1]), Number(m[3]), Number(m[5])];
  const dayFirst = isoFromParts(year, second, first);
  const monthFirst = isoFromParts(year, first, second);
  if (m[2] === '.') return dayFirst ? { order: 'day_first', iso: dayFirst } : null;
  if (dayFirst && monthFirst) return dayFirst === monthFirst ? { order: 'same', iso: dayFirst } : { order: 'either', day_first: dayFirst, month_first: monthFirst };
  if (dayFirst) return { order: 'day_first', iso: dayFirst };
  return monthFirst ? { order: 'month_first', iso: monthFirst } : null;
}

/** Whole days from a to b (ISO dates); positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

