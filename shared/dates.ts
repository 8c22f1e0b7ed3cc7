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
  m = /^(\d{1,5})(?:\.\d+)?$/.exec(text);
  if (m) return excelSerialToIso(Number(text));
  return null;
}

/** Whole days from a to b (ISO dates); positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

