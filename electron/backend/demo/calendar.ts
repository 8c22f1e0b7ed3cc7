/**
 * Dates inside the generator are day numbers (days since 1970-01-01, UTC): cheap to add and
 * compare. They become text only when a row is written, in the style of the file.
 */
const DAY_MS = 86_400_000;
/** Excel's serial of 1970-01-01 in the 1900 date system. */
const EXCEL_UNIX_EPOCH = 25_569;

export type DateStyle = 'iso' | 'slash' | 'compact' | 'zh' | 'serial';

const dayCache = new Map<string, number>();
/** ISO text by day number, 1900-01-01 to 2099-12-31 (day -25567 .. 47481), filled on first use. */
const ISO_FIRST_DAY = -25_567;
const isoByDay: (string | undefined)[] = new Array<string | undefined>(73_049);

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
  const slot = day - ISO_FIRST_DAY;
  let iso = isoByDay[slot];
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (slot >= 0 && slot < isoByDay.length) isoByDay[slot] = iso;
  }
  return iso;
}

/** A date as written in a source file of the given style; Excel serials are numbers. */
const formatCaches: Record<DateStyle, Map<string, string | number>> = {
  iso: new Map(), slash: new Map(), compact: new Map(), zh: new Map(), serial: new Map(),
};

export function formatDate(iso: string, style: DateStyle): string | number {
  const cache = formatCaches[style];
  let text = cache.get(iso);
  if (text === undefined) {
    text = formatUncached(iso, style);
    if (cache.size < 100_000) cache.set(iso, text);
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
