import { dayOf } from './calendar';
import type { VehicleHistory } from './records';
import { TRUTH_PARAMS, partyKey } from './truth';

/**
 * The party-level rule trade_intermediary: a party that bought >= 10 vehicles new and, within
 * 180 days of buying, exported >= 50% of them or sold them to an exporter. Counted while the
 * vehicles stream past, so only per-party counters are kept.
 *
 * "An exporter" is read as a party on any export declaration; that set is only known at the end,
 * so sales to candidate exporters are counted per buyer and resolved in finish(). The other
 * reading (the buyer exported this very vehicle) is counted too; a party on which the two
 * readings disagree is reported as ambiguous.
 */
export type PartyFinding = {
  party: string;
  party_id: string | null;
  name: string;
  bought_new: number;
  exported_or_sold_to_exporter: number;
};

export type PartyVerdict = { flagged: PartyFinding[]; ambiguous: string[] };

export class PartyTally {
  private readonly index = new Map<string, number>();
  private names: string[] = [];
  private ids: (string | null)[] = [];
  private bought: Int32Array = new Int32Array(1024);
  private exported: Int32Array = new Int32Array(1024);
  private soldToThisExporter: Int32Array = new Int32Array(1024);
  /** party -> (buyers sold to, joined) -> vehicles; only for vehicles the party did not export itself. */
  private readonly candidates = new Map<number, Map<string, number>>();
  private readonly exportersSeen = new Set<string>();

  /** `exporterCandidates`: every party that may appear as an exporter (checked in finish()). */
  constructor(private readonly exporterCandidates: ReadonlySet<string>) {}

  private slot(key: string, name: string, id: string | null): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.names.length;
      this.index.set(key, i);
      this.names.push(name);
      this.ids.push(id);
      if (i >= this.bought.length) {
        const grow = (a: Int32Array): Int32Array => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
        this.bought = grow(this.bought);
        this.exported = grow(this.exported);
        this.soldToThisExporter = grow(this.soldToThisExporter);
      }
    }
    return i;
  }

  add(h: VehicleHistory): void {
    const exporterKeys = new Set(h.exports.map((e) => partyKey(e.exporter, e.exporter_id)));
    for (const key of exporterKeys) this.exportersSeen.add(key);
    const firstNewPurchase = new Map<string, { day: number; name: string; id: string | null }>();
    for (const s of h.sales) {
      if (s.invoice_type !== 'new') continue;
      const key = partyKey(s.buyer, s.buyer_id);
      const day = dayOf(s.invoice_date);
      const seen = firstNewPurchase.get(key);
      if (!seen || day < seen.day) firstNewPurchase.set(key, { day, name: s.buyer, id: s.buyer_id });
    }
    const maxDays = TRUTH_PARAMS.intermediary_max_days;
    for (const [key, purchase] of firstNewPurchase) {
      const i = this.slot(key, purchase.name, purchase.id);
      this.bought[i]! += 1;
      const inWindow = (iso: string): boolean => {
        const d = dayOf(iso) - purchase.day;
        return d >= 0 && d <= maxDays;
      };
      if (h.exports.some((e) => partyKey(e.exporter, e.exporter_id) === key && inWindow(e.declaration_date))) {
        this.exported[i]! += 1;
        continue;
      }
      const buyers = new Set<string>();
      let toThisExporter = false;
      for (const s of h.sales) {
        if (partyKey(s.seller, s.seller_id) !== key || !inWindow(s.invoice_date)) continue;
        const buyer = partyKey(s.buyer, s.buyer_id);
        if (exporterKeys.has(buyer)) toThisExporter = true;
        if (this.exporterCandidates.has(buyer)) buyers.add(buyer);
      }
      if (toThisExporter) this.soldToThisExporter[i]! += 1;
      if (buyers.size > 0) {
        const joined = [...buyers].sort().join('|');
        let map = this.candidates.get(i);
        if (!map) this.candidates.set(i, (map = new Map()));
        map.set(joined, (map.get(joined) ?? 0) + 1);
      }
    }
  }

  finish(): PartyVerdict {
    for (const key of this.exportersSeen) {
      if (!this.exporterCandidates.has(key)) throw new Error(`exporter ${key} was not among the declared exporter candidates`);
    }
    const flagged: PartyFinding[] = [];
    const ambiguous: string[] = [];
    const { intermediary_min_vehicles: minVehicles, intermediary_min_share: minShare } = TRUTH_PARAMS;
    for (const [key, i] of this.index) {
      const bought = this.bought[i]!;
      if (bought < minVehicles) continue;
      let soldToExporter = 0;
      for (const [joined, n] of this.candidates.get(i) ?? []) {
        if (joined.split('|').some((b) => this.exportersSeen.has(b))) soldToExporter += n;
      }
      const qualifying = this.exported[i]! + soldToExporter;
      const flag = qualifying >= minShare * bought;
      const otherReading = this.exported[i]! + this.soldToThisExporter[i]! >= minShare * bought;
      if (flag !== otherReading) ambiguous.push(key);
      if (flag) {
        flagged.push({ party: key, party_id: this.ids[i] ?? null, name: this.names[i]!, bought_new: bought, exported_or_sold_to_exporter: qualifying });
      }
    }
    flagged.sort((a, b) => (a.party < b.party ? -1 : a.party > b.party ? 1 : 0));
    return { flagged, ambiguous: ambiguous.sort() };
  }
}
