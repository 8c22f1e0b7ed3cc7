import type { RulePack } from '../../../shared/rule-packs';
import { brandKey } from '../rules/pack-clauses';
import { dayOf } from './calendar';
import type { VehicleHistory } from './records';

export const PACK_RULES_IN_TRUTH = ['destination_brand_restriction', 'destination_min_use'] as const;
export type PackTruthRule = (typeof PACK_RULES_IN_TRUTH)[number];

const within = (date: string, from: string | null, to: string | null): boolean => (from === null || date >= from) && (to === null || date <= to);

/**
 * DOMAIN.md's pack clauses over one vehicle's records, in plain memory (apart from the SQL
 * rules, so the two check each other): a declaration as used, to the pack's country, dated
 * inside the clause's period; the brand rule compares the vehicle's makes with the brand list,
 * the minimum-use rule counts days from the earliest initial registration on or before the
 * declaration (and compares the odometer with min_km where the clause sets it).
 */
export function evaluatePackRules(h: VehicleHistory, packs: readonly RulePack[]): PackTruthRule[] {
  const out = new Set<PackTruthRule>();
  const makes = new Set(h.vehicles.map((v) => v.make).filter((m): m is string => !!m).map(brandKey));
  const initial = h.registrations.filter((r) => r.event === 'initial').map((r) => r.registration_date);
  for (const e of h.exports) {
    if (e.condition !== 'used') continue;
    for (const pack of packs) {
      if (pack.id !== e.destination_country) continue;
      for (const clause of pack.clauses) {
        if (!within(e.declaration_date, clause.effective_from, clause.effective_to)) continue;
        if (clause.rule === 'destination_brand_restriction') {
          if (clause.params.brands.some((b) => makes.has(brandKey(b)))) out.add('destination_brand_restriction');
        } else if (clause.rule === 'destination_min_use') {
          const before = initial.filter((d) => d <= e.declaration_date).sort();
          const days = before.length > 0 ? dayOf(e.declaration_date) - dayOf(before[0]!) : null;
          const { min_days: minDays, min_km: minKm } = clause.params;
          if ((minDays !== null && days !== null && days < minDays) || (minKm !== null && e.odometer_km !== null && e.odometer_km < minKm)) {
            out.add('destination_min_use');
          }
        }
      }
    }
  }
  return PACK_RULES_IN_TRUTH.filter((r) => out.has(r));
}
