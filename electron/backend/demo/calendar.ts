/**
 * Dates inside the generator are day numbers (days since 1970-01-01, UTC): cheap to add and
 * compare. They become text only when a row is written, in the style of the file.
 */
const DAY_MS = 86_400_000;
/** Excel's serial of 1970-01-01 in the 1900 date system. */
const EXCEL_UNIX_EPOCH = 25_569;

export type DateStyle = 'iso' | 'slash' | 'compact' | 'zh' | 'serial';

const dayCache = new Map<string, number>();
const isoCache = new Map<number, string>();

export function dayOf(iso: string): number {
  let d = dayCache.get(iso);
  if (d === undefined) {
    d = Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
    if (!Number.isFinite(d)) throw new Error(`not an ISO date: ${iso}`);
    if (dayCache.size < 100_000) dayCache.set(iso, d);
  }
  return d;
}

export function isoOf(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoCache.size < 100_000) isoCache.set(day, iso);
  }
  return iso;
}

/** A date as written in a source file of the given style; Excel serials are numbers. */
const formatCache = new Map<string, string | number>();

export function formatDate(iso: string, style: DateStyle): string | number {
  const key = style + iso;
  let text = formatCache.get(key);
  if (text === undefined) {
    text = formatUncached(iso, style);
    if (formatCache.size < 100_000) formatCache.set(key, text);
  }
  return text;
}

function formatUncached(iso: string, style: DateStyle): string | number {
  const [y, m, d] = iso.split('-') as [string, string, string];
  switch (style) {
    case 'iso': return iso;
    case 'slash': return `${y}/${Number(m)}/${Number(d)}`;
    case 'compact': return `${y}${m}${d}`;
    case 'zh': return `${y}年${Number(m)}月${Number(d)}日`;
    case 'serial': return dayOf(iso) + EXCEL_UNIX_EPOCH;
    default: {
      const never: never = style;
      throw new Error(`unknown date style ${String(never)}`);
    }
  }
}
