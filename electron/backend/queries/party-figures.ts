import type { PartyTradeFigures } from '../../../shared/contract/party';
import type { PartyTrades, Trade } from './party-trades';

/** Distinct vehicles among the trades (those `keep` keeps). */
function distinct(trades: readonly Trade[], keep?: (t: Trade) => boolean): number {
  const vins = new Set<string>();
  for (const t of trades) if (!keep || keep(t)) vins.add(t.vin);
  return vins.size;
}

/**
 * Vehicles (distinct VINs, as `zeromile stats` counts them) and the invoices and declarations
 * behind them, the median days held, the vehicles the run flagged among all of them, and the
 * first and last dates: from the party's trades, the same rows its network is summed from.
 * `flagged` when the caller has them already (flaggedVins).
 */
export function tradeFigures(trades: PartyTrades, flagged: readonly string[] = flaggedVins(trades)): PartyTradeFigures {
  const { bought, sold, exported, received } = trades;
  let first: string | null = null;
  let last: string | null = null;
  for (const list of [bought, sold, exported, received]) {
    for (const t of list) {
      if (first === null || t.date < first) first = t.date;
      if (last === null || t.date > last) last = t.date;
    }
  }
  return {
    figures: {
      vehicles_bought: distinct(bought), invoices_bought: bought.length, vehicles_bought_new: distinct(bought, (t) => t.invoice_type === 'new'),
      vehicles_sold: distinct(sold), invoices_sold: sold.length,
      vehicles_exported: distinct(exported), declarations: exported.length,
      vehicles_received: distinct(received), declarations_received: received.length,
      median_days_held: median(heldDays(bought, exported)),
      flagged_vehicles: flagged.length,
    },
    period: { first, last },
  };
}

/** The vehicles the run flagged among all the party's trades, in VIN order (as SQL's ORDER BY vin: VINs are ASCII). */
export function flaggedVins({ bought, sold, exported, received }: PartyTrades): string[] {
  const vins = new Set<string>();
  for (const list of [bought, sold, exported, received]) for (const t of list) if (t.flagged) vins.add(t.vin);
  return [...vins].sort();
}

/** The earliest date of each vehicle among the trades. */
function firstDates(trades: readonly Trade[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const t of trades) {
    const known = first.get(t.vin);
    if (known === undefined || t.date < known) first.set(t.vin, t.date);
  }
  return first;
}

const DAY_MS = 86_400_000;

/** A record's date (YYYY-MM-DD, as imports store it) as UTC milliseconds, so that a span is whole days whatever the time zone. */
const dayTime = (date: string): number => Date.parse(`${date.slice(0, 10)}T00:00:00Z`);

/** Days from the party's first purchase of each vehicle to its own first export declaration of it, when on or after it. */
function heldDays(bought: readonly Trade[], exported: readonly Trade[]): number[] {
  const purchases = firstDates(bought);
  const days: number[] = [];
  for (const [vin, declared] of firstDates(exported)) {
    const purchase = purchases.get(vin);
    if (purchase === undefined || declared < purchase) continue;
    days.push(Math.trunc((dayTime(declared) - dayTime(purchase)) / DAY_MS));
  }
  return days;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
