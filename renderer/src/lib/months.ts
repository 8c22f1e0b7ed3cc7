/** Months between two ISO days, for the period slider (index 0 = first month). */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  const endY = Number(last.slice(0, 4));
  const endM = Number(last.slice(5, 7));
  while ((y < endY || (y === endY && m <= endM)) && out.length < 600) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

/**
 * The period a link chart asks its network for: none (the whole period, which a busy party has
 * stored since the rule run) while the slider spans every month, even after it was moved and
 * brought back; else from the first day of its first month to the end of its last.
 */
export function sliderPeriod(months: readonly string[], range: readonly [number, number] | null): { from?: string; to?: string } {
  if (!range || months.length === 0) return {};
  const [lo, hi] = range;
  if (lo <= 0 && hi >= months.length - 1) return {};
  return { from: `${months[lo]}-01`, to: `${months[hi]}-31` };
}
